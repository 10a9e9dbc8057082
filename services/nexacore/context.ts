/** What the NexaCore routes need, built once from the partner deps. */
import type { WriteDeps } from '../../write/command.js';
import { writeDepsOf, type ServiceDeps } from '../service.js';

export interface NexacoreApi {
  deps: ServiceDeps;
  /** The write side's view of the same deps. */
  commands: WriteDeps;
}

export function nexacoreApi(deps: ServiceDeps): NexacoreApi {
  return { deps, commands: writeDepsOf(deps) };
}
