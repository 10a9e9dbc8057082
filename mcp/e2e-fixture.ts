/**
 * Tests only: the real system (stores, projector, the four APIs) with demo data built through the
 * APIs, for the MCP server's suites. Olga owns "Crafters" (Asia/Kolkata) with Mona (manager), Alice,
 * Bob and Carol (members; Carol never works); Xavier is in no organization of Olga's. The clock
 * stands at Tuesday 2026-03-10 17:30 in Kolkata, so `this_week` is 2026-03-09..2026-03-10 there.
 */
import { minutes } from '../services/codecrafters/e2e-fixture.js';
import { clients, eventually, ok, request, type Person } from '../services/scoresquad/e2e-fixture.js';
import { startTestSystem, type TestSystem } from '../system/test-system.js';
import type { ServiceUrls } from './api.js';

export { eventually, ok, request, type Person };

export const NOW = new Date('2026-03-10T12:00:00.000Z');

export interface Demo {
  system: TestSystem;
  urls: ServiceUrls;
  olga: Person;
  mona: Person;
  alice: Person;
  bob: Person;
  carol: Person;
  xavier: Person;
  team: string;
  project: string;
  taskA: string;
  taskB: string;
  /** GET on a service as a person: the API's own answer, to compare the tools with. */
  ask(who: Person, service: keyof ServiceUrls, path: string): Promise<any>;
}

export async function startDemo(env: Record<string, string> = {}): Promise<Demo> {
  const system = await startTestSystem({ clock: () => NOW, env });
  const urls = system.urls as ServiceUrls;
  const on = clients(urls.atlas, urls.codecrafters);
  const [olga, mona, alice, bob, carol, xavier] = await Promise.all(
    ['olga', 'mona', 'alice', 'bob', 'carol', 'xavier'].map((name) => on.person(name)),
  );
  const atlas = (who: Person, path: string, body: unknown) => on.onAtlas(who, 'POST', path, body);
  const team = ok(await atlas(olga!, '/api/v1/organizations', { name: 'Crafters', timezone: 'Asia/Kolkata' }), 201).id;
  for (const [who, role] of [
    [mona!, 'manager'],
    [alice!, 'member'],
    [bob!, 'member'],
    [carol!, 'member'],
  ] as const)
    ok(await atlas(olga!, `/api/v1/organizations/${team}/members`, { user_id: who.id, role }), 201);
  const project = ok(await atlas(olga!, `/api/v1/organizations/${team}/projects`, { name: 'Forge' }), 201).id;
  const taskA = await on.task(mona!, project, alice!, null);
  const taskB = await on.task(mona!, project, bob!, '2026-03-20');
  ok(await atlas(alice!, `/api/v1/tasks/${taskA}/start`, {}));
  ok(await atlas(alice!, `/api/v1/tasks/${taskA}/complete`, {}));

  const ask = async (who: Person, service: keyof ServiceUrls, path: string) =>
    ok(await request(urls[service], 'GET', path, { token: who.token }));
  await eventually(
    () => request(urls.codecrafters, 'GET', `/api/v1/productivity/tasks/${taskB}`, { token: bob!.token }),
    () => true,
  );
  await eventually(
    () => request(urls.codecrafters, 'GET', `/api/v1/productivity/teams/${team}`, { token: olga!.token }),
    (b) => b.members.length === 5,
  );
  const log = (who: Person, records: unknown[]) =>
    request(urls.codecrafters, 'POST', '/api/v1/activity/log', { token: who.token, body: { records } });
  // Kolkata is UTC+05:30: 03:30 UTC is 09:00 there.
  ok(await log(alice!, minutes('2026-03-09T03:30:00Z', 420, { task_id: taskA })), 202); // Mon 7 h
  ok(await log(alice!, minutes('2026-03-04T03:30:00Z', 360, { task_id: taskA })), 202); // last week 6 h
  ok(await log(bob!, minutes('2026-03-10T03:30:00Z', 330, { task_id: taskB })), 202); // Tue 5.5 h
  await eventually(
    () =>
      request(urls.codecrafters, 'GET', `/api/v1/productivity/teams/${team}?from=2026-03-02&to=2026-03-10`, {
        token: olga!.token,
      }),
    (b) => b.total_productive_hours === 18.5,
  );
  return {
    system,
    urls,
    olga: olga!,
    mona: mona!,
    alice: alice!,
    bob: bob!,
    carol: carol!,
    xavier: xavier!,
    team,
    project,
    taskA,
    taskB,
    ask,
  };
}
