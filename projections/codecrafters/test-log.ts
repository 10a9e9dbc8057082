/**
 * Tests only: a log of the events the Code Crafters projections read, as the event store holds it
 * (one stream, positions from 1, all on 2026-03-08), for the property tests that build random logs.
 */
import { newEvent, storedEvent } from '../../stores/events/conformance-fixtures.js';
import type { StoredEvent } from '../../stores/events/port.js';

/** The event at `position`, at the version written today (activity records 2, the rest 1) unless told. */
export const logged = (
  type: string,
  data: unknown,
  position: number,
  schema_version = type === 'codecrafters.ActivityRecorded' ? 2 : 1,
): StoredEvent =>
  storedEvent(newEvent(type, data, { user_id: 1, occurred_at: '2026-03-08T00:00:00.000Z', schema_version }), {
    revision: position - 1,
    position,
  });

/** User `user_id` (`u<id>`) joins `organization_id` as a member, at `position`. */
export const memberJoined = (organization_id: string, user_id: number, position: number): StoredEvent =>
  logged(
    'atlas.MemberAdded',
    {
      organization_id,
      user_id,
      username: `u${user_id}`,
      role: 'member',
      added_by: 7,
      added_at: '2026-03-08T00:00:00.000Z',
    },
    position,
  );
