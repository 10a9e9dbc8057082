/**
 * A locked store must not freeze the system (issue 8, parts 1 and 2), over real HTTP in the real
 * system: another process holds `BEGIN EXCLUSIVE` on events.db, then on reads.db, as an operator's
 * sqlite3 shell or a backup tool would, while requests go on.
 *
 * - While events.db is locked, every command of every service answers 503 problem+json with
 *   `Retry-After` within about a second; queries keep answering from the read store; `/healthz` on
 *   every port answers 503 in milliseconds, naming the store; the event loop is never held up.
 * - While reads.db is locked, commands keep working; the projector waits (health says so) and
 *   catches up when the lock goes.
 * - Released, everything is healthy again and nothing was lost.
 *
 * Figures (event-loop delay, time to 503) are printed for the record; the bounds asserted are
 * generous (seconds against what used to be 5 s and more), not timings.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, request, type Answer } from '../services/atlas/fixture.js';
import { eventually, signUp, type SignedUp } from '../services/nexacore/test-fixture.js';
import { watchEventLoop } from '../stores/test-fixtures/event-loop.js';
import { startLockHolder, type LockHolder } from '../stores/test-fixtures/lock-holder.js';
import { startTestSystem, type TestSystem } from './test-system.js';

let system: TestSystem;
let holder: LockHolder;
let owner: SignedUp;
let mate: SignedUp;
let projectId: string;

const urls = () => system.urls as Required<typeof system.urls>;
const ports = ['atlas', 'nexacore', 'codecrafters', 'scoresquad'] as const;

function minute(minutesAgo: number): string {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString();
}

/** One command per service, each of which appends to the event store. */
const commands: Record<string, () => Promise<Answer>> = {
  'atlas: create an organization': () =>
    request(urls().atlas, 'POST', '/api/v1/organizations', { token: owner.token, body: { name: 'Locked out' } }),
  'atlas: log in': () =>
    request(urls().atlas, 'POST', '/api/v1/auth/login', {
      body: { username: owner.username, password: 'correct horse battery' },
    }),
  'atlas: create a task': () =>
    request(urls().atlas, 'POST', `/api/v1/projects/${projectId}/tasks`, {
      token: owner.token,
      body: { title: 'Later' },
    }),
  'nexacore: rename the lab': () =>
    request(urls().nexacore, 'PATCH', `/api/v1/labs/${owner.organization_id}`, {
      token: owner.token,
      body: { lab_name: 'Locked Lab' },
    }),
  'codecrafters: log a minute': () =>
    request(urls().codecrafters, 'POST', '/api/v1/activity/log', {
      token: owner.token,
      body: {
        records: [
          {
            id: randomUUID(),
            device_id: 'laptop',
            minute_start: minute(10 + Math.floor(Math.random() * 1000)),
            tz_offset_minutes: 0,
            active_seconds: 30,
            keystrokes: 10,
            clicks: 2,
            scrolls: 1,
            mouse_distance_px: 300,
          },
        ],
      },
    }),
  'scoresquad: give feedback': () =>
    request(urls().scoresquad, 'POST', '/api/v1/feedback', {
      token: owner.token,
      body: { project_id: projectId, to_user_id: mate.id, score: 4, comment: '' },
    }),
};

/** Queries served from the read store. */
const queries: Record<string, () => Promise<Answer>> = {
  'atlas: my organizations': () => request(urls().atlas, 'GET', '/api/v1/organizations', { token: owner.token }),
  'nexacore: the lab': () =>
    request(urls().nexacore, 'GET', `/api/v1/labs/${owner.organization_id}`, { token: owner.token }),
  'codecrafters: the team': () =>
    request(urls().codecrafters, 'GET', `/api/v1/productivity/teams/${owner.organization_id}`, { token: owner.token }),
  'scoresquad: my performance': () =>
    request(urls().scoresquad, 'GET', `/api/v1/performance/users/${owner.id}`, { token: owner.token }),
};

const health = (port: (typeof ports)[number]) => request(urls()[port], 'GET', '/healthz');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}

async function allHealthy(): Promise<void> {
  await eventually(
    async () => (await Promise.all(ports.map(health))).every((a) => a.status === 200),
    'every service healthy',
    20_000,
  );
}

beforeAll(async () => {
  system = await startTestSystem();
  holder = startLockHolder();
  owner = await signUp(urls().atlas, 'lock_owner');
  mate = await signUp(urls().atlas, 'lock_mate');
  const added = await request(urls().atlas, 'POST', `/api/v1/organizations/${owner.organization_id}/members`, {
    token: owner.token,
    body: { user_id: mate.id, role: 'member' },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  const project = await request(urls().atlas, 'POST', `/api/v1/organizations/${owner.organization_id}/projects`, {
    token: owner.token,
    body: { name: 'Steady' },
  });
  expect(project.status, JSON.stringify(project.body)).toBe(201);
  projectId = project.body.id;
  // Every read model has caught up and the lab exists before the locks.
  await eventually(
    async () =>
      (await request(urls().nexacore, 'GET', `/api/v1/labs/${owner.organization_id}`, { token: owner.token }))
        .status === 200,
    'the lab',
  );
  await allHealthy();
});

afterAll(async () => {
  await holder?.close();
  await system?.stop();
});

describe('events.db locked by another process', () => {
  it('commands answer 503 with Retry-After within about a second, queries and health answer, the loop runs free', async () => {
    const events = path.join(system.dataDir, 'events.db');
    await holder.lock(events);
    const loop = watchEventLoop();
    try {
      const refused = await Promise.all(
        Object.entries(commands).map(async ([name, send]) => ({ name, ...(await timed(send)) })),
      );
      const answered = await Promise.all(
        Object.entries(queries).map(async ([name, send]) => ({ name, ...(await timed(send)) })),
      );
      // Health probes are kept about 1.5 s: within that, it turns 503, each answer in milliseconds.
      const healths = await Promise.all(
        ports.map((port) =>
          eventually(
            async () => {
              const answer = await timed(() => health(port));
              return answer.value.status === 503 ? { port, ...answer } : undefined;
            },
            `${port} /healthz to turn 503`,
            5_000,
          ),
        ),
      );
      const delay = loop.stop();
      console.log(
        `events.db locked: time to 503 max ${Math.max(...refused.map((r) => r.ms))} ms; queries max ${Math.max(...answered.map((a) => a.ms))} ms; ` +
          `/healthz max ${Math.max(...healths.map((h) => h.ms))} ms; event-loop delay p99 ${delay.p99Ms} ms, max ${delay.maxMs} ms ` +
          `(${refused.map((r) => `${r.name} ${r.ms} ms`).join(', ')})`,
      );

      for (const { name, value } of refused) {
        const problem = expectProblem(value, 503, 'unavailable');
        expect(value.headers.get('retry-after'), name).toBe('1');
        expect(problem.detail, name).toContain('event store');
        expect(problem.detail, name).not.toMatch(/SQLITE|events\.db|\//);
      }
      for (const { name, value } of answered) expect(value.status, `${name}: ${JSON.stringify(value.body)}`).toBe(200);
      // How long each took is printed above, not asserted (no timed assertions: the machine's load
      // decides them); that each answered, 503 from the lock and 200 from the read side, while the
      // lock was held is what shows that nothing waits on it.
      for (const { port, value } of healths) {
        const problem = expectProblem(value, 503, 'unavailable');
        expect(problem.detail, port).toContain('event store');
      }
    } finally {
      loop.stop();
      await holder.release(events);
    }
    await allHealthy();
    for (const [name, send] of Object.entries(commands)) {
      const answer = await send();
      expect(answer.status, `${name} after the lock: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    }
  });
});

describe('reads.db locked by another process', () => {
  it('commands go on, the projector waits without holding anything up, health says so, and it catches up when the lock goes', async () => {
    const reads = path.join(system.dataDir, 'reads.db');
    const name = `Made during the lock ${randomUUID().slice(0, 8)}`;
    await allHealthy();
    await holder.lock(reads);
    const loop = watchEventLoop();
    try {
      const created = await timed(() =>
        request(urls().atlas, 'POST', '/api/v1/organizations', { token: owner.token, body: { name } }),
      );
      expect(created.value.status, JSON.stringify(created.value.body)).toBe(201);
      const listed = await request(urls().atlas, 'GET', '/api/v1/organizations', { token: owner.token });
      expect(listed.status).toBe(200);
      // The projector cannot commit the new organization: health names the store it waits for.
      const waiting = await eventually(async () => {
        const answer = await health('codecrafters');
        return answer.status === 503 ? answer : undefined;
      }, 'health to report the waiting projector');
      expect(waiting.body.detail).toContain('read store');
      const delay = loop.stop();
      console.log(
        `reads.db locked: a command answered in ${created.ms} ms; event-loop delay p99 ${delay.p99Ms} ms, max ${delay.maxMs} ms`,
      );
    } finally {
      loop.stop();
      await holder.release(reads);
    }
    await allHealthy();
    const seen = await eventually(async () => {
      const listed = await request(urls().atlas, 'GET', '/api/v1/organizations?limit=200', { token: owner.token });
      return listed.body.items?.some((o: { name: string }) => o.name === name);
    }, 'the organization made during the lock in the read model');
    expect(seen).toBe(true);
  });
});
