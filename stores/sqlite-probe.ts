/**
 * The health probe of an embedded store's connection (`probe()` of stores/events/sqlite.ts and
 * stores/reads/sqlite.ts): can it read now, and take writes now? It never waits on a lock: a
 * statement that finds the file locked is tried again for a few milliseconds (on timers; enough
 * for a commit of this process's own writer to end), then the answer is "locked".
 *
 * - read: one tiny read (a read transaction on the file, which is what a lock in exclusive locking
 *   mode, or a recovery, would refuse);
 * - write: the file and its WAL must accept writes (`access(W_OK)`: a read-only mount, a
 *   read-only file, or an immutable one, which SQLite itself only finds when it writes the next
 *   page), and `BEGIN IMMEDIATE; ROLLBACK` must get the write lock.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { retryWhileBusy } from './sqlite-busy.js';
import { describeReason, unavailableReasonOf } from './sqlite-unavailable.js';
import type { UnavailableReason } from './unavailable.js';

/** How long the probe tries again when the file is locked. */
const PROBE_WAIT_MS = 25;

export interface ProbeFailure {
  reason: UnavailableReason;
  detail: string;
  cause?: unknown;
}

/** What is wrong with the connection for `mode`, or undefined when nothing is. */
export async function probeSqlite(
  db: Database.Database,
  file: string,
  mode: 'read' | 'write',
): Promise<ProbeFailure | undefined> {
  if (!db.open) return { reason: 'closed', detail: 'closed' };
  const failed = (doing: string, error: unknown): ProbeFailure => {
    const reason = unavailableReasonOf(error) ?? 'unreachable';
    const code = (error as { code?: unknown } | null)?.code;
    return {
      reason,
      detail: `${doing}: ${describeReason(reason, typeof code === 'string' ? code : undefined)}`,
      cause: error,
    };
  };
  try {
    await retryWhileBusy(() => db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get(), PROBE_WAIT_MS);
  } catch (error) {
    return failed('cannot read', error);
  }
  if (mode === 'read') return undefined;
  for (const path of [file, `${file}-wal`]) {
    try {
      await access(path, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && path !== file) continue; // no WAL yet: SQLite makes it
      return {
        reason: 'read-only',
        detail: `cannot write: ${path} refuses writes (${code ?? String(error)})`,
        cause: error,
      };
    }
  }
  try {
    await retryWhileBusy(() => {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
    }, PROBE_WAIT_MS);
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK'); // BEGIN went through, ROLLBACK did not: never leave it open
    return failed('cannot write', error);
  }
  return undefined;
}
