/** What the NexaCore routes need, built once from the partner deps. */
import type { KitContext } from '../../http/index.js';
import type { Actor, NexacoreDeps } from '../../write/nexacore/commands/index.js';
import type { ServiceDeps } from '../service.js';

export interface NexacoreApi {
  deps: ServiceDeps;
  /** The write side's view of the same deps. */
  commands: NexacoreDeps;
}

export function nexacoreApi(deps: ServiceDeps): NexacoreApi {
  return { deps, commands: { store: deps.events, clock: deps.clock, cache: deps.cache } };
}

/** The signed-in caller, with the request id as correlation id of anything it appends. */
export function actorOf(ctx: KitContext, user: { user_id: number }): Actor {
  return { user_id: user.user_id, correlation_id: ctx.state.requestId };
}
