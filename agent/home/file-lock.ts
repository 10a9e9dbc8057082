/**
 * A lock held by one process through a file created exclusively (`O_EXCL`) that names its pid. A
 * lock whose process is gone is taken over. Used so that one `start` runs per home, and one
 * process at a time rotates the refresh token (two rotating the same token would look like a
 * stolen token to Atlas, which then revokes the login).
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid holding the lock, or null when nobody (alive) does. */
export function lockHolder(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** The lock files this process holds: a file naming our own pid is ours, not stale. */
const held = new Set<string>();

/** Takes the lock, or answers the pid that holds it. */
export function tryLock(file: string): { release: () => void } | { heldBy: number } {
  const key = path.resolve(file);
  if (held.has(key)) return { heldBy: process.pid };
  for (let attempt = 0; attempt < 2; attempt++) {
    // The file appears with the pid already in it (written aside, then linked into place), so a
    // contender never reads an empty lock and takes it for a stale one.
    const aside = `${file}.${process.pid}.${attempt}.tmp`;
    try {
      writeFileSync(aside, String(process.pid), { mode: 0o600 });
      try {
        linkSync(aside, file);
      } finally {
        rmSync(aside, { force: true });
      }
      held.add(key);
      return {
        release: () => {
          held.delete(key);
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(file);
      if (holder !== null && holder !== process.pid) return { heldBy: holder };
      rmSync(file, { force: true }); // stale: its process is gone (or a pid reused by us, after a crash)
    }
  }
  return { heldBy: lockHolder(file) ?? -1 };
}

/** Waits (polling) for the lock; for short critical sections only. */
export async function withLock<T>(file: string, work: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lock = tryLock(file);
    if ('release' in lock) {
      try {
        return await work();
      } finally {
        lock.release();
      }
    }
    if (Date.now() > deadline) throw new Error(`${file} is held by process ${lock.heldBy}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
