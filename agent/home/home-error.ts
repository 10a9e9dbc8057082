/** A problem with the agent's home (a damaged file, a folder it cannot use) that the user fixes: printed as one line. */
export class HomeError extends Error {}

const FILE_CODES = new Set(['ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EEXIST']);

/** The one line to print for an error the user can act on, or null for a bug (printed with its stack). */
export function homeProblem(error: unknown, home: string): string | null {
  if (error instanceof HomeError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && FILE_CODES.has(e.code)) return `cannot use ${home}: ${e.message}`;
  if (e?.name === 'SqliteError')
    return `${home}/agent.db cannot be used (${e.message}); move it aside to start with an empty queue`;
  return null;
}
