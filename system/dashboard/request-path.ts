/**
 * From a request target to the path segments of a file in the build, or a refusal. Pure: the
 * file system is asked later (`files.ts`), and only for segments that passed here.
 *
 * Refused: a target that is not a path (`http://…`, `*`), broken percent-encoding, a NUL byte,
 * a backslash, a `.` or `..` segment (also when encoded: `%2e%2e`, `..%2f`), and any segment that
 * starts with a dot (`.env`, `.vite/`): the build has no dotfiles to serve.
 */

export type RequestPath = { ok: true; segments: string[] } | { ok: false; status: 400 | 404; detail: string };

export function requestPath(target: string): RequestPath {
  if (!target.startsWith('/')) return { ok: false, status: 400, detail: 'the request target is not a path' };
  const raw = target.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, status: 400, detail: 'the path is not valid percent-encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, detail: 'the path holds a NUL byte' };
  const segments = decoded.split('/').filter((segment) => segment !== '');
  for (const segment of segments) {
    if (segment.includes('\\') || segment.startsWith('.')) {
      return { ok: false, status: 404, detail: `there is no file ${raw} in the dashboard` };
    }
  }
  return { ok: true, segments };
}

/** The last segment names a file (`app.js`), not a page of the app (`/organizations/x/lab`). */
export const hasExtension = (segments: readonly string[]): boolean => (segments.at(-1) ?? '').includes('.');
