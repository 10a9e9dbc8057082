/**
 * `organizations`, with `member_count`. Members are never removed (there is no such event), so the
 * count is one `$inc` per `MemberAdded`; `$setOnInsert` on creation keeps it whatever the order.
 */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { MemberAdded, OrganizationCreated, OrganizationRenamed } from '../../write/atlas/events.js';
import { eventReader } from '../event-reader.js';
import { ATLAS_COLLECTIONS, type OrganizationDoc } from './models.js';
import { change, upsert } from './writes-by-id.js';

const organizations = ATLAS_COLLECTIONS.organizations;
const read = eventReader(OrganizationCreated, OrganizationRenamed, MemberAdded);

export function projectOrganizations(stored: StoredEvent): WriteOp[] {
  const event = read(stored);
  switch (event?.type) {
    case 'atlas.OrganizationCreated': {
      const { organization_id, name, owner_id, personal, timezone, created_at } = event.data;
      const fields: Omit<OrganizationDoc, '_id' | 'member_count'> = {
        id: organization_id,
        name,
        owner_id,
        personal,
        // The catalogue defaults it, but events may predate the field.
        timezone: timezone ?? 'UTC',
        created_at,
      };
      return [upsert(organizations, organization_id, { $set: fields, $setOnInsert: { member_count: 0 } })];
    }
    case 'atlas.OrganizationRenamed':
      return [change(organizations, event.data.organization_id, { $set: { name: event.data.name } })];
    case 'atlas.MemberAdded':
      return [upsert(organizations, event.data.organization_id, { $inc: { member_count: 1 } })];
    default:
      return [];
  }
}

export const organizationsProjection: Projection = {
  name: 'atlas_organizations',
  version: 1,
  collections: { [organizations]: { indexes: [] } },
  project: projectOrganizations,
};
