/**
 * The demo against the real system (stores, projector, the four services on ephemeral ports, in
 * a temp data dir), over HTTP: run twice, then once more a week later. Only the password hashing
 * is cheaper than in production (as in the contract suites), so that registering is quick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpServices } from '../system/services.js';
import { startTestSystem, type TestSystem } from '../system/test-system.js';
import { localTime } from '../write/codecrafters/local-time.js';
import { runDemo, type DemoResult } from './demo.js';
import { DEMO_PASSWORD, ORGANIZATION } from './people.js';
import type { DemoUrls } from './settings.js';

const OPTIONS = { members: 5, days: 3, seed: 'e2e' };
const REAL_NOW = Date.now();
/** The first two runs happen "a week ago"; the third now. */
const WEEK_AGO = REAL_NOW - 7 * 86_400_000;

let system: TestSystem;
let urls: DemoUrls;

beforeAll(async () => {
  system = await startTestSystem({
    modules: httpServices.map((module) => ({
      ...module,
      create: (deps) =>
        module.create(
          module.name === 'atlas' && deps.issuing
            ? { ...deps, issuing: { ...deps.issuing, passwordCost: { N: 2 ** 12, r: 8, p: 1 } } }
            : deps,
        ),
    })),
  });
  urls = {
    atlas: system.urls.atlas!,
    nexacore: system.urls.nexacore!,
    codecrafters: system.urls.codecrafters!,
    scoresquad: system.urls.scoresquad!,
    dashboard: 'http://localhost:5173',
  };
});

afterAll(async () => {
  await system?.stop();
});

async function api<T = any>(url: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

const login = async (username: string) =>
  (
    await api<{ access_token: string }>(`${urls.atlas}/api/v1/auth/login`, undefined, {
      username,
      password: DEMO_PASSWORD,
    })
  ).access_token;

const berlinDate = (at: number) => localTime(ORGANIZATION.timezone, at).date;
const RANGE = { from: berlinDate(WEEK_AGO - 4 * 86_400_000), to: berlinDate(REAL_NOW) };

/** What the read models answer about the demo organization, without the answers' own timestamps. */
async function figures(organizationId: string) {
  const token = await login('demo.olivia');
  const team = await api(
    `${urls.codecrafters}/api/v1/productivity/teams/${organizationId}?from=${RANGE.from}&to=${RANGE.to}`,
    token,
  );
  const { as_of: _asOf, ...performance } = await api(
    `${urls.scoresquad}/api/v1/performance/organizations/${organizationId}`,
    token,
  );
  const { generated_at: _generatedAt, ...lab } = await api(
    `${urls.nexacore}/api/v1/labs/${organizationId}/analytics`,
    token,
  );
  const projects = (await api(`${urls.atlas}/api/v1/organizations/${organizationId}/projects`, token)).items as {
    id: string;
    name: string;
  }[];
  const tasks = await Promise.all(
    projects.map(async (p) => (await api(`${urls.atlas}/api/v1/projects/${p.id}/tasks?limit=200`, token)).items),
  );
  return { team, performance, lab, projects, tasks: tasks.flat() as any[] };
}

const eventsAfter = async (position: number) => {
  const events = [];
  for (let after = position; ;) {
    const page = await system.events.readAll({ after, limit: 1000 });
    if (page.length === 0) return events;
    events.push(...page);
    after = page.at(-1)!.position;
  }
};

describe('npm run demo, against the real system', () => {
  let first: DemoResult;
  let second: DemoResult;
  let afterFirst: Awaited<ReturnType<typeof figures>>;
  let afterSecond: Awaited<ReturnType<typeof figures>>;
  let secondRunEvents: { type: string }[];

  beforeAll(async () => {
    first = await runDemo(urls, OPTIONS, { now: () => WEEK_AGO });
    afterFirst = await figures(first.organization.id);
    const head = await system.events.headPosition();
    second = await runDemo(urls, OPTIONS, { now: () => WEEK_AGO });
    secondRunEvents = await eventsAfter(head);
    afterSecond = await figures(second.organization.id);
  }, 240_000);

  it('creates the organization, its people and their roles, and points at the team view', () => {
    expect(first.organization).toMatchObject({ name: 'Demo Lab', timezone: 'Europe/Berlin', created: true });
    expect(first.people.map((p) => [p.username, p.role, p.registered])).toEqual([
      ['demo.olivia', 'owner', true],
      ['demo.marcus', 'manager', true],
      ['demo.kenji', 'member', true],
      ['demo.noah', 'member', true],
      ['demo.amara', 'member', true],
    ]);
    expect(first.members_added).toBe(4);
    expect(first.team_url).toBe(`http://localhost:5173/organizations/${first.organization.id}/productivity`);
    expect(first.caught_up).toBe(true);
  });

  it('stores every generated minute, attributed to the organization: the team answer adds up to them', () => {
    const { team } = afterFirst;
    expect(first.activity.generated).toBeGreaterThan(1_000);
    expect(first.activity.records).toBe(first.activity.generated);
    expect(first.activity.accepted).toBe(first.activity.generated);
    expect(team.total_productive_seconds).toBe(first.activity.generated_seconds);
    expect(team.average_productive_hours_per_day).toBeGreaterThan(1);
    const byName = new Map(team.members.map((m: any) => [m.username, m]));
    expect(byName.size).toBe(5);
    expect((byName.get('demo.noah') as any).productive_seconds).toBe(0); // on leave: "no activity"
    expect((byName.get('demo.kenji') as any).productive_seconds).toBeGreaterThan(0);
  });

  it('has tasks in every state, assigned to the cast, some minutes on them', async () => {
    const { tasks } = afterFirst;
    const states = new Set(
      tasks.map((t) => (t.status === 'open' ? (t.assignee_id === null ? 'created' : 'assigned') : t.status)),
    );
    expect(states).toEqual(new Set(['created', 'assigned', 'started', 'completed']));
    expect(tasks.length).toBe(19);
    const ids = new Set(first.people.map((p) => p.user_id));
    for (const task of tasks.filter((t) => t.assignee_id !== null)) expect(ids.has(task.assignee_id)).toBe(true);
    const started = tasks.filter((t) => t.status !== 'open' && t.assignee_id !== null);
    const token = await login('demo.olivia');
    const times = await Promise.all(
      started.map((t) => api(`${urls.codecrafters}/api/v1/productivity/tasks/${t.id}`, token)),
    );
    expect(times.some((t) => t.total_productive_seconds > 0)).toBe(true);
  });

  it('reviews by managers, peer feedback on projects, and the lab and researchers described', () => {
    const { performance, lab } = afterFirst;
    expect(first.reviews).toEqual({ posted: 4, existing: 0 });
    expect(first.feedback.posted).toBe(10);
    expect(performance.summary.rated_members).toBeGreaterThan(0);
    expect(performance.members.filter((m: any) => m.last_review_period !== null).length).toBe(4);
    expect(performance.projects.reduce((n: number, p: any) => n + p.feedback.count, 0)).toBe(10);
    expect(lab).toMatchObject({ lab_name: 'Demo Lab', domain: 'Applied Machine Learning' });
    expect(lab.expertise_distribution['Computer Vision']).toBe(1);
  });

  it('a second run changes no figure and adds nothing: only sign-ins are written', () => {
    expect(afterSecond).toEqual(afterFirst);
    expect(second.organization).toMatchObject({ id: first.organization.id, created: false });
    expect(second.people.every((p) => !p.registered)).toBe(true);
    expect(second.members_added).toBe(0);
    expect(second.work_changes).toBe(0);
    expect(second.reviews).toEqual({ posted: 0, existing: 4 });
    expect(second.feedback).toEqual({ posted: 0, existing: 10 });
    expect(second.activity.generated).toBe(first.activity.generated);
    expect(second.activity.records).toBeLessThan(first.activity.records / 10); // the days stored in full are skipped
    const types = new Set(secondRunEvents.map((e) => e.type));
    expect([...types].every((t) => t.startsWith('atlas.RefreshFamily') || t === 'atlas.RefreshTokenRotated')).toBe(
      true,
    );
    expect(types.has('atlas.RefreshFamilyStarted')).toBe(true);
  });

  it('a run a week later adds the minutes of its window, and leaves the earlier days as they were', async () => {
    const later = await runDemo(urls, OPTIONS, { now: () => REAL_NOW });
    const afterLater = await figures(later.organization.id);
    expect(later.organization.id).toBe(first.organization.id);
    expect(later.work_changes).toBe(0);
    // The windows (3 days each, a week apart) do not overlap: the total is both runs' minutes.
    expect(afterLater.team.total_productive_seconds).toBe(
      first.activity.generated_seconds + later.activity.generated_seconds,
    );
    expect(later.activity.generated_seconds).toBeGreaterThan(0);
    const windowStart = berlinDate(Date.parse(later.activity.from));
    const before = (answer: typeof afterLater) => answer.team.days.filter((d: any) => d.date < windowStart);
    expect(before(afterLater)).toEqual(before(afterSecond));
    expect(afterLater.tasks).toEqual(afterSecond.tasks);
    const noah = afterLater.team.members.find((m: any) => m.username === 'demo.noah');
    expect(noah.productive_seconds).toBe(0);
  });
});
