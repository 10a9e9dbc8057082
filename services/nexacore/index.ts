/** NexaCore (:8001) as the system runs it: listed in `system/services.ts`. */
import type { ServiceModule } from '../service.js';
import { createNexacoreService } from './service.js';

export const nexacoreService: ServiceModule = {
  name: 'nexacore',
  title: 'NexaCore',
  create: createNexacoreService,
};
