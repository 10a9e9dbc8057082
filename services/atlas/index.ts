/** Atlas (:8000) as the system runs it: listed in `system/services.ts` like the three partners. */
import type { ServiceModule } from '../service.js';
import { createAtlasService } from './service.js';

export const atlasService: ServiceModule = {
  name: 'atlas',
  title: 'Atlas',
  create: createAtlasService,
};
