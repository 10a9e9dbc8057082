/**
 * Tests only: Code Crafters' live stream in the real system (SQLite stores in a temp dir, Atlas and
 * Code Crafters on ephemeral ports, real tokens), a team to watch (Olga owns it, Mona manages it,
 * Alice and Bob are members, Xavier is an outsider; UTC), and streams read as the dashboard reads
 * them: fetch() and a reader. Each `work` of one minute is one event, so one notice, whose id is
 * that event's position.
 */
import { expect } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import { codecraftersProjections } from '../../projections/codecrafters/index.js';
import { startProjections, type Projector } from '../../projections/runtime/projector.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { atlasService } from '../atlas/index.js';
import { liveHubOf, type LiveHub } from '../live/hub.js';
import type { LiveSettings } from '../live/settings.js';
import { openStream, until, type Message, type OpenedStream } from '../live/stream-fixture.js';
import { clients, eventually, ok, type Person } from '../scoresquad/e2e-fixture.js';
import type { ServiceModule } from '../service.js';
import { minutes } from './e2e-fixture.js';
import { createCodecraftersService } from './service.js';

export { until };

/** A day `days` ago (UTC, the team's zone) and its noon. */
const dayAgo = (days: number) => {
  const date = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  return { date, noon: `${date}T12:00:00.000Z` };
};
/** Six days, yesterday first. */
export const D = [1, 2, 3, 4, 5, 6].map(dayAgo);
/** The team route's range over them. */
export const range = `?from=${D[5]!.date}&to=${D[0]!.date}`;

export const projections = [...atlasProjections, ...codecraftersProjections];

export const activity = (message: Message) => message.event === 'activity';

export interface LiveTeam {
  system: TestSystem;
  /** With `apart`: the projector running beside the services (as in another process); else null. */
  apart: Projector | null;
  hub: LiveHub;
  crafters: string;
  on: ReturnType<typeof clients>;
  olga: Person;
  mona: Person;
  alice: Person;
  bob: Person;
  xavier: Person;
  team: string;
  /** `count` minutes of `who` on day `D[day]`, on their task in the team: `count` events. */
  work(who: Person, day: number, count?: number): Promise<void>;
  /** A stream of the team (closed by `closeAll`); `who` null sends no token. */
  open(who: Person | null, lastEventId?: string): Promise<OpenedStream>;
  /** Opened, and read up to its `ready`: live from there. */
  ready(who: Person, lastEventId?: string): Promise<{ stream: OpenedStream; start: Message[] }>;
  /** Closes every stream opened, and waits until the service has let go of them (it hears of it a little later). */
  closeAll(): Promise<void>;
  /** The activity notice of one minute of `who` on `date`. */
  notice(who: Person, date: string): { event: string; data: unknown };
  /** The team route's day, as `who` reads it. */
  teamDay(who: Person, date: string): Promise<{ productive_seconds: number }>;
}

/**
 * `apart`: the services run without a projector in their process (they read the stored
 * checkpoints), and one is started beside them on the same stores, as another process would run it.
 */
export async function startLiveTeam(
  options: { live?: Partial<LiveSettings>; apart?: boolean } = {},
): Promise<LiveTeam> {
  let hub!: LiveHub;
  const codecrafters: ServiceModule = {
    name: 'codecrafters',
    title: 'Code Crafters',
    create: (deps) => {
      const app = createCodecraftersService(deps, options.live ? { live: options.live } : {});
      hub = liveHubOf(app);
      return app;
    },
  };
  const system = await startTestSystem({
    projections,
    modules: [atlasService, codecrafters],
    ...(options.apart ? { services: ['atlas', 'codecrafters'] } : {}),
  });
  const apart = options.apart
    ? await startProjections({ events: system.events, reads: system.reads, projections })
    : null;
  const crafters = system.urls.codecrafters!;
  const on = clients(system.urls.atlas!, crafters);
  const [olga, mona, alice, bob, xavier] = (await Promise.all(
    ['olga', 'mona', 'alice', 'bob', 'xavier'].map((name) => on.person(name)),
  )) as [Person, Person, Person, Person, Person];
  const team = ok(await on.onAtlas(olga, 'POST', '/api/v1/organizations', { name: 'Live Crafters' }), 201).id as string;
  for (const [who, role] of [
    [mona, 'manager'],
    [alice, 'member'],
    [bob, 'member'],
  ] as const)
    ok(await on.onAtlas(olga, 'POST', `/api/v1/organizations/${team}/members`, { user_id: who.id, role }), 201);
  const project = ok(await on.onAtlas(olga, 'POST', `/api/v1/organizations/${team}/projects`, { name: 'Wire' }), 201)
    .id as string;
  return { system, apart, hub, crafters, on, olga, mona, alice, bob, xavier, team, ...(await helpers()) };

  async function helpers() {
    const taskOf = new Map<number, string>();
    const opened: OpenedStream[] = [];
    let minuteOffset = 0;
    const open = async (who: Person | null, lastEventId?: string) => {
      const stream = await openStream(`${crafters}/api/v1/productivity/live?organization_id=${team}`, {
        ...(who ? { token: who.token } : {}),
        ...(lastEventId === undefined ? {} : { lastEventId }),
      });
      opened.push(stream);
      return stream;
    };
    const taskFor = async (who: Person) => {
      let task = taskOf.get(who.id);
      if (task === undefined) {
        taskOf.set(who.id, (task = await on.task(olga, project, who, null)));
        // The read models know the task before a record names it (a 400 otherwise).
        await eventually(
          () => on.onSquad(who, 'GET', `/api/v1/productivity/tasks/${task}`),
          () => true,
        );
      }
      return task;
    };
    for (const member of [alice, bob]) await taskFor(member);
    return {
      async work(who: Person, day: number, count = 1) {
        const start = new Date(Date.parse(D[day]!.noon) + (minuteOffset += count) * 60_000).toISOString();
        const records = minutes(start, count, { task_id: await taskFor(who) });
        const answer = ok(await on.onSquad(who, 'POST', '/api/v1/activity/log', { records }), 202);
        expect(answer).toEqual({ accepted: count, refused: [] });
      },
      open,
      async ready(who: Person, lastEventId?: string) {
        const stream = await open(who, lastEventId);
        expect(stream.status, JSON.stringify(stream.problem)).toBe(200);
        const start = await stream.until((m) => m.event === 'ready');
        return { stream, start };
      },
      async closeAll() {
        await Promise.all(opened.splice(0).map((stream) => stream.close()));
        await until(() => hub.streams() === 0, 'the closed streams to be let go');
      },
      notice: (who: Person, date: string) => ({
        event: 'activity',
        data: { organization_id: team, user_id: who.id, dates: [date] },
      }),
      async teamDay(who: Person, date: string) {
        const body = ok(await on.onSquad(who, 'GET', `/api/v1/productivity/teams/${team}${range}`));
        return body.days.find((d: { date: string }) => d.date === date) as { productive_seconds: number };
      },
    };
  }
}
