/** `memberships`: one document per member of an organization, with their role (models.ts). */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { MemberAdded, MemberRoleChanged } from '../../write/atlas/events.js';
import { eventReader } from '../event-reader.js';
import { ATLAS_COLLECTIONS, membershipId, type MembershipDoc } from './models.js';
import { change, upsert } from './writes-by-id.js';

const memberships = ATLAS_COLLECTIONS.memberships;
const read = eventReader(MemberAdded, MemberRoleChanged);

export function projectMemberships(stored: StoredEvent): WriteOp[] {
  const event = read(stored);
  switch (event?.type) {
    case 'atlas.MemberAdded': {
      const { organization_id, user_id, username, role, added_at } = event.data;
      const fields: Omit<MembershipDoc, '_id'> = { organization_id, user_id, username, role, joined_at: added_at };
      return [upsert(memberships, membershipId(organization_id, user_id), { $set: fields })];
    }
    case 'atlas.MemberRoleChanged': {
      const { organization_id, user_id, role } = event.data;
      return [change(memberships, membershipId(organization_id, user_id), { $set: { role } })];
    }
    default:
      return [];
  }
}

export const membershipsProjection: Projection = {
  name: 'atlas_memberships',
  version: 1,
  collections: {
    [memberships]: {
      indexes: [
        // "my organizations"
        { keys: { user_id: 1 } },
        // an organization's members, its managers
        { keys: { organization_id: 1, role: 1 } },
      ],
    },
  },
  project: projectMemberships,
};
