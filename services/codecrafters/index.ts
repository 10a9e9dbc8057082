/** Code Crafters (:8002) as the system runs it: listed in `system/services.ts`. */
import type { ServiceModule } from '../service.js';
import { createCodecraftersService } from './service.js';

export const codecraftersService: ServiceModule = {
  name: 'codecrafters',
  title: 'Code Crafters',
  create: createCodecraftersService,
};
