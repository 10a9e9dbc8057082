import { describe, expect, it } from 'vitest';
import type { Problem } from '../http/index.js';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../stores/events/port.js';
import { ReadStoreUnavailableError } from '../stores/reads/port.js';
import { DomainError } from '../write/domain-error.js';
import { problemMappers } from './problems.js';

const map = (error: unknown): Problem | undefined => {
  for (const mapper of problemMappers) {
    const problem = mapper(error, undefined);
    if (problem) return problem;
  }
  return undefined;
};

describe('the write side and the stores as problems', () => {
  it.each([
    ['invalid', 400],
    ['not_found', 404],
    ['forbidden', 403],
    ['conflict', 409],
  ] as const)('a refused command (%s) is %d', (kind, status) => {
    expect(map(new DomainError(kind, 'no'))?.status).toBe(status);
  });

  it('an invalid command points into the body', () => {
    const problem = map(new DomainError('invalid', 'bad name', '/name'));
    expect(problem?.toDocument('/x').errors).toEqual([{ pointer: '/body/name', detail: 'bad name' }]);
  });

  it('a concurrent write that outlived its retries is 409, without the stream name', () => {
    const problem = map(new WrongExpectedRevisionError('atlas-task-1', 3, 4));
    expect(problem?.status).toBe(409);
    expect(problem?.detail).not.toContain('atlas-task');
  });

  it('a busy store, either one, is 503 with Retry-After, its message kept for the logs only', () => {
    const events = map(
      new EventStoreUnavailableError('event store /data/events.db: SQLITE_BUSY', { reason: 'locked' }),
    );
    expect(events?.status).toBe(503);
    expect(events?.headers['Retry-After']).toBe('1');
    expect(events?.detail).toContain('event store is unavailable (locked)');
    expect(events?.detail).not.toContain('SQLITE');
    expect(events?.detail).not.toContain('/data');
    const reads = map(
      new ReadStoreUnavailableError('read store /data/reads.db: SQLITE_READONLY', {
        reason: 'read-only',
        retryAfterSeconds: 5,
      }),
    );
    expect(reads?.status).toBe(503);
    expect(reads?.headers['Retry-After']).toBe('5');
    expect(reads?.detail).toContain('read store is unavailable (read-only)');
  });

  it('anything else is left to the kit', () => {
    expect(map(new Error('boom'))).toBeUndefined();
  });
});
