/**
 * The `codecrafters_sessions` projection: which minutes of a day had activity, from which the API
 * cuts the contiguous active spans of a user's timeline (`GET /api/v1/activity/sessions/users/:id`,
 * docs/codecrafters.md). Two read models, cut like the user's productivity answer:
 *
 * - `user_active_minutes`, `_id` = `<user_id>:<date>`: every active minute of the user's day, in
 *   the user's zone (`user_date`), whatever organization it is attributed to;
 * - `org_member_active_minutes`, `_id` = `<organization_id>:<date>:<user_id>`: the active minutes
 *   of a member's day attributed to that organization, in its zone (`org_date`).
 *
 * A minute is active when it has at least one active second; it is kept as its start in whole
 * minutes since the epoch, in a set (`$addToSet`), so a minute reported twice (two devices, a
 * resent record with a new id) counts once, and writes commute: any batch split gives the same
 * documents. `projectBatch` sums a run into one write per document.
 *
 * Its own projection, beside `codecrafters`: it can be rebuilt alone (a version bump), and the
 * rollups stay as they are. (`activity_sessions`, one span per device and day across every
 * organization, cannot tell a gap nor keep one organization's minutes apart.)
 */
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import type { ActivityData } from '../../write/codecrafters/events.js';
import type { Projection } from '../projection.js';
import { LastSlots } from './last-slots.js';
import { readEvent } from './read.js';
import { orgMemberDayId, SESSION_COLLECTIONS, userDayId, type ActiveMinutesDoc } from './models.js';

/** One document's write in the making. */
interface Pending {
  collection: string;
  _id: string;
  inserted: Omit<ActiveMinutesDoc, '_id' | 'minutes'>;
  minutes: number[];
}

/** The documents a user's last minute went to (`LastSlots`). */
interface Slot {
  own: Pending;
  member: Pending;
}

class ActiveMinutes {
  private readonly pending = new Map<string, Pending>();
  private readonly slots = new LastSlots<Slot>((data) => this.openSlot(data));

  add(data: ActivityData): void {
    if (data.active_seconds <= 0) return;
    const minute = Date.parse(data.minute_start) / 60_000;
    const slot = this.slots.of(data);
    slot.own.minutes.push(minute);
    slot.member.minutes.push(minute);
  }

  writes(): WriteOp[] {
    return [...this.pending.values()].map(({ collection, _id, inserted, minutes }) => ({
      kind: 'update',
      collection,
      filter: { _id },
      update: { $setOnInsert: inserted, $addToSet: { minutes: { $each: minutes } } },
      upsert: true,
    }));
  }

  private openSlot({ user_id, user_date, organization_id, org_date }: ActivityData): Slot {
    return {
      own: this.document(SESSION_COLLECTIONS.userMinutes, userDayId(user_id, user_date), { user_id, date: user_date }),
      member: this.document(SESSION_COLLECTIONS.memberMinutes, orgMemberDayId(organization_id, org_date, user_id), {
        organization_id,
        user_id,
        date: org_date,
      }),
    };
  }

  private document(collection: string, _id: string, inserted: Pending['inserted']): Pending {
    const key = `${collection}/${_id}`;
    let pending = this.pending.get(key);
    if (!pending) this.pending.set(key, (pending = { collection, _id, inserted, minutes: [] }));
    return pending;
  }
}

function writesOf(events: Iterable<StoredEvent>): WriteOp[] {
  const minutes = new ActiveMinutes();
  for (const stored of events) {
    const event = readEvent(stored);
    if (event?.type === 'codecrafters.ActivityRecorded') minutes.add(event.data);
  }
  return minutes.writes();
}

export const sessionsProjection: Projection = {
  name: 'codecrafters_sessions',
  version: 1,
  collections: {
    [SESSION_COLLECTIONS.userMinutes]: { indexes: [] },
    [SESSION_COLLECTIONS.memberMinutes]: { indexes: [{ keys: { user_id: 1, date: 1 } }] },
  },
  project: (stored) => writesOf([stored]),
  projectBatch: writesOf,
};
