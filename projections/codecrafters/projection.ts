/**
 * The Code Crafters projection: every Code Crafters read model from one pass over the log (one
 * reader instead of several matters at 30,000 activity events per second). Reads the activity
 * and profile events, Atlas registrations (a profile per user) and membership changes (they change
 * a team's `members[]`, so they move the organization's version stamp).
 *
 * Events are read as every Code Crafters projection reads them (`read.ts`): checked against the
 * catalogue, their values trusted, `ActivityRecorded` version 1 upcast.
 */
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { readEvent as read } from './read.js';
import type { Projection } from '../projection.js';
import { ActivityRollups, activityWrites } from './activity-rollups.js';
import { CODECRAFTERS_COLLECTIONS, orgVersionId } from './models.js';
import { profileCreated, profileUpdated } from './profiles.js';

const orgVersion = (organizationId: string, position: number): WriteOp => ({
  kind: 'update',
  collection: CODECRAFTERS_COLLECTIONS.versions,
  filter: { _id: orgVersionId(organizationId) },
  update: { $max: { position } },
  upsert: true,
});

function project(stored: StoredEvent): readonly WriteOp[] {
  const event = read(stored);
  switch (event?.type) {
    case 'codecrafters.ActivityRecorded':
      return activityWrites(event.data, stored.position);
    case 'codecrafters.ProductivityProfileUpdated':
      return profileUpdated(event.data);
    case 'atlas.UserRegistered':
      return profileCreated(event.data.user_id, event.data.registered_at);
    case 'atlas.MemberAdded':
    case 'atlas.MemberRoleChanged':
      return [orgVersion(event.data.organization_id, stored.position)];
    default:
      return [];
  }
}

/**
 * A run of events at once: the activity minutes summed into one write per rollup document, after
 * the writes of the other events. The order changes nothing: those write profiles, and version
 * stamps with `$max`, which commutes with the minutes' `$max`.
 */
function projectBatch(events: readonly StoredEvent[]): WriteOp[] {
  const rollups = new ActivityRollups();
  const out: WriteOp[] = [];
  for (const stored of events) {
    const event = read(stored);
    if (event === null) continue;
    if (event.type === 'codecrafters.ActivityRecorded') rollups.add(event.data, stored.position);
    else for (const op of project(stored)) out.push(op);
  }
  for (const op of rollups.writes()) out.push(op);
  return out;
}

export const codecraftersProjection: Projection = {
  name: 'codecrafters',
  // v2: profile ids are RFC 9562 v5 UUIDs (`uuid`), no longer the hand-rolled hash
  version: 2,
  collections: {
    [CODECRAFTERS_COLLECTIONS.profiles]: { indexes: [] },
    [CODECRAFTERS_COLLECTIONS.userDaily]: { indexes: [{ keys: { user_id: 1, date: 1 } }] },
    [CODECRAFTERS_COLLECTIONS.userHourly]: { indexes: [{ keys: { user_id: 1, date: 1 } }] },
    [CODECRAFTERS_COLLECTIONS.orgDaily]: { indexes: [{ keys: { organization_id: 1, date: 1 } }] },
    // `user_id` lets SQLite narrow a member's days within an organization's `_id` range.
    [CODECRAFTERS_COLLECTIONS.orgMemberDaily]: {
      indexes: [{ keys: { user_id: 1, date: 1 } }, { keys: { organization_id: 1, date: 1 } }],
    },
    [CODECRAFTERS_COLLECTIONS.taskTime]: {
      indexes: [{ keys: { task_id: 1 } }, { keys: { user_id: 1 } }, { keys: { organization_id: 1 } }],
    },
    [CODECRAFTERS_COLLECTIONS.sessions]: { indexes: [{ keys: { user_id: 1, date: 1 } }] },
    [CODECRAFTERS_COLLECTIONS.versions]: { indexes: [] },
  },
  project,
  projectBatch,
};
