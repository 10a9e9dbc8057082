/**
 * The pid lock file: taken exclusively, reported with its holder's pid while that process lives,
 * taken over once it is gone, and `withLock` running one critical section at a time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockHolder, tryLock, withLock } from './file-lock.js';

const MODULE = fileURLToPath(new URL('./file-lock.ts', import.meta.url));

let dir: string;
let file: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-agent-lock-'));
  file = path.join(dir, 'test.lock');
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** A process that stays alive until killed. */
const sleeper = (): ChildProcess => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
};

/** The pid of a process that has exited. */
const deadPid = async (): Promise<number> => {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await exited(child);
  return child.pid!;
};

/** tryLock as another process sees it. */
const tryLockElsewhere = (lockFile: string): { heldBy?: number; took?: boolean } => {
  const script = `import { tryLock } from ${JSON.stringify(MODULE)};
const lock = tryLock(${JSON.stringify(lockFile)});
console.log(JSON.stringify('release' in lock ? { took: true } : lock));
if ('release' in lock) lock.release();`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { heldBy?: number; took?: boolean };
};

describe('tryLock', () => {
  it('creates the file with its pid, readable by the user alone, and removes it on release', () => {
    const lock = tryLock(file);
    expect('release' in lock).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lockHolder(file)).toBe(process.pid);
    if ('release' in lock) lock.release();
    expect(existsSync(file)).toBe(false);
    expect(lockHolder(file)).toBeNull();
  });

  it('reports the holder pid to another process while held, and lets it in once released', () => {
    const lock = tryLock(file);
    expect(tryLockElsewhere(file)).toEqual({ heldBy: process.pid });
    if ('release' in lock) lock.release();
    expect(tryLockElsewhere(file)).toEqual({ took: true });
  });

  it('reports the pid of a live process that holds the lock', async () => {
    const holder = sleeper();
    writeFileSync(file, String(holder.pid));
    expect(tryLock(file)).toEqual({ heldBy: holder.pid });
    expect(lockHolder(file)).toBe(holder.pid);
    expect(readFileSync(file, 'utf8')).toBe(String(holder.pid)); // not touched
    holder.kill();
    await exited(holder);
    expect(lockHolder(file)).toBeNull();
  });

  it('takes over a stale lock whose process has exited', async () => {
    const pid = await deadPid();
    writeFileSync(file, String(pid));
    expect(lockHolder(file)).toBeNull();
    const lock = tryLock(file);
    expect('release' in lock).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    if ('release' in lock) lock.release();
  });

  it('takes over a lock file that names no pid', () => {
    for (const content of ['', 'not a pid', '-3', '0', '1.5']) {
      writeFileSync(file, content);
      expect(lockHolder(file), content).toBeNull();
      const lock = tryLock(file);
      expect('release' in lock, content).toBe(true);
      if ('release' in lock) lock.release();
    }
  });

  it('throws what is not a lock conflict (a folder that does not exist)', () => {
    expect(() => tryLock(path.join(dir, 'missing', 'x.lock'))).toThrow(/ENOENT/);
  });
});

describe('withLock', () => {
  it('runs the work under the lock, answers its result, and releases even when it throws', async () => {
    await expect(withLock(file, async () => readFileSync(file, 'utf8'))).resolves.toBe(String(process.pid));
    expect(existsSync(file)).toBe(false);
    await expect(
      withLock(file, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(file)).toBe(false);
  });

  it('waits for another process to let go, then runs', async () => {
    const holder = sleeper();
    writeFileSync(file, String(holder.pid));
    let holderGone = false;
    const ran = withLock(file, async () => holderGone);
    await new Promise((resolve) => setTimeout(resolve, 120)); // a few polls while held
    holder.kill();
    await exited(holder);
    holderGone = true;
    await expect(ran).resolves.toBe(true);
  });

  it('gives up after its timeout, naming the holder', async () => {
    const holder = sleeper();
    writeFileSync(file, String(holder.pid));
    await expect(withLock(file, async () => 'never', 60)).rejects.toThrow(`${file} is held by process ${holder.pid}`);
  });

  it('serialises critical sections in one process (the sender and the profile refresh renew the token)', async () => {
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const section = (name: string) =>
      withLock(file, async () => {
        inside++;
        most = Math.max(most, inside);
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push(`${name} out`);
        inside--;
      });
    await Promise.all([section('a'), section('b')]);
    expect(most).toBe(1);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(existsSync(file)).toBe(false);
  });
});
