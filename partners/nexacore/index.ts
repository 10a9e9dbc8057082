/** NexaCore as the system runs it: register `nexacoreService` in system/partners.ts. */
import type { PartnerService } from '../../system/partners.js';
import { createNexacoreService } from './service.js';

export const nexacoreService: PartnerService = {
  name: 'nexacore',
  title: 'NexaCore',
  port: (config) => config.NEXACORE_PORT,
  create: createNexacoreService,
};

export { createNexacoreService };
