import { describe, expect, it } from 'vitest';
import { newEvent } from './conformance-fixtures.js';
import { idKey, isSystemEvent, toEventData, toLogPosition, toPositionNumber, toStoredEvent } from './esdb-events.js';
import { EventStoreUnavailableError } from './port.js';

describe('EventStoreDB event translation', () => {
  it('turns commit positions into numbers, refusing those past 2^53', () => {
    expect(toPositionNumber(12_345n)).toBe(12_345);
    expect(toPositionNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toPositionNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(EventStoreUnavailableError);
    expect(toLogPosition(99)).toEqual({ commit: 99n, prepare: 99n });
  });

  it('tells system streams and system event types apart from ours', () => {
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: 'StatsCollected' })).toBe(true);
    expect(isSystemEvent({ streamId: 'user-1', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: 'user-1', type: 'UserRegistered' })).toBe(false);
    expect(idKey('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
  });

  it('writes data and metadata as JSON and reads them back with stream, revision and position', () => {
    const event = newEvent('TaskCreated', { task_id: 't-1' });
    const written = toEventData(event);
    expect(written).toEqual({
      id: event.id,
      contentType: 'application/json',
      type: 'TaskCreated',
      data: event.data,
      metadata: event.metadata,
    });
    const created = new Date('2026-01-02T03:04:05.678Z');
    const stored = toStoredEvent({
      streamId: 'task-1',
      id: event.id,
      isJson: true,
      revision: 4n,
      type: event.type,
      created,
      data: { task_id: 't-1' },
      metadata: event.metadata as unknown as Record<string, unknown>,
      position: { commit: 4096n, prepare: 4096n },
    });
    expect(stored).toEqual({
      ...event,
      stream: 'task-1',
      revision: 4,
      position: 4096,
      recorded_at: created.toISOString(),
    });
  });

  it('refuses a stream read without log positions (servers before 22.6)', () => {
    const event = newEvent();
    const read = () =>
      toStoredEvent({
        streamId: 's',
        id: event.id,
        isJson: true,
        revision: 0n,
        type: 'T',
        created: new Date(),
        data: {},
        metadata: {},
      });
    expect(read).toThrow(EventStoreUnavailableError);
  });
});
