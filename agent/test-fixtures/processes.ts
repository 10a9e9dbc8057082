/**
 * Real processes for the agent's end-to-end suites: the whole system as `npm start` runs it (on a
 * temporary data dir and free ports), an X server (Xvfb) with xdotool to type into it, and the
 * agent's own command line. Nothing is mocked: the suites drive what a user would.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from '../../system/system.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AGENT_BIN = path.join(ROOT, 'agent', 'bin', 'atlas-agent.js');

export const tempDir = (prefix: string): string => mkdtempSync(path.join(os.tmpdir(), prefix));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** The system (`npm start`'s `system/start.ts`) in a child process. */
export interface SystemProcess {
  urls: { atlas: string; nexacore: string; codecrafters: string; scoresquad: string };
  /** The MCP server's base URL (Streamable HTTP at `/mcp`). */
  mcpUrl: string;
  /** The dashboard's base URL, when it is one of the parts. */
  dashboardUrl: string | null;
  dataDir: string;
  child: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

/** Every part but the dashboard: the suites that drive a browser ask for it (dashboard/e2e/). */
export const PARTS_BUT_DASHBOARD = [
  'projector',
  'atlas',
  'nexacore',
  'codecrafters',
  'scoresquad',
  'mcp',
] as const satisfies readonly ServiceName[];

export interface SystemOptions {
  /** The parts to run (`npm start -- <parts>`); `all` is every part. Default: `PARTS_BUT_DASHBOARD`. */
  parts?: readonly ServiceName[] | 'all';
}

export async function startSystem(
  dataDir = tempDir('atlas-agent-system-'),
  env: NodeJS.ProcessEnv = {},
  options: SystemOptions = {},
): Promise<SystemProcess> {
  const parts = options.parts ?? PARTS_BUT_DASHBOARD;
  const runs = (part: ServiceName) => parts === 'all' || parts.includes(part);
  const [atlas, nexacore, codecrafters, scoresquad, mcp, dashboard] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'system/start.ts', ...(parts === 'all' ? [] : parts)], {
    cwd: ROOT,
    env: {
      ...process.env,
      ATLAS_DATA_DIR: dataDir,
      ATLAS_PORT: String(atlas),
      NEXACORE_PORT: String(nexacore),
      CODECRAFTERS_PORT: String(codecrafters),
      SCORESQUAD_PORT: String(scoresquad),
      MCP_PORT: String(mcp),
      DASHBOARD_PORT: String(dashboard),
      DASHBOARD_URL: `http://127.0.0.1:${dashboard}`,
      LOG_LEVEL: 'warn',
      ESDB_URL: '',
      MONGO_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const urls = {
    atlas: `http://127.0.0.1:${atlas}`,
    nexacore: `http://127.0.0.1:${nexacore}`,
    codecrafters: `http://127.0.0.1:${codecrafters}`,
    scoresquad: `http://127.0.0.1:${scoresquad}`,
  };
  const mcpUrl = `http://127.0.0.1:${mcp}`;
  const dashboardUrl = runs('dashboard') ? `http://127.0.0.1:${dashboard}` : null;
  const healthy = [
    ...(['atlas', 'nexacore', 'codecrafters', 'scoresquad'] as const).filter(runs).map((name) => urls[name]),
    ...(runs('mcp') ? [mcpUrl] : []),
    ...(dashboardUrl ? [dashboardUrl] : []),
  ];
  // The dashboard builds before anything listens when its build is stale: give that time. A system
  // that exits (a bad setting, a failed build) fails at once, with its log.
  const timeoutMs = dashboardUrl ? 180_000 : 30_000;
  let up = false;
  const died = exited(child).then((code) => {
    if (!up) throw new Error(`the system exited ${code} before it was up: ${output.slice(-2000)}`);
  });
  died.catch(() => undefined); // raced below
  for (const url of healthy)
    await Promise.race([
      died,
      waitFor(
        `${url}/healthz (system log: ${output.slice(-500)})`,
        async () => {
          const response = await fetch(`${url}/healthz`);
          return response.ok ? true : undefined;
        },
        timeoutMs,
      ),
    ]);
  up = true;
  return {
    urls,
    mcpUrl,
    dashboardUrl,
    dataDir,
    child,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/** An X server of its own, so the suite's input goes to no one else. */
export interface XServer {
  display: string;
  /** Runs xdotool with these arguments against this display; waits for it. */
  xdotool(...args: string[]): void;
  /** The same, without blocking this process (a proxy in it keeps answering). */
  xdotoolAsync(...args: string[]): Promise<void>;
  stop(): Promise<void>;
}

export function xvfbAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v Xvfb && command -v xdotool'], { encoding: 'utf8' }).status === 0;
}

export async function startXvfb(): Promise<XServer> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const number = 100 + Math.floor(Math.random() * 800);
    if (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) continue;
    const display = `:${number}`;
    const child = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    const ready = await waitFor(
      `Xvfb ${display}`,
      () => {
        if (child.exitCode !== null) return false;
        return spawnSync('xdotool', ['getmouselocation'], { env: { ...process.env, DISPLAY: display } }).status === 0
          ? true
          : undefined;
      },
      10_000,
    ).catch(() => false);
    if (!ready) {
      child.kill('SIGKILL');
      continue;
    }
    return {
      display,
      xdotool(...args) {
        const run = spawnSync('xdotool', args, { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`xdotool ${args.join(' ')} failed: ${run.stderr}`);
      },
      xdotoolAsync(...args) {
        const run = spawn('xdotool', args, { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
        return exited(run).then((code) => {
          if (code !== 0) throw new Error(`xdotool ${args.join(' ')} exited ${code}`);
        });
      },
      async stop() {
        child.kill('SIGTERM');
        await exited(child);
      },
    };
  }
  throw new Error('could not start Xvfb on a free display');
}

/** Runs `atlas-agent <args>` to its end. */
export function agentCommand(
  env: NodeJS.ProcessEnv,
  args: string[],
  stdin?: string,
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [AGENT_BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    input: stdin ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `atlas-agent start` in the background. */
export interface AgentProcess {
  child: ChildProcess;
  output: () => string;
  stdout: () => string;
}

export function spawnAgent(env: NodeJS.ProcessEnv, args: string[] = ['start']): AgentProcess {
  let output = '';
  let stdout = '';
  const child = spawn(process.execPath, [AGENT_BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output, stdout: () => stdout };
}

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** In CI a suite that cannot run fails; on a laptop without Xvfb it is skipped, with a banner. */
export function requireXvfb(): boolean {
  if (xvfbAvailable()) return true;
  if (process.env.CI) throw new Error('Xvfb and xdotool are required in CI (apt-get install xvfb xdotool)');
  console.warn('\n*** agent end-to-end suites skipped: install xvfb and xdotool to run them ***\n');
  return false;
}

/**
 * A suite's agent settings: its home, the services, the display, and a clock that runs a minute a
 * second from two hours ago (one time line for every agent process the suite starts), so that its
 * minutes stay in the past for the two minutes of real time a suite lasts. `origin` is where
 * its first minute is.
 */
export function agentEnv(
  home: string,
  urls: { atlas: string; codecrafters: string },
  display: string,
): { env: NodeJS.ProcessEnv; origin: number } {
  const epoch = Date.now();
  const origin = epoch - 120 * 60_000;
  return {
    origin,
    env: {
      ATLAS_AGENT_HOME: home,
      ATLAS_URL: urls.atlas,
      CODECRAFTERS_URL: urls.codecrafters,
      DISPLAY: display,
      ATLAS_AGENT_CLOCK_SCALE: '60',
      ATLAS_AGENT_CLOCK_ORIGIN: new Date(origin).toISOString(),
      ATLAS_AGENT_CLOCK_EPOCH: new Date(epoch).toISOString(),
    },
  };
}
