/**
 * Which SQLite failures mean "the store cannot do it now" rather than "this request is wrong",
 * for both embedded stores (stores/events, stores/reads): the codes become the `reason` of a
 * `StoreUnavailableError` (`unavailable.ts`), and only the lock codes are worth retrying within
 * a request (`sqlite-busy.ts`).
 */
import type { StoreUnavailableError, StoreUnavailableOptions, UnavailableReason } from './unavailable.js';

/** Another connection holds a lock (BUSY, LOCKED and their extended codes): it may let go at once. */
export const isBusyCode = (code: unknown): boolean => typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);

const REASONS: ReadonlyArray<readonly [RegExp, UnavailableReason]> = [
  [/^SQLITE_(BUSY|LOCKED|PROTOCOL)/, 'locked'],
  [/^SQLITE_(READONLY|PERM)/, 'read-only'],
  [/^SQLITE_IOERR/, 'io'],
  [/^SQLITE_FULL/, 'full'],
  [/^SQLITE_CANTOPEN/, 'cannot-open'],
];

/** The reason for a SQLite code that says the store cannot be used for now; undefined for any other code. */
export function unavailableReason(code: unknown): UnavailableReason | undefined {
  if (typeof code !== 'string') return undefined;
  for (const [pattern, reason] of REASONS) if (pattern.test(code)) return reason;
  return undefined;
}

/** A SQLite code that says the store cannot be used for now (locked, read-only, I/O, full, unreachable). */
export const isUnavailableCode = (code: unknown): code is string => unavailableReason(code) !== undefined;

/** The reason `error` (thrown by better-sqlite3) means the store cannot do it now, if it does. */
export function unavailableReasonOf(error: unknown): UnavailableReason | undefined {
  if (error instanceof TypeError && /database connection is not open/.test(error.message)) return 'closed';
  return unavailableReason((error as { code?: unknown } | null)?.code);
}

/**
 * `error` (thrown by better-sqlite3) as the store's own unavailable error, made by `make` with a
 * message naming `where`, when it means the store cannot do it now; any other error unchanged.
 */
export function asUnavailable(
  error: unknown,
  where: string,
  make: (message: string, options: StoreUnavailableOptions) => StoreUnavailableError,
): unknown {
  const reason = unavailableReasonOf(error);
  if (!reason) return error;
  const code = (error as { code?: unknown }).code;
  return make(`${where}: ${describeReason(reason, typeof code === 'string' ? code : undefined)}`, {
    reason,
    cause: error,
  });
}

/** Words for a reason, for error messages and health. */
export function describeReason(reason: UnavailableReason, code?: string): string {
  const said = {
    locked: 'locked by another connection',
    'read-only': 'read-only (the file or its folder refuses writes)',
    io: 'a disk I/O error',
    full: 'the disk is full',
    'cannot-open': 'the file cannot be opened',
    closed: 'closed',
    unreachable: 'unreachable',
  }[reason];
  return code ? `${said} (${code})` : said;
}
