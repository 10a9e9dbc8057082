import { describe, expect, it } from 'vitest';
import { newEvent, storedEvent } from '../stores/events/conformance-fixtures.js';
import type { StoredEvent } from '../stores/events/port.js';
import { MemberAdded, TaskCompleted } from '../write/atlas/events.js';
import { eventReader } from './event-reader.js';

/** Where it stands is what the errors name: `atlas-organization-x@3`. */
const stored = (type: string, data: unknown, schema_version = 1): StoredEvent =>
  storedEvent(newEvent(type, data, { schema_version }), { stream: 'atlas-organization-x', revision: 3 });

const added = {
  organization_id: '00000000-0000-4000-8000-0000000000a1',
  user_id: 2,
  username: 'bob',
  role: 'member',
  added_by: 1,
  added_at: '2026-03-01T09:00:00.000Z',
};

describe('eventReader', () => {
  const read = eventReader(MemberAdded, TaskCompleted);

  it('gives the events it reads, typed, and null for every other one, unchecked', () => {
    expect(read(stored('atlas.MemberAdded', added))).toMatchObject({ type: 'atlas.MemberAdded', data: added });
    expect(read(stored('atlas.TaskCreated', { anything: true }))).toBeNull();
    expect(read(stored('atlas.MemberAdded-ish', {}, 7))).toBeNull();
  });

  it('throws, naming the event, for one it reads that the catalogue does not vouch for', () => {
    expect(() => read(stored('atlas.TaskCompleted', { task_id: 'nope' }))).toThrow(
      /invalid atlas.TaskCompleted event: atlas-organization-x@3: missing/,
    );
    expect(() => read(stored('atlas.MemberAdded', added, 2))).toThrow(/schema version 2/);
  });
});
