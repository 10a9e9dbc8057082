/**
 * Resuming Code Crafters' live stream with `Last-Event-ID`, in the real system (`live-fixture.ts`):
 * exactly the notices missed, those the viewer may see, none twice, none lost; one `reset` when
 * too far behind or for an unknown id. Waiting for a message is bounded, never asserted on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestSystem } from '../../system/test-system.js';
import type { Person } from './e2e-fixture.js';
import { activity, D, startLiveTeam, type LiveTeam } from './live-fixture.js';

const MAX_BACKLOG = 20;

let t: LiveTeam;
let system: TestSystem, mona: Person, alice: Person, bob: Person;
let work: LiveTeam['work'], open: LiveTeam['open'], ready: LiveTeam['ready'], notice: LiveTeam['notice'];

beforeAll(async () => {
  t = await startLiveTeam({ live: { maxBacklog: MAX_BACKLOG } });
  ({ system, mona, alice, bob, work, open, ready, notice } = t);
}, 60_000);

afterEach(() => t.closeAll());

afterAll(async () => {
  await t?.system.stop();
});

describe('resuming with Last-Event-ID', () => {
  it('sends exactly the notices missed since that id, then ready; none twice, none lost', async () => {
    const control = await ready(mona);
    const first = await ready(mona);
    await work(alice, 3);
    const [missedFrom] = await first.stream.until(activity);
    await first.stream.close();
    expect(first.stream.lastEventId).toBe(missedFrom!.id);

    await work(alice, 4);
    await work(bob, 4);
    const sent = (await control.stream.until((m) => activity(m) && m.data.user_id === bob.id)).filter(
      (m) => activity(m) && Number(m.id) > Number(missedFrom!.id),
    );
    // Both are in the rollups by now (the control stream had them), so the resume reads them.
    const resumed = await open(mona, missedFrom!.id);
    const backlog = await resumed.until((m) => m.event === 'ready');
    expect(backlog.slice(0, -1)).toEqual([
      { id: sent[0]!.id, ...notice(alice, D[4]!.date) },
      { id: sent[1]!.id, ...notice(bob, D[4]!.date) },
    ]);
    expect(Number(backlog.at(-1)!.id)).toBeGreaterThanOrEqual(Number(sent[1]!.id));

    await work(alice, 5);
    expect(await resumed.until(activity)).toEqual([{ id: expect.any(String), ...notice(alice, D[5]!.date) }]);
  });

  it('gives a member only their own missed notices', async () => {
    const forAlice = await ready(alice);
    await work(alice, 3);
    const [from] = await forAlice.stream.until(activity);
    await forAlice.stream.close();
    await work(bob, 3);
    await work(alice, 3);
    const later = await ready(mona);
    await work(bob, 3);
    await later.stream.until((m) => activity(m) && m.data.user_id === bob.id);
    const resumed = await ready(alice, from!.id);
    expect(resumed.start.filter(activity)).toEqual([{ id: expect.any(String), ...notice(alice, D[3]!.date) }]);
  });

  it(`sends one reset, and goes on from the head, when more than ${MAX_BACKLOG} events were missed or the id is unknown`, async () => {
    const first = await ready(mona);
    await work(alice, 5);
    const [from] = await first.stream.until(activity);
    await first.stream.close();
    await work(bob, 5, MAX_BACKLOG + 5);
    const control = await ready(mona);
    await work(alice, 5);
    await control.stream.until(activity);

    const resumed = await ready(mona, from!.id);
    expect(resumed.start).toEqual([
      { id: resumed.start[1]!.id, event: 'reset', data: { reason: expect.stringMatching(/refetch everything/) } },
      { id: resumed.start[1]!.id, event: 'ready', data: { position: Number(resumed.start[1]!.id) } },
    ]);
    const unknown = await ready(mona, String((await system.events.headPosition()) + 1_000));
    expect(unknown.start.map((m) => m.event)).toEqual(['reset', 'ready']);
    await work(alice, 5);
    expect((await unknown.stream.until(activity)).map((m) => m.data.user_id)).toEqual([alice.id]);
  });
});
