/** The Code Crafters partner service: register `codecraftersService` in `system/partners.ts`. */
import type { PartnerService } from '../../system/partners.js';
import { createCodecraftersApp } from './service.js';

export { createCodecraftersApp } from './service.js';

export const codecraftersService: PartnerService = {
  name: 'codecrafters',
  title: 'Code Crafters',
  port: (config) => config.CODECRAFTERS_PORT,
  create: createCodecraftersApp,
};
