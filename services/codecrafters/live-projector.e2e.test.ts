/**
 * A live notice waits for the read models, with the projector in another process: the services
 * run alone (without a projector they read the stored checkpoints), and projectors are started
 * beside them on the same stores, as another process would run them (`live-fixture.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjections, type Projector } from '../../projections/runtime/projector.js';
import { activity, D, projections, startLiveTeam, until, type LiveTeam } from './live-fixture.js';

let t: LiveTeam;
/** The projector running beside the services now, if any. */
let projector: Projector | null;

beforeAll(async () => {
  t = await startLiveTeam({ apart: true });
  projector = t.apart;
}, 60_000);

afterAll(async () => {
  await t?.closeAll();
  await projector?.stop();
  await t?.system.stop();
});

describe('with the projector in another process', () => {
  it('sends no notice while no projector commits the event, though the watcher has read it; sends it once one has', async () => {
    expect(t.system.projector).toBeNull();
    const { stream } = await t.ready(t.mona);
    await projector!.stop();
    projector = null;

    await t.work(t.alice, 1);
    const appended = await t.system.events.headPosition();
    await until(() => (t.hub.watcher.progress?.read ?? 0) >= appended, 'the watcher to read the event');
    // Read, not released: no read model has it.
    expect(t.hub.watcher.progress!.released).toBeLessThan(appended);
    const before = (await t.teamDay(t.mona, D[1]!.date)).productive_seconds;

    projector = await startProjections({ events: t.system.events, reads: t.system.reads, projections });
    const [message] = await stream.until(activity);
    expect(message).toEqual({ id: String(appended), ...t.notice(t.alice, D[1]!.date) });
    expect((await t.teamDay(t.mona, D[1]!.date)).productive_seconds).toBe(before + 60);
  });
});
