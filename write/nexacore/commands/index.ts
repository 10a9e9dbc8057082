/** The NexaCore application services, as the HTTP routes call them. */
export type { Actor, WriteDeps } from '../../command.js';
export { organizationInLog, userInLog, type OrganizationInLog } from './atlas-facts.js';
export { editLab, ensureLabProfile, EditLabInput } from './labs.js';
export {
  updateResearcher,
  ensureResearcherProfile,
  relationOf,
  UpdateResearcherInput,
  type SharesOrganization,
} from './researchers.js';
