/**
 * Why a command was refused (design §3). Deciders throw it; the HTTP layer maps the kind onto a
 * status (invalid → 400, not_found → 404, forbidden → 403, conflict → 409) and the pointer(s)
 * onto RFC 9457 `errors`.
 */
import type { z } from 'zod';

export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden';

/** One offending input field, as a JSON pointer into the command's input (`/email`). */
export interface DomainIssue {
  pointer: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** The offending input field, when there is one. */
    readonly pointer?: string,
    /** Every offending field, for validation errors with more than one. */
    readonly issues: readonly DomainIssue[] = pointer === undefined ? [] : [{ pointer, message }],
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown, kind?: DomainErrorKind): error is DomainError {
  return error instanceof DomainError && (kind === undefined || error.kind === kind);
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => '/' + String(key).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** Parses an input with zod, refusing it as `invalid` with one issue per offending field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ pointer: toPointer(issue.path), message: issue.message }));
  const first = issues[0] ?? { pointer: '', message: 'invalid input' };
  const detail = issues.map((i) => `${i.pointer || '/'}: ${i.message}`).join('; ');
  throw new DomainError('invalid', detail, first.pointer, issues);
}
