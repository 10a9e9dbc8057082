/**
 * `researcher_profiles`: a researcher for every Atlas user, made when the user registers or joins
 * an organization (registration does both), or on demand (`ResearcherProfileCreated`). Every
 * source writes the same facts with `$setOnInsert` into the document keyed by the user id, so
 * there is exactly one profile whatever the order; the researcher's own statements change it.
 */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { researcherProfileId } from '../../write/nexacore/ids.js';
import { MemberAdded, UserRegistered } from '../../write/atlas/events.js';
import { ResearcherProfileCreated, ResearcherProfileUpdated } from '../../write/nexacore/events.js';
import { eventReader } from '../event-reader.js';
import { NEXACORE_COLLECTIONS, researcherDocId, type ResearcherProfileDoc } from './models.js';

const researchers = NEXACORE_COLLECTIONS.researcherProfiles;
const read = eventReader(UserRegistered, MemberAdded, ResearcherProfileCreated, ResearcherProfileUpdated);

function created(user_id: number, username: string, created_at: string): WriteOp {
  const fields: Omit<ResearcherProfileDoc, '_id'> = {
    id: researcherProfileId(user_id),
    user_id,
    username,
    expertise_domains: [],
    years_experience: null,
    created_at,
    updated_at: null,
  };
  return {
    kind: 'update',
    collection: researchers,
    filter: { _id: researcherDocId(user_id) },
    update: { $setOnInsert: fields },
    upsert: true,
  };
}

export function projectResearchers(stored: StoredEvent): WriteOp[] {
  const event = read(stored);
  switch (event?.type) {
    case 'atlas.UserRegistered':
      return [created(event.data.user_id, event.data.username, event.data.registered_at)];
    case 'atlas.MemberAdded':
      return [created(event.data.user_id, event.data.username, event.data.added_at)];
    case 'nexacore.ResearcherProfileCreated':
      return [created(event.data.user_id, event.data.username, event.data.created_at)];
    case 'nexacore.ResearcherProfileUpdated': {
      const { user_id, expertise_domains, years_experience, updated_at } = event.data;
      const set: Partial<ResearcherProfileDoc> = { expertise_domains, years_experience, updated_at };
      return [
        { kind: 'update', collection: researchers, filter: { _id: researcherDocId(user_id) }, update: { $set: set } },
      ];
    }
    default:
      return [];
  }
}

export const researchersProjection: Projection = {
  name: 'nexacore_researchers',
  version: 1,
  collections: { [researchers]: { indexes: [{ keys: { id: 1 }, unique: true }] } },
  project: projectResearchers,
};
