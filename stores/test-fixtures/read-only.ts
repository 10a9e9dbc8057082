/**
 * For tests: making the store's files refuse writes, as an operator's `chattr +i` does.
 *
 * `chattr +i` (immutable) stops root too, and also writes through descriptors already open; it
 * needs CAP_LINUX_IMMUTABLE and a file system that has the flag (ext4 does). Without it, a
 * non-root user's `chmod 0444` stops new opens for writing only (an open connection keeps
 * writing), and for root nothing does: `readOnlyWay` says which way this machine offers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type ReadOnlyWay = 'chattr' | 'chmod' | 'none';

export function readOnlyWay(dir: string): ReadOnlyWay {
  const probe = path.join(dir, `.immutable-probe-${process.pid}`);
  fs.writeFileSync(probe, '');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return 'chattr';
  } catch {
    return process.getuid?.() === 0 ? 'none' : 'chmod';
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

const existing = (files: readonly string[]) => files.filter((file) => fs.existsSync(file));

export function makeReadOnly(way: ReadOnlyWay, files: readonly string[]): void {
  if (way === 'chattr') execFileSync('chattr', ['+i', ...existing(files)]);
  else if (way === 'chmod') for (const file of existing(files)) fs.chmodSync(file, 0o444);
  else throw new Error('no way to make a file read-only here');
}

export function makeWritable(way: ReadOnlyWay, files: readonly string[]): void {
  if (way === 'chattr') execFileSync('chattr', ['-i', ...existing(files)]);
  else if (way === 'chmod') for (const file of existing(files)) fs.chmodSync(file, 0o644);
}
