/**
 * Tests only: the real system with Atlas and Code Crafters (SQLite stores in a temp dir, the
 * projector, both APIs on ephemeral ports) and the agent's records. Talking to the services as real
 * users goes through the ScoreSquad fixture's helpers (`clients`, `eventually`, `ok`).
 */
import { randomUUID } from 'node:crypto';
import { atlasProjections } from '../../projections/atlas/index.js';
import { codecraftersProjections } from '../../projections/codecrafters/index.js';
import type { ServiceName } from '../../system/system.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import type { ActivityRecordInput } from '../../write/codecrafters/index.js';
import { clients, ok, type Answer, type Person } from '../scoresquad/e2e-fixture.js';
import { codecraftersService } from './index.js';
import { atlasService } from '../atlas/index.js';

export { eventually, expectProblem, ok, request, type Answer, type Person } from '../scoresquad/e2e-fixture.js';

export type Call = (who: Person | null, method: string, path: string, body?: unknown) => Promise<Answer>;

export interface Crafters {
  system: TestSystem;
  atlas: string;
  crafters: string;
  onAtlas: Call;
  onCrafters: Call;
  person: ReturnType<typeof clients>['person'];
  task: ReturnType<typeof clients>['task'];
  /** The event store's head position: a refused request must not move it. */
  head(): Promise<number>;
}

/** With `services` leaving out the projector, the read models stand still: the longest lag there is. */
export async function startCrafters(clock: () => Date, services?: ServiceName[]): Promise<Crafters> {
  const projections = [...atlasProjections, ...codecraftersProjections];
  const system = await startTestSystem({
    clock,
    projections,
    modules: [atlasService, codecraftersService],
    ...(services ? { services } : {}),
  });
  const atlas = system.urls.atlas!;
  const crafters = system.urls.codecrafters!;
  const on = clients(atlas, crafters);
  return {
    system,
    atlas,
    crafters,
    onAtlas: on.onAtlas,
    onCrafters: on.onSquad,
    person: on.person,
    task: on.task,
    head: () => system.events.headPosition(),
  };
}

export type AgentRecord = ActivityRecordInput;

/** An idle minute's counters: the agent saw nothing done. */
export const IDLE = {
  active_seconds: 0,
  keystrokes: 0,
  clicks: 0,
  scrolls: 0,
  mouse_distance_px: 0,
} as const satisfies Partial<AgentRecord>;

/** `count` consecutive minutes from `start` (UTC), each with the same counters. */
export function minutes(start: string, count: number, fields: Partial<AgentRecord> = {}): AgentRecord[] {
  const first = Date.parse(start);
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    device_id: 'laptop',
    minute_start: new Date(first + i * 60_000).toISOString(),
    tz_offset_minutes: 0,
    active_seconds: 60,
    keystrokes: 20,
    clicks: 3,
    scrolls: 2,
    mouse_distance_px: 1_000,
    ...fields,
  }));
}

/** The team both end-to-end suites start from: Olga owns "Crafters" (Asia/Kolkata) with its project "Forge". */
export interface CraftersTeam {
  olga: Person;
  /** Manager. */
  mona: Person;
  /** Members. */
  alice: Person;
  bob: Person;
  /** In no organization of Olga's. */
  xavier: Person;
  team: string;
  project: string;
}

export async function craftersTeam(c: Crafters): Promise<CraftersTeam> {
  const [olga, mona, alice, bob, xavier] = (await Promise.all(
    ['olga', 'mona', 'alice', 'bob', 'xavier'].map((name) => c.person(name)),
  )) as [Person, Person, Person, Person, Person];
  const team = ok(
    await c.onAtlas(olga, 'POST', '/api/v1/organizations', { name: 'Crafters', timezone: 'Asia/Kolkata' }),
    201,
  ).id as string;
  for (const [who, role] of [
    [mona, 'manager'],
    [alice, 'member'],
    [bob, 'member'],
  ] as const) {
    ok(await c.onAtlas(olga, 'POST', `/api/v1/organizations/${team}/members`, { user_id: who.id, role }), 201);
  }
  const project = ok(await c.onAtlas(olga, 'POST', `/api/v1/organizations/${team}/projects`, { name: 'Forge' }), 201)
    .id as string;
  return { olga, mona, alice, bob, xavier, team, project };
}
