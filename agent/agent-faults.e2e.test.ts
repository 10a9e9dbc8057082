/**
 * Exactly once through outages: Code Crafters is unreachable for several (shortened) minutes,
 * then answers 503, then the agent is killed with SIGKILL in the middle of a send whose batch the
 * server stored, while input goes on. After both are back, the server's totals equal the sum of
 * the agent's local records: no minute lost, none counted twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentQueue } from './home/queue.js';
import { startProxy, type Proxy } from './test-fixtures/proxy.js';
import { registerPerson, serverTotals, trackAllDay, type Person } from './test-fixtures/people.js';
import * as processes from './test-fixtures/processes.js';
import type { AgentProcess, SystemProcess, XServer } from './test-fixtures/processes.js';

const { agentEnv, agentCommand, exited, removeDir, requireXvfb, spawnAgent, startSystem, startXvfb, tempDir, waitFor } =
  processes;

const run = requireXvfb();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Status {
  tracking: string;
  queue_depth: number;
  last_delivery: { result: string; detail: string } | null;
}

describe.runIf(run)('atlas-agent through an outage and a SIGKILL mid-send', () => {
  let system: SystemProcess;
  let x: XServer;
  let proxy: Proxy;
  let carol: Person;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let origin: number;

  beforeAll(async () => {
    [system, x] = await Promise.all([startSystem(), startXvfb()]);
    proxy = await startProxy(system.urls.codecrafters);
    carol = await registerPerson(system.urls.atlas, 'carol');
    await trackAllDay(system.urls.codecrafters, carol);
    home = tempDir('atlas-agent-faults-');
    ({ env, origin } = agentEnv(home, { atlas: system.urls.atlas, codecrafters: proxy.url }, x.display));
    const login = agentCommand(env, ['login', '--username', 'carol', '--password-stdin'], carol.password);
    expect(login.status, login.stderr).toBe(0);
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([system?.stop(), x?.stop()]);
    if (home) removeDir(home);
    if (system) removeDir(system.dataDir);
  });

  const status = (): Status => JSON.parse(agentCommand(env, ['status', '--json']).stdout) as Status;

  it('delivers every recorded minute exactly once', async () => {
    let typing = true;
    let round = 0;
    // Typing starts once the agent tracks, and pauses between rounds while it is killed and started
    // again: a round the hook saw only part of (keys typed while no agent ran) would break the
    // six-keys-per-round count.
    let paused = true;
    const pause: { reached: (() => void) | null } = { reached: null };
    const betweenRounds = () =>
      new Promise<void>((resolve) => {
        pause.reached = resolve;
        paused = true;
      });
    const input = (async () => {
      while (typing) {
        if (paused) {
          pause.reached?.();
          pause.reached = null;
          await sleep(50);
          continue;
        }
        round++;
        await x.xdotoolAsync(
          'mousemove',
          String(50 + (round % 10) * 40),
          '200',
          'click',
          '1',
          'type',
          '--delay',
          '10',
          'qwerty',
        );
        await sleep(250);
      }
    })();
    let agent: AgentProcess = spawnAgent(env);
    try {
      await waitFor('tracking', () => (status().tracking === 'tracking' ? true : undefined));
      paused = false;
      await waitFor('a first delivery', () => (status().last_delivery?.result === 'accepted' ? true : undefined));

      await proxy.set('down'); // five agent minutes without Code Crafters
      await waitFor('a failed send', () => (status().last_delivery?.result === 'retrying' ? true : undefined));
      await sleep(5_000);
      expect(status().queue_depth).toBeGreaterThan(2);

      await proxy.set('unavailable'); // then 503 with Retry-After
      await waitFor('a 503', () => (proxy.counts.unavailable > 0 ? true : undefined));
      await sleep(1_500);

      await proxy.set('hold'); // the server stores the next batch; the agent never hears back
      expect(await proxy.held()).toBe(202);
      await betweenRounds();
      agent.child.kill('SIGKILL');
      await exited(agent.child);
      await proxy.set('pass');

      agent = spawnAgent(env); // after a crash: the same ids go again
      await waitFor('tracking again', () => (status().tracking === 'tracking' ? true : undefined));
      paused = false;
      await sleep(3_000);
    } finally {
      typing = false;
      await input;
    }
    agent.child.kill('SIGINT');
    expect(await exited(agent.child)).toBe(0);
    expect(status().queue_depth).toBe(0); // the stop closed the open minute and sent it

    const queue = AgentQueue.open(home);
    try {
      expect(queue.refusedCount()).toBe(0);
      const local = queue.totals('delivered');
      expect(local.keystrokes).toBeGreaterThan(0);
      const server = await waitFor('the read model to catch up', async () => {
        const totals = await serverTotals(system.urls.codecrafters, carol, origin);
        return totals.keystrokes === local.keystrokes ? totals : undefined;
      });
      expect(server).toEqual({
        productive_seconds: local.active_seconds,
        active_minutes: local.minutes,
        keystrokes: local.keystrokes,
        clicks: local.clicks,
        scrolls: local.scrolls,
        mouse_distance_px: local.mouse_distance_px,
      });
      // What the hook saw is what the records hold: six keys and a click per round.
      expect(local.keystrokes % 6).toBe(0);
    } finally {
      queue.close();
    }
  });
});
