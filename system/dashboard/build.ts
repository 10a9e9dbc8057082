/**
 * The dashboard's build, `dashboard/dist`, made by `npm start` when it is missing or a source is
 * newer than its `index.html` (so a fresh clone needs no build command of its own). Vite runs in a
 * child process, its output passed on line by line as progress. It builds into a temporary folder
 * beside `dist` that then takes its place, under a lock file, so two starts at once never serve or
 * leave a half-written build: the second waits, then finds the build fresh. A failed build is a
 * `DashboardBuildError` that quotes Vite's last lines.
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `dashboard/` folder. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/', import.meta.url));
const VITE_BIN = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));

/** What the build is made from, relative to the dashboard's folder. */
export const BUILD_SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'services.ts'] as const;

export class DashboardBuildError extends Error {
  override readonly name = 'DashboardBuildError';
}

export type Staleness = { why: 'missing' } | { why: 'stale'; newer: string } | null;

function newestUnder(file: string, newest: { file: string; mtimeMs: number }): void {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return; // an optional source (public/) that is not there
  }
  if (stats.isDirectory()) {
    for (const name of readdirSync(file)) newestUnder(path.join(file, name), newest);
  } else if (stats.mtimeMs > newest.mtimeMs) {
    newest.file = file;
    newest.mtimeMs = stats.mtimeMs;
  }
}

/** Null when `dist/index.html` is at least as new as every source. */
export function staleness(dir: string): Staleness {
  let built: number;
  try {
    built = statSync(path.join(dir, 'dist', 'index.html')).mtimeMs;
  } catch {
    return { why: 'missing' };
  }
  const newest = { file: '', mtimeMs: -Infinity };
  for (const source of BUILD_SOURCES) newestUnder(path.join(dir, source), newest);
  return newest.mtimeMs > built ? { why: 'stale', newer: path.relative(dir, newest.file) } : null;
}

export interface BuildOptions {
  /** The dashboard's folder (default: the repository's). */
  dir?: string;
  /** Vite's config, inside `dir` (default `vite.config.ts`). */
  configFile?: string;
  /** Each line Vite prints. */
  onOutput?: (line: string) => void;
  /** Said once when this process starts a build, and why; and when it waits for another one's. */
  onProgress?: (message: string) => void;
  /** How long to wait for another process's build (default 10 minutes). */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** The lock is left by a process that is gone (or was never written whole, long ago). */
async function abandoned(lock: string): Promise<boolean> {
  try {
    const [text, stats] = await Promise.all([fsp.readFile(lock, 'utf8'), fsp.stat(lock)]);
    const pid = Number.parseInt(text, 10);
    return Number.isInteger(pid) && pid > 0 ? !alive(pid) : Date.now() - stats.mtimeMs > 10_000;
  } catch {
    return false; // gone already: try again
  }
}

async function locked<T>(lock: string, options: BuildOptions, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + (options.waitMs ?? 10 * 60_000);
  let said = false;
  for (;;) {
    try {
      await fsp.writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    if (await abandoned(lock)) {
      await fsp.rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new DashboardBuildError(
        `another process has been building the dashboard for too long (lock ${lock}); if none is, remove that file`,
      );
    }
    if (!said) options.onProgress?.('waiting for another process that is building the dashboard');
    said = true;
    await sleep(200);
  }
  try {
    return await work();
  } finally {
    await fsp.rm(lock, { force: true });
  }
}

function runVite(dir: string, configFile: string, outDir: string, onOutput?: (line: string) => void): Promise<void> {
  const child = spawn(
    process.execPath,
    [VITE_BIN, 'build', '--config', path.join(dir, configFile), '--outDir', outDir, '--emptyOutDir'],
    {
      cwd: dir,
      // A production build whatever the caller runs under (vitest sets NODE_ENV=test); no colours in logs.
      env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const last: string[] = [];
  const lines = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts.map((l) => l.trimEnd()).filter(Boolean)) {
        last.push(line);
        if (last.length > 30) last.shift();
        onOutput?.(line);
      }
    });
  };
  lines(child.stdout);
  lines(child.stderr);
  return new Promise((resolve, reject) => {
    child.once('error', (error) =>
      reject(new DashboardBuildError(`could not run Vite (${VITE_BIN}): ${error.message}`)),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new DashboardBuildError(
            `the dashboard's build failed (vite build exited ${code ?? signal}); its last lines:\n  ${last.join('\n  ')}`,
          ),
        );
    });
  });
}

/** Leftovers of builds that died half-way; removed only under the lock. */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await fsp.readdir(dir)) {
    if (name.startsWith('.dist-build-') || name.startsWith('.dist-old-')) {
      await fsp.rm(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/** Makes `dist` when it is missing or stale; answers whether this call built it. */
export async function ensureDashboardBuilt(options: BuildOptions = {}): Promise<'built' | 'fresh'> {
  const dir = options.dir ?? DASHBOARD_DIR;
  if (!staleness(dir)) return 'fresh';
  return locked(path.join(dir, '.dist.lock'), options, async () => {
    const why = staleness(dir); // another process may have built it while this one waited
    if (!why) return 'fresh';
    options.onProgress?.(
      why.why === 'missing'
        ? 'building the dashboard (first start)'
        : `building the dashboard (${why.newer} is newer than the build)`,
    );
    await removeLeftovers(dir);
    const started = new Date();
    const temporary = await fsp.mkdtemp(path.join(dir, '.dist-build-'));
    try {
      await runVite(dir, options.configFile ?? 'vite.config.ts', temporary, options.onOutput);
      const index = path.join(temporary, 'index.html');
      if (!existsSync(index))
        throw new DashboardBuildError(`the dashboard's build made no index.html (in ${temporary})`);
      // The build is as new as the sources it read: one edited while Vite ran is newer, and built next time.
      await fsp.utimes(index, started, started);
      const dist = path.join(dir, 'dist');
      const old = path.join(dir, `.dist-old-${process.pid}`);
      if (existsSync(dist)) await fsp.rename(dist, old);
      await fsp.rename(temporary, dist);
      await fsp.rm(old, { recursive: true, force: true });
      return 'built';
    } finally {
      await fsp.rm(temporary, { recursive: true, force: true });
    }
  });
}
