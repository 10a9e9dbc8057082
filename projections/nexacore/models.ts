/**
 * NexaCore's read models (logical collection names and document shapes), keyed by Atlas ids:
 * the contract between the projections in this folder and the NexaCore API (services/nexacore).
 */
import type { ResearcherProfile } from '../../write/nexacore/researcher.js';

/** `lab_profiles`: `_id` = organization id; one per Atlas organization. */
export type LabProfileDoc = {
  _id: string;
  /** Name-based UUID of the organization id (write/nexacore/ids.ts): the same on every replay. */
  id: string;
  organization_id: string;
  lab_name: string;
  domain: string | null;
  /** True once the lab was renamed in NexaCore; until then `lab_name` follows the organization. */
  custom_name: boolean;
  organization_name: string;
  personal: boolean;
  timezone: string;
  created_at: string;
  updated_at: string | null;
};

/** `researcher_profiles`: `_id` = String(user id); one per Atlas user. */
export type ResearcherProfileDoc = ResearcherProfile & { _id: string };

export const NEXACORE_COLLECTIONS = {
  labProfiles: 'lab_profiles',
  researcherProfiles: 'researcher_profiles',
} as const;

export const researcherDocId = (userId: number): string => String(userId);
