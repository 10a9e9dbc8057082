/** The four HTTP services the system runs, each on its own port (`ports` in config.ts). */
import { atlasService } from '../services/atlas/index.js';
import { codecraftersService } from '../services/codecrafters/index.js';
import { nexacoreService } from '../services/nexacore/index.js';
import { scoresquadService } from '../services/scoresquad/index.js';
import type { ServiceModule, ServiceName } from '../services/service.js';
import type { Config } from './config.js';

export const httpServices: readonly ServiceModule[] = [
  atlasService,
  nexacoreService,
  codecraftersService,
  scoresquadService,
];

export function portOf(config: Config, name: ServiceName): number {
  switch (name) {
    case 'atlas':
      return config.ATLAS_PORT;
    case 'nexacore':
      return config.NEXACORE_PORT;
    case 'codecrafters':
      return config.CODECRAFTERS_PORT;
    case 'scoresquad':
      return config.SCORESQUAD_PORT;
  }
}
