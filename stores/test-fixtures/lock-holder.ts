/**
 * For tests: a real second process (`lock-holder-child.ts`) that takes and lets go of
 * `BEGIN EXCLUSIVE` on SQLite files when told, while the test process goes on with its work.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./lock-holder-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LockHolder {
  /** Resolves once the other process holds `BEGIN EXCLUSIVE` on `file`. */
  lock(file: string): Promise<void>;
  /** Resolves once it has rolled that transaction back. */
  release(file: string): Promise<void>;
  /** Ends the process (its connections close). */
  close(): Promise<void>;
}

export function startLockHolder(): LockHolder {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting: Array<{ expect: string; resolve: () => void; reject: (error: Error) => void }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const next = waiting.shift();
    if (!next) return;
    if (line === next.expect) next.resolve();
    else
      next.reject(
        new Error(`lock holder answered ${JSON.stringify(line)} (expected ${JSON.stringify(next.expect)}) ${errors}`),
      );
  });
  void exited.then(() => {
    for (const next of waiting.splice(0)) next.reject(new Error(`lock holder exited: ${errors}`));
  });
  const ask = (command: 'lock' | 'release', file: string, answer: string) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ expect: `${answer} ${file}`, resolve, reject });
      child.stdin.write(`${command} ${file}\n`);
    });
  return {
    lock: (file) => ask('lock', file, 'locked'),
    release: (file) => ask('release', file, 'released'),
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
