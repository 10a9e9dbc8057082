/**
 * The dashboard's build with the real Vite, in a child process, on a tiny app of our own in a temp
 * dir: built when missing, left alone when fresh, built again when a source is newer; two builds
 * at once make one build and a whole `dist`; a failed build is a clear error that leaves the
 * previous build, and no lock or half-written folder, behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardBuildError, ensureDashboardBuilt, staleness } from './build.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A dashboard folder as Vite sees one: index.html, src/, vite.config.ts. */
function tinyDashboard(main = 'document.querySelector("#app").textContent = "hello";\n'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-dashboard-build-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><body><div id="app"></div><script type="module" src="/src/main.js"></script></body></html>\n',
  );
  fs.writeFileSync(path.join(dir, 'src', 'main.js'), main);
  fs.writeFileSync(
    path.join(dir, 'vite.config.ts'),
    "export default { build: { outDir: 'dist' }, logLevel: 'info' };\n",
  );
  return dir;
}

const leftovers = (dir: string) => fs.readdirSync(dir).filter((name) => name.startsWith('.dist'));
const builtScript = (dir: string) =>
  fs
    .readdirSync(path.join(dir, 'dist', 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => fs.readFileSync(path.join(dir, 'dist', 'assets', name), 'utf8'))
    .join('');

function touchLater(file: string): void {
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(file, later, later);
}

describe('ensureDashboardBuilt', () => {
  it('builds when dist is missing, with Vite output as progress, and not again while fresh', async () => {
    const dir = tinyDashboard();
    expect(staleness(dir)).toEqual({ why: 'missing' });
    const progress: string[] = [];
    const output: string[] = [];
    const result = await ensureDashboardBuilt({
      dir,
      onProgress: (m) => progress.push(m),
      onOutput: (l) => output.push(l),
    });
    expect(result).toBe('built');
    expect(progress).toEqual(['building the dashboard (first start)']);
    expect(output.join('\n')).toMatch(/built in/);
    expect(fs.readFileSync(path.join(dir, 'dist', 'index.html'), 'utf8')).toMatch(
      /<script type="module"[^>]*\/assets\//,
    );
    expect(builtScript(dir)).toContain('hello');
    expect(staleness(dir)).toBeNull();
    expect(leftovers(dir)).toEqual([]);
    expect(await ensureDashboardBuilt({ dir })).toBe('fresh');
  });

  it('builds again when a source is newer than dist/index.html, and says which', async () => {
    const dir = tinyDashboard();
    await ensureDashboardBuilt({ dir });
    fs.writeFileSync(path.join(dir, 'src', 'main.js'), 'document.title = "changed";\n');
    touchLater(path.join(dir, 'src', 'main.js'));
    expect(staleness(dir)).toEqual({ why: 'stale', newer: path.join('src', 'main.js') });
    const progress: string[] = [];
    expect(await ensureDashboardBuilt({ dir, onProgress: (m) => progress.push(m) })).toBe('built');
    expect(progress).toEqual([`building the dashboard (${path.join('src', 'main.js')} is newer than the build)`]);
    expect(builtScript(dir)).toContain('changed');
  });

  it('each of index.html and vite.config.ts counts as a source', async () => {
    const dir = tinyDashboard();
    await ensureDashboardBuilt({ dir });
    for (const source of ['index.html', 'vite.config.ts']) {
      touchLater(path.join(dir, source));
      expect(staleness(dir)).toEqual({ why: 'stale', newer: source });
      fs.utimesSync(path.join(dir, source), new Date(0), new Date(0));
    }
    expect(staleness(dir)).toBeNull();
  });

  it('two builds at once: one builds, the other waits and finds it fresh; dist is whole', async () => {
    const dir = tinyDashboard();
    const waits: string[] = [];
    const results = await Promise.all([
      ensureDashboardBuilt({ dir, onProgress: (m) => waits.push(m) }),
      ensureDashboardBuilt({ dir, onProgress: (m) => waits.push(m) }),
    ]);
    expect(results.sort()).toEqual(['built', 'fresh']);
    expect(waits).toContain('waiting for another process that is building the dashboard');
    expect(builtScript(dir)).toContain('hello');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a lock left by a process that is gone does not stop the build', async () => {
    const dir = tinyDashboard();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    fs.writeFileSync(path.join(dir, '.dist.lock'), `${gone.pid}\n`);
    fs.mkdirSync(path.join(dir, '.dist-build-left'));
    expect(await ensureDashboardBuilt({ dir, waitMs: 60_000 })).toBe('built');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a failed build is a DashboardBuildError quoting Vite, and the previous build stays', async () => {
    const dir = tinyDashboard();
    await ensureDashboardBuilt({ dir });
    const before = fs.readFileSync(path.join(dir, 'dist', 'index.html'), 'utf8');
    fs.writeFileSync(path.join(dir, 'src', 'main.js'), 'export const broken = ;\n');
    touchLater(path.join(dir, 'src', 'main.js'));
    const failure = await ensureDashboardBuilt({ dir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DashboardBuildError);
    expect((failure as Error).message).toMatch(
      /^the dashboard's build failed \(vite build exited 1\); its last lines:/,
    );
    expect((failure as Error).message).toContain('main.js');
    expect(fs.readFileSync(path.join(dir, 'dist', 'index.html'), 'utf8')).toBe(before);
    expect(leftovers(dir)).toEqual([]);
  });
});
