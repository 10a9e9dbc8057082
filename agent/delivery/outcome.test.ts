/**
 * What one answer means for each minute of a batch: delivered, moved aside (refused), sent again
 * at once (the rest of a batch a 400 refused in part), retried later, or after a new token.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../api/http.js';
import { outcomeOf, type Answer, type Outcome } from './outcome.js';

const none: Outcome = { delivered: [], refused: [], resend: false, retry: null, reauthenticate: false };

const problem = (status: number, over: Partial<Problem> = {}): Answer => ({
  kind: 'problem',
  status,
  problem: { type: 'about:blank', title: `HTTP ${status}`, status, ...over },
  retryAfterSeconds: null,
  fromService: true,
});

const invalid = (...pointers: string[]): Answer =>
  problem(400, {
    title: 'Bad Request',
    detail: 'the batch is not valid',
    errors: pointers.map((pointer) => ({ pointer, detail: `bad at ${pointer}` })),
  });

const refusedIndexes = (o: Outcome) => o.refused.map((r) => r.index).sort((a, b) => a - b);

describe('outcomeOf: 202', () => {
  it('delivers every minute when nothing is refused', () => {
    expect(outcomeOf(3, { kind: 'accepted', answer: { accepted: 3, refused: [] } })).toEqual({
      ...none,
      delivered: [0, 1, 2],
    });
  });

  it('moves the refused entries aside with the reason, delivers the rest, sends nothing again', () => {
    const entry = { index: 1, id: 'r1', code: 'minute_taken', reason: 'another record holds this minute' };
    const o = outcomeOf(4, {
      kind: 'accepted',
      answer: { accepted: 2, refused: [entry, { index: 3, id: 'r3', code: 'minute_taken', reason: 'x' }] },
    });
    expect(o.delivered).toEqual([0, 2]);
    expect(o.refused).toEqual([
      { index: 1, problem: entry },
      { index: 3, problem: { index: 3, id: 'r3', code: 'minute_taken', reason: 'x' } },
    ]);
    expect(o).toMatchObject({ resend: false, retry: null, reauthenticate: false });
  });
});

describe('outcomeOf: 400', () => {
  it('moves aside the records it names, with their own findings, and sends the rest again', () => {
    const o = outcomeOf(
      5,
      invalid('/body/records/3/keystrokes', '/body/records/1/minute_start', '/body/records/3/clicks'),
    );
    expect(o.delivered).toEqual([]);
    expect(o.resend).toBe(true);
    expect(o.retry).toBeNull();
    expect(o.reauthenticate).toBe(false);
    expect(refusedIndexes(o)).toEqual([1, 3]);
    const three = o.refused.find((r) => r.index === 3)?.problem as Problem;
    expect(three.errors?.map((e) => e.pointer)).toEqual(['/body/records/3/keystrokes', '/body/records/3/clicks']);
    expect(three).toMatchObject({ status: 400, title: 'Bad Request', detail: 'the batch is not valid' });
    const one = o.refused.find((r) => r.index === 1)?.problem as Problem;
    expect(one.errors).toEqual([
      { pointer: '/body/records/1/minute_start', detail: 'bad at /body/records/1/minute_start' },
    ]);
  });

  it('reads a pointer to a whole record and one without /body', () => {
    expect(refusedIndexes(outcomeOf(4, invalid('/body/records/2')))).toEqual([2]);
    expect(refusedIndexes(outcomeOf(4, invalid('/records/0/id')))).toEqual([0]);
  });

  it('does not send again when it names every record', () => {
    const o = outcomeOf(2, invalid('/body/records/0/id', '/body/records/1/id'));
    expect(refusedIndexes(o)).toEqual([0, 1]);
    expect(o.resend).toBe(false);
  });

  it('moves the whole batch aside when no pointer names a record', () => {
    for (const answer of [invalid('/body'), invalid('/body/records'), invalid('/body/recordsX/1'), problem(400)]) {
      const o = outcomeOf(3, answer);
      expect(refusedIndexes(o)).toEqual([0, 1, 2]);
      expect(o).toMatchObject({ delivered: [], resend: false, retry: null, reauthenticate: false });
      if (answer.kind === 'problem') expect(o.refused[0]?.problem).toBe(answer.problem);
    }
  });

  it('ignores a pointer to a record index outside the batch', () => {
    const o = outcomeOf(3, invalid('/body/records/3/id', '/body/records/1/id', '/body/records/99'));
    expect(refusedIndexes(o)).toEqual([1]);
    expect(o.resend).toBe(true);
    // Only out-of-range pointers: nothing to single out, the batch goes aside.
    expect(refusedIndexes(outcomeOf(3, invalid('/body/records/3/id')))).toEqual([0, 1, 2]);
  });
});

describe('outcomeOf: other answers', () => {
  it('renews the token on a 401, and nothing else', () => {
    expect(outcomeOf(3, problem(401))).toEqual({ ...none, reauthenticate: true });
  });

  it('retries later on 408, 429 and 5xx, with Retry-After', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      const answer: Answer = {
        ...(problem(status, { detail: 'busy' }) as Answer & { kind: 'problem' }),
        retryAfterSeconds: 30,
      };
      expect(outcomeOf(3, answer), String(status)).toEqual({
        ...none,
        retry: { reason: `${status} busy`, retryAfterSeconds: 30 },
      });
    }
    expect(outcomeOf(1, problem(503, { detail: undefined, title: 'Service Unavailable' })).retry).toEqual({
      reason: '503 Service Unavailable',
      retryAfterSeconds: null,
    });
    expect(outcomeOf(1, problem(500, { detail: undefined, title: undefined })).retry?.reason).toBe('500');
  });

  it('moves the whole batch aside when Code Crafters refuses it: 409 (tracking disabled), 413, 422', () => {
    for (const status of [409, 413, 422]) {
      const answer = problem(status, { detail: 'no' });
      const o = outcomeOf(3, answer);
      expect(o, String(status)).toEqual({
        ...none,
        refused: [0, 1, 2].map((index) => ({ index, problem: (answer as Answer & { kind: 'problem' }).problem })),
      });
    }
  });

  it('retries later on any other 4xx: a wrong path or method sets nothing aside (403, 404, 405, 407)', () => {
    for (const status of [403, 404, 405, 407]) {
      const o = outcomeOf(3, problem(status, { detail: 'no' }));
      expect(o, String(status)).toEqual({ ...none, retry: { reason: `${status} no`, retryAfterSeconds: null } });
    }
  });

  it("retries later on an answer that is not Code Crafters' problem+json (a proxy's or a portal's page)", () => {
    for (const status of [400, 409, 413]) {
      const answer: Answer = { ...problem(status, { detail: '<html>' }), fromService: false } as Answer;
      expect(outcomeOf(2, answer).refused, String(status)).toEqual([]);
      expect(outcomeOf(2, answer).retry).not.toBeNull();
    }
  });

  it("keeps minutes 'in the future' queued (the computer's clock is ahead) and sets aside only the bad ones", () => {
    const future = {
      pointer: '/body/records/0/minute_start',
      detail: 'is in the future (more than 2 minutes ahead of the server clock)',
    };
    const onlyFuture = outcomeOf(
      2,
      problem(400, { errors: [future, { ...future, pointer: '/body/records/1/minute_start' }] }),
    );
    expect(onlyFuture.refused).toEqual([]);
    expect(onlyFuture.retry?.reason).toContain('clock is ahead');
    const mixed = outcomeOf(
      2,
      problem(400, { errors: [future, { pointer: '/body/records/1/clicks', detail: 'too big' }] }),
    );
    expect(mixed.refused.map((r) => r.index)).toEqual([1]);
    expect(mixed.resend).toBe(true);
  });

  it('retries later without an answer (network)', () => {
    expect(outcomeOf(3, { kind: 'network', message: 'cannot reach http://localhost:8002: ECONNREFUSED' })).toEqual({
      ...none,
      retry: { reason: 'cannot reach http://localhost:8002: ECONNREFUSED', retryAfterSeconds: null },
    });
  });
});
