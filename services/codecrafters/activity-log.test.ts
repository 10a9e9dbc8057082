/**
 * `POST /api/v1/activity/log` over HTTP in the real system: every refusal is an RFC 9457 problem
 * whose `errors` point at the bad records, and a refused batch appends nothing (the event store's
 * head does not move). Validation is all or nothing: the good records of an invalid batch are not
 * kept, and are stored when sent again without the bad ones. Then one minute of one device is one
 * record (issue 8): a device's minute under a new id is refused alone, listed in the 202, and a
 * user's minute counts at most 60 s whatever the devices.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECORDS_PER_BATCH } from '../../write/codecrafters/index.js';
import {
  eventually,
  expectProblem,
  minutes,
  ok,
  request,
  startCrafters,
  type Answer,
  type Crafters,
  type Person,
} from './e2e-fixture.js';

let c: Crafters;
// Half a minute past 12:00: with 2 minutes of clock skew, 12:02 is accepted and 12:03 is not.
const now = new Date('2026-03-10T12:00:30.000Z');
let ana: Person, xavier: Person;
let team: string, task: string, foreignTask: string;

const log = (records: unknown, who: Person | null = ana) =>
  c.onCrafters(who, 'POST', '/api/v1/activity/log', { records });
const good = (count = 1, start = '2026-03-10T09:00:00Z') => minutes(start, count, { task_id: task });
const withOne = (at: number, overrides: Record<string, unknown>, count = 3) => {
  const records: Record<string, unknown>[] = good(count);
  records[at] = { ...records[at], ...overrides };
  return records;
};

/** Sends what must be refused, checks the log did not grow, and returns the problem's pointers. */
async function refused(send: () => Promise<Answer>, status: number, kind: string): Promise<string[]> {
  const head = await c.head();
  const problem = expectProblem(await send(), status, kind);
  expect(await c.head(), 'a refused batch appends nothing').toBe(head);
  return (problem.errors ?? []).map((e) => e.pointer);
}

beforeAll(async () => {
  c = await startCrafters(() => now);
  [ana, xavier] = (await Promise.all(['ana', 'xavier'].map((name) => c.person(name)))) as [Person, Person];
  team = ok(await c.onAtlas(ana, 'POST', '/api/v1/organizations', { name: 'Crafters' }), 201).id;
  task = await c.task(
    ana,
    ok(await c.onAtlas(ana, 'POST', `/api/v1/organizations/${team}/projects`, { name: 'Forge' }), 201).id,
    ana,
    null,
  );
  const theirs = ok(await c.onAtlas(xavier, 'POST', '/api/v1/organizations', { name: 'Elsewhere' }), 201).id;
  foreignTask = await c.task(
    xavier,
    ok(await c.onAtlas(xavier, 'POST', `/api/v1/organizations/${theirs}/projects`, { name: 'Side' }), 201).id,
    xavier,
    null,
  );
  await eventually(
    () => c.onCrafters(ana, 'GET', `/api/v1/productivity/tasks/${task}`),
    () => true,
  );
  await eventually(
    () => c.onCrafters(xavier, 'GET', `/api/v1/productivity/tasks/${foreignTask}`),
    () => true,
  );
}, 60_000);

afterAll(async () => {
  await c?.system.stop();
});

describe('what cannot be read', () => {
  it('malformed JSON, another media type, no token', async () => {
    const raw = (body: string, type: string) => () =>
      request(c.crafters, 'POST', '/api/v1/activity/log', {
        raw: body,
        token: ana.token,
        headers: { 'content-type': type },
      });
    expect(await refused(raw('{"records": [', 'application/json'), 400, 'malformed-request')).toEqual([]);
    await refused(raw('records=1', 'application/x-www-form-urlencoded'), 415, 'unsupported-media-type');
    await refused(() => log(good(), null), 401, 'unauthorized');
  });

  it('a body over the limit is a 413', async () => {
    const padded = { records: good(), padding: 'x'.repeat(1_100_000) };
    await refused(() => c.onCrafters(ana, 'POST', '/api/v1/activity/log', padded), 413, 'payload-too-large');
  });
});

describe('what the schema refuses, each record named', () => {
  it('unknown fields, in the batch and in a record', async () => {
    const send = () =>
      c.onCrafters(ana, 'POST', '/api/v1/activity/log', {
        records: withOne(1, { app_name: 'secret.docx' }),
        agent: 'v1',
      });
    expect((await refused(send, 400, 'validation')).sort()).toEqual(['/body/agent', '/body/records/1/app_name']);
  });

  it('out-of-range counters and offsets, minutes off the minute', async () => {
    const records = [
      ...good(1, '2026-03-10T08:00:00Z'),
      { ...good(1, '2026-03-10T08:01:00Z')[0], active_seconds: 61 },
      { ...good(1, '2026-03-10T08:02:00Z')[0], active_seconds: -1 },
      { ...good(1, '2026-03-10T08:03:00Z')[0], keystrokes: 2.5, clicks: 6_001 },
      { ...good(1, '2026-03-10T08:04:00Z')[0], tz_offset_minutes: 900 },
      { ...good(1)[0], minute_start: '2026-03-10T08:05:30Z' },
      { ...good(1)[0], minute_start: '2026-03-10T08:06:00.500Z' },
      { ...good(1)[0], minute_start: '2026-03-10T09:07:00+01:00' },
      { ...good(1)[0], id: 'not-a-uuid', task_id: 'not-a-uuid' },
      ...good(1, '2026-03-10T08:10:00Z'),
    ];
    expect(await refused(() => log(records), 400, 'validation')).toEqual([
      '/body/records/1/active_seconds',
      '/body/records/2/active_seconds',
      '/body/records/3/keystrokes',
      '/body/records/3/clicks',
      '/body/records/4/tz_offset_minutes',
      '/body/records/5/minute_start',
      '/body/records/6/minute_start',
      '/body/records/7/minute_start',
      '/body/records/8/id',
      '/body/records/8/task_id',
    ]);
  });

  it(`at most ${MAX_RECORDS_PER_BATCH} records, at least one`, async () => {
    const tooMany = minutes('2026-03-08T00:00:00Z', MAX_RECORDS_PER_BATCH + 1);
    expect(await refused(() => log(tooMany), 400, 'validation')).toEqual(['/body/records']);
    expect(await refused(() => log([]), 400, 'validation')).toEqual(['/body/records']);
    expect(await refused(() => c.onCrafters(ana, 'POST', '/api/v1/activity/log', {}), 400, 'validation')).toEqual([
      '/body/records',
    ]);
  });

  it(`${MAX_RECORDS_PER_BATCH} records as large as the schema allows fit under the body limit`, async () => {
    const largest = minutes('2026-03-01T00:00:00Z', MAX_RECORDS_PER_BATCH, {
      device_id: '設'.repeat(100),
      tz_offset_minutes: -840,
      keystrokes: 6_000,
      clicks: 6_000,
      scrolls: 60_000,
      mouse_distance_px: 5_000_000,
      task_id: task,
    });
    const head = await c.head();
    expect(ok(await log(largest), 202)).toEqual({ accepted: MAX_RECORDS_PER_BATCH, refused: [] });
    expect(await c.head()).toBe(head + MAX_RECORDS_PER_BATCH);
  });
});

describe('what the clock, the batch and the read models refuse', () => {
  it('minutes in the future beyond the clock skew, or older than 30 days; an id twice in one batch', async () => {
    const twice = good(1, '2026-03-10T07:00:00Z')[0]!;
    const records = [
      ...minutes('2026-03-10T12:02:00Z', 1), // 1.5 minutes ahead: within the skew
      ...minutes('2026-03-10T12:03:00Z', 1),
      ...minutes('2026-04-10T12:00:00Z', 1),
      ...minutes('2026-02-08T12:00:00Z', 1), // 30 days and 30 s ago
      ...minutes('2026-02-08T12:01:00Z', 1), // just inside 30 days
      twice,
      { ...twice },
    ];
    expect(await refused(() => log(records), 400, 'validation')).toEqual([
      '/body/records/1/minute_start',
      '/body/records/2/minute_start',
      '/body/records/3/minute_start',
      '/body/records/6/id',
    ]);
  });

  it("a task that does not exist, or is another organization's", async () => {
    const records = [
      ...good(1, '2026-03-10T06:00:00Z'),
      ...minutes('2026-03-10T06:01:00Z', 1, { task_id: randomUUID() }),
      ...minutes('2026-03-10T06:02:00Z', 1, { task_id: foreignTask }),
    ];
    const problem = expectProblem(await log(records), 400, 'validation');
    expect(problem.errors).toEqual([
      { pointer: '/body/records/1/task_id', detail: expect.stringMatching(/no task/) },
      { pointer: '/body/records/2/task_id', detail: expect.stringMatching(/no task/) },
    ]);
    expect(problem.detail).toMatch(/2 problems.*no record was stored/);
    // ...and the owner of that task may log time on it.
    expect(ok(await log(minutes('2026-03-10T06:02:00Z', 1, { task_id: foreignTask }), xavier), 202)).toEqual({
      accepted: 1,
      refused: [],
    });
  });
});

describe('all or nothing', () => {
  it('keeps none of the good records of a refused batch; they are stored when sent without the bad one', async () => {
    const goodOnes = good(2, '2026-03-09T10:00:00Z');
    const bad = minutes('2026-03-10T12:10:00Z', 1, { task_id: task, active_seconds: 50 });
    expect(await refused(() => log([...goodOnes, ...bad]), 400, 'validation')).toEqual([
      '/body/records/2/minute_start',
    ]);
    const head = await c.head();
    expect(ok(await log(goodOnes), 202)).toEqual({ accepted: 2, refused: [] });
    expect(await c.head()).toBe(head + 2);
    const day = (b: { days: { date: string; productive_seconds: number }[] }) =>
      b.days.find((d) => d.date === '2026-03-09')!;
    const body = await eventually(
      () => c.onCrafters(ana, 'GET', `/api/v1/productivity/users/${ana.id}?from=2026-03-09&to=2026-03-09`),
      (b) => day(b).productive_seconds === 120,
    );
    expect(day(body)).toMatchObject({
      productive_seconds: 120,
      active_minutes: 2,
      first_activity_at: '2026-03-09T10:00:00.000Z',
      last_activity_at: '2026-03-09T10:02:00.000Z',
    });
  });

  it('refuses every record while tracking is disabled, and takes them again once enabled', async () => {
    ok(await c.onCrafters(ana, 'PUT', `/api/v1/productivity/profiles/${ana.id}`, { tracking_enabled: false }));
    const records = good(3, '2026-03-09T14:00:00Z');
    await refused(() => log(records), 409, 'conflict');
    ok(await c.onCrafters(ana, 'PUT', `/api/v1/productivity/profiles/${ana.id}`, { tracking_enabled: true }));
    expect(ok(await log(records), 202)).toEqual({ accepted: 3, refused: [] });
  });
});

describe('while the read models lag behind the log', () => {
  it('a task the log holds is "retry shortly" (503), not a refusal the agent would drop its minutes for', async () => {
    const lagging = await startCrafters(() => now, ['atlas', 'codecrafters']);
    try {
      const eve = await lagging.person('eve');
      const org = ok(await lagging.onAtlas(eve, 'POST', '/api/v1/organizations', { name: 'Fresh' }), 201).id;
      const fresh = await lagging.task(
        eve,
        ok(await lagging.onAtlas(eve, 'POST', `/api/v1/organizations/${org}/projects`, { name: 'New' }), 201).id,
        eve,
        null,
      );
      const head = await lagging.head();
      const answer = await lagging.onCrafters(eve, 'POST', '/api/v1/activity/log', {
        records: minutes('2026-03-10T11:00:00Z', 2, { task_id: fresh }),
      });
      expectProblem(answer, 503, 'unavailable');
      expect(answer.headers.get('retry-after')).toBe('1');
      // A task that is nowhere in the log is still refused at once.
      const unknown = await lagging.onCrafters(eve, 'POST', '/api/v1/activity/log', {
        records: minutes('2026-03-10T11:00:00Z', 1, { task_id: randomUUID() }),
      });
      expect(expectProblem(unknown, 400, 'validation').errors?.map((e) => e.pointer)).toEqual([
        '/body/records/0/task_id',
      ]);
      expect(await lagging.head()).toBe(head);
    } finally {
      await lagging.system.stop();
    }
  });
});

describe('one minute of one device is one record (issue 8)', () => {
  const dayOf = (date: string) => async () => {
    const answer = await c.onCrafters(ana, 'GET', `/api/v1/productivity/users/${ana.id}?from=${date}&to=${date}`);
    return { ...answer, body: answer.status === 200 ? answer.body.days[0] : answer.body };
  };

  it('a batch of 1,440 records of one device on one minute, distinct ids, adds that one minute (60 s); a repeat with new ids adds nothing and refuses all', async () => {
    const at = '2026-03-08T09:00:00.000Z';
    const records = Array.from({ length: 1_440 }, () => minutes(at, 1, { device_id: 'desk-1' })[0]!);
    const head = await c.head();
    const answer = ok(await log(records), 202);
    expect(answer.accepted).toBe(1);
    expect(answer.refused).toHaveLength(1_439);
    expect(answer.refused[0]).toEqual({
      index: 1,
      id: records[1]!.id,
      code: 'minute_already_recorded',
      recorded_id: records[0]!.id,
      reason: `record 0 of this batch already holds minute ${at} of device "desk-1" (one minute of one device is one record)`,
    });
    expect(answer.refused.map((r: { index: number }) => r.index)).toEqual(
      Array.from({ length: 1_439 }, (_, i) => i + 1),
    );
    expect(await c.head(), 'one event').toBe(head + 1);
    const day = await eventually(dayOf('2026-03-08'), (d) => d.productive_seconds > 0);
    expect(day).toMatchObject({
      productive_seconds: 60,
      active_minutes: 1,
      keystrokes: 20,
      first_activity_at: at,
      last_activity_at: '2026-03-08T09:01:00.000Z',
    });

    const repeat = records.map((r) => ({ ...r, id: randomUUID() }));
    const again = ok(await log(repeat), 202);
    expect(again.accepted).toBe(0);
    expect(again.refused).toHaveLength(1_440);
    expect(again.refused[0]).toMatchObject({
      index: 0,
      id: repeat[0]!.id,
      recorded_id: records[0]!.id,
      reason: `minute ${at} of device "desk-1" is already recorded, as record ${records[0]!.id} (one minute of one device is one record)`,
    });
    expect(await c.head(), 'nothing appended').toBe(head + 1);
    expect((await dayOf('2026-03-08')()).body).toEqual(day);
  });

  it('two devices reporting 40 s and 50 s on one minute add 60 s, and their keystrokes add up; the same id sent again is accepted and changes nothing', async () => {
    const at = '2026-03-07T10:00:00.000Z';
    const [laptop] = minutes(at, 1, { device_id: 'laptop', active_seconds: 40, keystrokes: 15, clicks: 1 });
    const [desktop] = minutes(at, 1, { device_id: 'desktop', active_seconds: 50, keystrokes: 25, clicks: 2 });
    expect(ok(await log([laptop]), 202)).toEqual({ accepted: 1, refused: [] });
    expect(ok(await log([desktop]), 202)).toEqual({ accepted: 1, refused: [] });
    const day = await eventually(dayOf('2026-03-07'), (d) => d.keystrokes === 40);
    expect(day).toMatchObject({ productive_seconds: 60, active_minutes: 1, keystrokes: 40, clicks: 3 });

    const head = await c.head();
    expect(
      ok(await log([{ ...desktop!, active_seconds: 60, keystrokes: 99 }]), 202),
      'the same id: the first version stays',
    ).toEqual({ accepted: 1, refused: [] });
    expect(ok(await log([laptop, desktop]), 202)).toEqual({ accepted: 2, refused: [] });
    expect(await c.head()).toBe(head);
    expect((await dayOf('2026-03-07')()).body).toEqual(day);
  });
});
