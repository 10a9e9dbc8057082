import { describe, expect, it } from 'vitest';
import { newEvent, storedEvent } from '../stores/events/conformance-fixtures.js';
import type { StoredEvent } from '../stores/events/port.js';
import {
  InvalidEventError,
  UnknownEventTypeError,
  catalogue,
  checkEvent,
  parseEvent,
  parseEventData,
} from './catalogue.js';

/** Where it stands is what the errors name (`atlas-user-ids@4`) and the parsed event keeps. */
const stored = (type: string, data: unknown, schema_version = 1): StoredEvent =>
  storedEvent(newEvent(type, data, { schema_version }), { stream: 'atlas-user-ids', revision: 4, position: 9 });

describe('the catalogue', () => {
  it('declares each type once, prefixed by its context', () => {
    const types = catalogue.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(type).toMatch(/^(atlas|nexacore|codecrafters|scoresquad)\.[A-Z]\w+$/);
  });

  it('parses a stored event, keeping where it was stored', () => {
    const event = parseEvent(stored('atlas.UserIdAllocated', { user_id: 5 }));
    expect(event).toMatchObject({ type: 'atlas.UserIdAllocated', data: { user_id: 5 }, revision: 4, position: 9 });
  });

  it('names an unknown type', () => {
    expect(() => parseEvent(stored('atlas.UserTeleported', {}))).toThrow(UnknownEventTypeError);
    expect(() => parseEvent(stored('atlas.UserTeleported', {}))).toThrow(/atlas\.UserTeleported/);
  });

  it('refuses data that does not match the schema, saying where the event is', () => {
    expect(() => parseEvent(stored('atlas.UserIdAllocated', { user_id: 0 }))).toThrow(InvalidEventError);
    expect(() => parseEvent(stored('atlas.UserIdAllocated', { user_id: 1, extra: true }))).toThrow(/atlas-user-ids@4/);
  });

  it('refuses a schema version it has no reader for', () => {
    expect(() => parseEvent(stored('atlas.UserIdAllocated', { user_id: 1 }, 2))).toThrow(/schema version 2/);
  });

  it('fills the organization time zone with UTC and checks it is a real zone', () => {
    const data = {
      organization_id: '00000000-0000-4000-8000-0000000000a1',
      name: 'AI Research Team',
      owner_id: 1,
      personal: false,
      created_at: '2026-03-01T09:00:00.000Z',
    };
    expect(parseEventData('atlas.OrganizationCreated', data).data.timezone).toBe('UTC');
    expect(parseEventData('atlas.OrganizationCreated', { ...data, timezone: 'Europe/Paris' }).data.timezone).toBe(
      'Europe/Paris',
    );
    expect(() => parseEventData('atlas.OrganizationCreated', { ...data, timezone: 'Mars/Olympus' })).toThrow(
      InvalidEventError,
    );
  });

  it('checks due dates are calendar dates', () => {
    const data = {
      task_id: '00000000-0000-4000-8000-0000000000c1',
      project_id: '00000000-0000-4000-8000-0000000000b1',
      organization_id: '00000000-0000-4000-8000-0000000000a1',
      title: 'Write the paper',
      description: null,
      due_date: '2026-02-30',
      created_by: 1,
      created_at: '2026-03-01T09:00:00.000Z',
    };
    expect(() => parseEventData('atlas.TaskCreated', data)).toThrow(InvalidEventError);
    expect(parseEventData('atlas.TaskCreated', { ...data, due_date: '2026-02-28' }).data.due_date).toBe('2026-02-28');
  });

  describe('checkEvent, the checks that parse no value', () => {
    const organization = {
      organization_id: '00000000-0000-4000-8000-0000000000a1',
      name: 'Lab',
      owner_id: 1,
      personal: false,
      created_at: '2026-03-01T09:00:00.000Z',
    };

    it('hands back the stored event as it is, a field with a default absent', () => {
      const event = stored('atlas.OrganizationCreated', organization);
      expect(checkEvent(event)).toBe(event);
      expect('timezone' in checkEvent(event).data).toBe(false);
    });

    it('does not check the values: the writers did', () => {
      expect(() => checkEvent(stored('atlas.UserIdAllocated', { user_id: 0 }))).not.toThrow();
    });

    it('refuses a missing field, an unknown one, data that is not an object, another schema version, an unknown type', () => {
      const { owner_id: _owner, ...withoutOwner } = organization;
      expect(() => checkEvent(stored('atlas.OrganizationCreated', withoutOwner))).toThrow(
        /invalid atlas.OrganizationCreated event: atlas-user-ids@4: missing "owner_id"/,
      );
      expect(() => checkEvent(stored('atlas.UserIdAllocated', { user_id: 1, extra: true }))).toThrow(
        /unknown field "extra"/,
      );
      expect(() => checkEvent(stored('atlas.UserIdAllocated', [1]))).toThrow(InvalidEventError);
      expect(() => checkEvent(stored('atlas.UserIdAllocated', null))).toThrow(/not an object/);
      expect(() => checkEvent(stored('atlas.UserIdAllocated', { user_id: 1 }, 2))).toThrow(/schema version 2/);
      expect(() => checkEvent(stored('atlas.UserTeleported', {}))).toThrow(UnknownEventTypeError);
    });
  });
});
