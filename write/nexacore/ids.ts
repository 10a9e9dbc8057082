/**
 * NexaCore's ids are derived, never drawn: a replay of the log gives every profile the same id,
 * and a profile created on demand twice (a retry, two racing requests) carries one event id, which
 * the event store keeps only once. Name-based UUIDs, version 5 (RFC 9562 §5.5: SHA-1 of a
 * namespace UUID followed by the name).
 */
import { createHash } from 'node:crypto';

/** NexaCore's namespace; fixed forever, since every stored id depends on it. */
export const NEXACORE_NAMESPACE = '5b0c7a3e-2f4d-4c8e-9a61-3d7f0e2b8c15';

export function nameUuid(namespace: string, name: string): string {
  const space = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  if (space.length !== 16) throw new TypeError(`not a UUID: ${namespace}`);
  const bytes = createHash('sha1').update(space).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `lab_profiles.id` of the lab of an organization. */
export const labProfileId = (organizationId: string): string => nameUuid(NEXACORE_NAMESPACE, `lab:${organizationId.toLowerCase()}`);

/** `researcher_profiles.id` of a user. */
export const researcherProfileId = (userId: number): string => nameUuid(NEXACORE_NAMESPACE, `researcher:${userId}`);

/** The id of the one `LabProfileCreated` event an organization's lab can ever have. */
export const labCreationEventId = (organizationId: string): string =>
  nameUuid(NEXACORE_NAMESPACE, `event:lab-created:${organizationId.toLowerCase()}`);

/** The id of the one `ResearcherProfileCreated` event a user can ever have. */
export const researcherCreationEventId = (userId: number): string =>
  nameUuid(NEXACORE_NAMESPACE, `event:researcher-created:${userId}`);
