/**
 * The Code Crafters projection: every Code Crafters read model from one pass over the log (one
 * reader instead of several matters at 30,000 activity events per second). Reads the activity
 * and profile events, Atlas registrations (a profile per user) and membership changes (they change
 * a team's `members[]`, so they move the organization's version stamp).
 *
 * Event data is trusted, not parsed again: the write side built it from validated input and the
 * tests check it against the catalogue; only the schema version is checked, so that an event of a
 * version nobody reads stops the projection (poison) instead of being misread. `ActivityRecorded`
 * version 1 (before the minute was capped) is read as version 2 counting the record in full, as
 * it was counted then (`upcastActivityV1`): an old log rebuilds to the read models it had.
 */
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { ActivityRecorded, ActivityRecordedV1, codecraftersEvents, upcastActivityV1, type ActivityDataV1, type CodecraftersEvent } from '../../write/codecrafters/events.js';
import { atlasEventOf } from '../atlas/atlas-event.js';
import type { Projection } from '../projection.js';
import { ActivityRollups, activityWrites } from './activity-rollups.js';
import { CODECRAFTERS_COLLECTIONS as C, orgVersionId } from './models.js';
import { profileCreated, profileUpdated } from './profiles.js';

const versions: ReadonlyMap<string, number> = new Map(codecraftersEvents.map((definition) => [definition.type, definition.version]));

function codecraftersEventOf(event: StoredEvent): CodecraftersEvent | null {
  const version = versions.get(event.type);
  if (version === undefined) return null;
  if (event.metadata.schema_version !== version) {
    if (event.type === ActivityRecorded.type && event.metadata.schema_version === ActivityRecordedV1.version) {
      return { type: ActivityRecorded.type, data: upcastActivityV1(event.data as ActivityDataV1) };
    }
    throw new Error(`${event.type} at ${event.stream}@${event.revision} has schema version ${event.metadata.schema_version}; this projection reads version ${version}`);
  }
  return event as unknown as CodecraftersEvent;
}

const orgVersion = (organizationId: string, position: number): WriteOp => ({
  kind: 'update',
  collection: C.versions,
  filter: { _id: orgVersionId(organizationId) },
  update: { $max: { position } },
  upsert: true,
});

function project(event: StoredEvent): readonly WriteOp[] {
  const own = codecraftersEventOf(event);
  if (own) {
    switch (own.type) {
      case 'codecrafters.ActivityRecorded':
        return activityWrites(own.data, event.position);
      case 'codecrafters.ProductivityProfileUpdated':
        return profileUpdated(own.data);
    }
  }
  const atlas = atlasEventOf(event);
  switch (atlas?.type) {
    case 'atlas.UserRegistered':
      return profileCreated(atlas.data.user_id, atlas.data.registered_at);
    case 'atlas.MemberAdded':
    case 'atlas.MemberRoleChanged':
      return [orgVersion(atlas.data.organization_id, event.position)];
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
  for (const event of events) {
    const own = codecraftersEventOf(event);
    if (own?.type === 'codecrafters.ActivityRecorded') rollups.add(own.data, event.position);
    else for (const op of project(event)) out.push(op);
  }
  for (const op of rollups.writes()) out.push(op);
  return out;
}

export const codecraftersProjection: Projection = {
  name: 'codecrafters',
  version: 1,
  collections: {
    [C.profiles]: { indexes: [] },
    [C.userDaily]: { indexes: [{ keys: { user_id: 1, date: 1 } }] },
    [C.userHourly]: { indexes: [{ keys: { user_id: 1, date: 1 } }] },
    [C.orgDaily]: { indexes: [{ keys: { organization_id: 1, date: 1 } }] },
    // `user_id` lets SQLite narrow a member's days within an organization's `_id` range.
    [C.orgMemberDaily]: { indexes: [{ keys: { user_id: 1, date: 1 } }, { keys: { organization_id: 1, date: 1 } }] },
    [C.taskTime]: { indexes: [{ keys: { task_id: 1 } }, { keys: { user_id: 1 } }, { keys: { organization_id: 1 } }] },
    [C.sessions]: { indexes: [{ keys: { user_id: 1, date: 1 } }] },
    [C.versions]: { indexes: [] },
  },
  project,
  projectBatch,
};
