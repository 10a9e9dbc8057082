/**
 * The agent as a user runs it: a real `atlas-agent start` process with the real uiohook-napi hook
 * on an X server of its own, xdotool typing a known number of keys and clicks into it, and the
 * whole system (`system/start.ts`, as `npm start` runs it) on a temporary data dir. The agent's
 * clock runs 60 times faster (a minute in a second), from an origin in the past.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_FIELDS } from './counting/record.js';
import { AgentQueue } from './home/queue.js';
import { stateOf } from './run/state-keys.js';
import { api, registerPerson, serverTotals, trackAllDay, type Person } from './test-fixtures/people.js';
import {
  agentEnv,
  agentCommand,
  exited,
  removeDir,
  requireXvfb,
  spawnAgent,
  startSystem,
  startXvfb,
  tempDir,
  waitFor,
  type SystemProcess,
  type XServer,
} from './test-fixtures/processes.js';

const run = requireXvfb();

describe.runIf(run)('atlas-agent start, under Xvfb, against the running system', () => {
  let system: SystemProcess;
  let x: XServer;
  let alice: Person;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let origin: number;

  beforeAll(async () => {
    [system, x] = await Promise.all([startSystem(), startXvfb()]);
    alice = await registerPerson(system.urls.atlas, 'alice');
    await trackAllDay(system.urls.codecrafters, alice);
    home = tempDir('atlas-agent-home-');
    ({ env, origin } = agentEnv(home, { atlas: system.urls.atlas, codecrafters: system.urls.codecrafters }, x.display));
  });

  afterAll(async () => {
    await Promise.all([system?.stop(), x?.stop()]);
    if (home) removeDir(home);
    if (system) removeDir(system.dataDir);
  });

  it('refuses to start before login, and logs in with the password from stdin into a 0600 file', () => {
    const before = agentCommand(env, ['start']);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain('not signed in');
    const login = agentCommand(env, ['login', '--username', 'alice', '--password-stdin'], `${alice.password}\n`);
    expect(login.stderr).toBe('');
    expect(login.stdout).toContain('Signed in as alice');
    const status = JSON.parse(agentCommand(env, ['status', '--json']).stdout) as { signed_in: { username: string } };
    expect(status.signed_in.username).toBe('alice');
    expect(statSync(path.join(home, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });

  let taskId: string;
  it('sets the current task only to one the user may log time on', async () => {
    const project = await api<{ id: string }>(
      `${system.urls.atlas}/api/v1/organizations/${alice.organization_id}/projects`,
      alice.token,
      'POST',
      { name: 'Agent' },
    );
    const task = await api<{ id: string }>(
      `${system.urls.atlas}/api/v1/projects/${project.body.id}/tasks`,
      alice.token,
      'POST',
      {
        title: 'Write the agent',
      },
    );
    taskId = task.body.id;
    const bob = await registerPerson(system.urls.atlas, 'bob');
    const bobs = await api<{ id: string }>(
      `${system.urls.atlas}/api/v1/organizations/${bob.organization_id}/projects`,
      bob.token,
      'POST',
      {
        name: 'Secret',
      },
    );
    const bobsTask = await api<{ id: string }>(
      `${system.urls.atlas}/api/v1/projects/${bobs.body.id}/tasks`,
      bob.token,
      'POST',
      {
        title: 'Not yours',
      },
    );
    await waitFor('the task in the read model', async () =>
      (await api(`${system.urls.codecrafters}/api/v1/productivity/tasks/${bobsTask.body.id}`, bob.token)).status === 200
        ? true
        : undefined,
    );
    const refused = agentCommand(env, ['task', bobsTask.body.id]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`you cannot log time on task ${bobsTask.body.id}`);
    expect(agentCommand(env, ['task', 'not-a-uuid']).status).toBe(2);
    const chosen = await waitFor("alice's task", () => {
      const r = agentCommand(env, ['task', taskId]);
      return r.status === 0 ? r : undefined;
    });
    expect(chosen.stdout).toContain('Current task: Write the agent');
    const status = JSON.parse(agentCommand(env, ['status', '--json']).stdout) as { task: { task_id: string } };
    expect(status.task.task_id).toBe(taskId);
  });

  it('logs in with a pasted token read from stdin (and refuses a forged one)', async () => {
    const bobHome = tempDir('atlas-agent-bob-');
    try {
      const bob = await registerPerson(system.urls.atlas, 'bob2');
      const bobEnv = { ...env, ATLAS_AGENT_HOME: bobHome };
      const forged = agentCommand(bobEnv, ['login', '--token', '-'], `${bob.token.slice(0, -4)}AAAA\n`);
      expect(forged.status).toBe(1);
      expect(forged.stderr).toContain('the token was not accepted');
      const pasted = agentCommand(bobEnv, ['login', '--token', '-'], `${bob.token}\n`);
      expect(pasted.stdout).toContain('Signed in as bob2');
      const status = JSON.parse(agentCommand(bobEnv, ['status', '--json']).stdout) as {
        signed_in: { renewable: boolean };
      };
      expect(status.signed_in.renewable).toBe(false);
      expect(agentCommand(bobEnv, ['logout']).stdout).toContain('Signed out bob2');
      expect(agentCommand(bobEnv, ['status']).stdout).toContain('Signed in: no');
    } finally {
      removeDir(bobHome);
    }
  });

  it('counts exactly the keys and clicks typed, and Code Crafters shows them and the seconds the queue recorded', async () => {
    const agent = spawnAgent(env);
    await waitFor('the agent to track', () => {
      const s = JSON.parse(agentCommand(env, ['status', '--json']).stdout) as { tracking: string };
      return s.tracking === 'tracking' ? true : undefined;
    });
    const keys = 'abcdefghijklmnopqrstuvwxyz0123456789'; // no shifted character: one key, one keystroke
    let typed = 0;
    let clicked = 0;
    for (let round = 0; round < 4; round++) {
      x.xdotool('mousemove', String(100 + round * 50), '100', 'mousemove', '600', String(400 + round * 20));
      x.xdotool('click', '1', 'click', '1');
      clicked += 2;
      x.xdotool('type', '--delay', '15', keys);
      typed += keys.length;
      x.xdotool('click', '4', 'click', '5'); // the wheel: two scrolls, not clicks
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    // Let the hook's events land in the queue, then stop: the open minute is closed and sent.
    const queue = AgentQueue.open(home);
    try {
      await waitFor('the typed keys in the tally', () => {
        const checkpoint = stateOf(queue).get('checkpoint');
        const open = checkpoint?.snapshot.counts.keystrokes ?? 0;
        const closed = queue.totals('queued').keystrokes + queue.totals('delivered').keystrokes;
        return open + closed === typed ? true : undefined;
      });
      agent.child.kill('SIGINT');
      expect(await exited(agent.child)).toBe(0);
      expect(queue.depth()).toBe(0);
      expect(queue.refusedCount()).toBe(0);
      const local = queue.totals('delivered');
      expect(local).toMatchObject({ keystrokes: typed, clicks: clicked, scrolls: 8 });
      expect(local.active_seconds).toBeGreaterThan(0);
      expect(local.mouse_distance_px).toBeGreaterThan(0);
      const server = await waitFor('the read model', async () => {
        const totals = await serverTotals(system.urls.codecrafters, alice, origin);
        return totals.keystrokes === typed ? totals : undefined;
      });
      expect(server).toEqual({
        productive_seconds: local.active_seconds,
        active_minutes: expect.any(Number),
        keystrokes: typed,
        clicks: clicked,
        scrolls: 8,
        mouse_distance_px: local.mouse_distance_px,
      });
      // Every minute went to the current task.
      const task = await api<{ total_productive_seconds: number }>(
        `${system.urls.codecrafters}/api/v1/productivity/tasks/${taskId}`,
        alice.token,
      );
      expect(task.body.total_productive_seconds).toBe(local.active_seconds);
    } finally {
      queue.close();
      if (agent.child.exitCode === null) agent.child.kill('SIGKILL');
    }
  });

  it('with --dry-run prints each batch as it would be sent, and sends nothing', async () => {
    const before = await serverTotals(system.urls.codecrafters, alice, origin);
    const dryHome = tempDir('atlas-agent-dry-');
    try {
      const agent = spawnAgent({ ...env, ATLAS_AGENT_HOME: dryHome }, ['start', '--dry-run']);
      await waitFor('the dry run to count', () => (agent.output().includes('dry run') ? true : undefined));
      x.xdotool('type', '--delay', '15', 'dryrun');
      await waitFor('a printed batch', () => (agent.stdout().includes('"records"') ? true : undefined), 20_000);
      agent.child.kill('SIGINT');
      expect(await exited(agent.child)).toBe(0);
      const batches = agent
        .stdout()
        .split(/\n(?=\{)/)
        .map((chunk) => JSON.parse(chunk) as { records: { keystrokes: number }[] });
      const keys = batches.flatMap((b) => b.records).reduce((n, r) => n + r.keystrokes, 0);
      expect(keys).toBe('dryrun'.length);
      for (const record of batches.flatMap((b) => b.records))
        expect(Object.keys(record).sort()).toEqual([...RECORD_FIELDS].sort());
      expect(await serverTotals(system.urls.codecrafters, alice, origin)).toEqual(before);
    } finally {
      removeDir(dryHome);
    }
  });

  it('counts nothing while paused, and says so', async () => {
    const queue = AgentQueue.open(home);
    const agent = spawnAgent(env);
    try {
      await waitFor('tracking', () => {
        const s = JSON.parse(agentCommand(env, ['status', '--json']).stdout) as { tracking: string };
        return s.tracking === 'tracking' ? true : undefined;
      });
      expect(agentCommand(env, ['pause', '--for', '2h']).stdout).toContain('Paused until');
      const paused = await waitFor('paused', () => {
        const s = JSON.parse(agentCommand(env, ['status', '--json']).stdout) as { tracking: string; reason: string };
        return s.tracking === 'paused' ? s : undefined;
      });
      expect(paused.reason).toContain('paused until');
      const before = queue.totals('delivered').keystrokes + queue.totals('queued').keystrokes;
      x.xdotool('type', '--delay', '15', 'secret');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(agentCommand(env, ['resume']).stdout).toContain('Resumed');
      agent.child.kill('SIGINT');
      expect(await exited(agent.child)).toBe(0);
      expect(queue.totals('delivered').keystrokes + queue.totals('queued').keystrokes).toBe(before);
      expect(agentCommand(env, ['pause', '--for', 'soon']).status).toBe(2);
    } finally {
      queue.close();
      if (agent.child.exitCode === null) agent.child.kill('SIGKILL');
    }
  });

  it('runs once per home', async () => {
    const first = spawnAgent(env);
    try {
      await waitFor('the first agent', () => (first.output().includes('counting input') ? true : undefined));
      const second = agentCommand(env, ['start']);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('already running');
    } finally {
      first.child.kill('SIGINT');
      await exited(first.child);
    }
  });

  it('renews an expired access token; once the login is revoked, status says sign in again and the queue keeps growing', async () => {
    const file = path.join(home, 'credentials.json');
    const read = () =>
      JSON.parse(readFileSync(file, 'utf8')) as {
        access_token: string;
        refresh_token: string;
        access_expires_at: number;
      };
    const expire = () => writeFileSync(file, JSON.stringify({ ...read(), access_expires_at: 0 }), { mode: 0o600 });
    const before = read();
    expire();
    expect(agentCommand(env, ['task', taskId]).status).toBe(0); // needs a token: renewed
    const renewed = read();
    expect(renewed.access_token).not.toBe(before.access_token);
    expect(renewed.refresh_token).not.toBe(before.refresh_token); // rotated, and stored
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // The login is revoked elsewhere (as `logout` on another machine would); the access token then expires.
    const revoked = await fetch(`${system.urls.atlas}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: renewed.refresh_token }),
    });
    expect(revoked.status).toBe(204);
    expire();
    const agent = spawnAgent(env);
    const queue = AgentQueue.open(home);
    try {
      await waitFor('tracking', () => {
        const s = JSON.parse(agentCommand(env, ['status', '--json']).stdout) as { tracking: string };
        return s.tracking === 'tracking' ? true : undefined;
      });
      const depth = queue.depth();
      x.xdotool('type', '--delay', '15', 'later');
      const said = await waitFor('sign in again', () => {
        const r = agentCommand(env, ['status']);
        return r.stdout.includes('Sign in again') ? r.stdout : undefined;
      });
      expect(said).toContain('sign in again');
      await waitFor('the queue to grow', () => (queue.depth() > depth ? true : undefined));
      agent.child.kill('SIGINT');
      expect(await exited(agent.child)).toBe(0);
      expect(queue.depth()).toBeGreaterThan(depth);
    } finally {
      queue.close();
      if (agent.child.exitCode === null) agent.child.kill('SIGKILL');
    }
    // Signing in again delivers what waited.
    expect(agentCommand(env, ['login', '--username', 'alice', '--password-stdin'], alice.password).status).toBe(0);
  });

  it('says in one line why it cannot count where there is no display, and exits non-zero', () => {
    const noDisplay = agentCommand({ ...env, DISPLAY: '' }, ['start']);
    expect(noDisplay.status).toBe(1);
    expect(noDisplay.stderr.trim().split('\n')).toEqual([expect.stringContaining('cannot count input: no display')]);
    const deadDisplay = agentCommand({ ...env, DISPLAY: ':1999' }, ['start']);
    expect(deadDisplay.status).toBe(1);
    expect(deadDisplay.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('cannot count input: cannot open the display :1999'),
    ]);
  });
});
