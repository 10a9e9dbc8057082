/**
 * NexaCore's ids are derived, never drawn: a replay of the log gives every profile the same id,
 * and a profile created on demand twice (a retry, two racing requests) carries one event id, which
 * the event store keeps only once. Name-based UUIDs, version 5 (RFC 9562 §5.5: SHA-1 of a
 * namespace UUID followed by the name), from the `uuid` package.
 */
import { v5 as uuidv5 } from 'uuid';

/** NexaCore's namespace; fixed forever, since every stored id depends on it. */
export const NEXACORE_NAMESPACE = '5b0c7a3e-2f4d-4c8e-9a61-3d7f0e2b8c15';

export function nameUuid(namespace: string, name: string): string {
  return uuidv5(name, namespace);
}

/** `lab_profiles.id` of the lab of an organization. */
export const labProfileId = (organizationId: string): string =>
  nameUuid(NEXACORE_NAMESPACE, `lab:${organizationId.toLowerCase()}`);

/** `researcher_profiles.id` of a user. */
export const researcherProfileId = (userId: number): string => nameUuid(NEXACORE_NAMESPACE, `researcher:${userId}`);

/** The id of the one `LabProfileCreated` event an organization's lab can ever have. */
export const labCreationEventId = (organizationId: string): string =>
  nameUuid(NEXACORE_NAMESPACE, `event:lab-created:${organizationId.toLowerCase()}`);

/** The id of the one `ResearcherProfileCreated` event a user can ever have. */
export const researcherCreationEventId = (userId: number): string =>
  nameUuid(NEXACORE_NAMESPACE, `event:researcher-created:${userId}`);
