/**
 * A problem's per-field errors, placed on a form's fields. The services point into the request
 * (`/body/scores/quality`, `/body/expertise_domains/2`); a form names its fields by their path in
 * the body (`scores/quality`, `expertise_domains`). An error goes to the field whose path is the
 * longest prefix of its pointer; what matches no field is left over for a note beside the button.
 */
import type { FieldError } from '../api/problem.js';

export interface PlacedErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** Details that belong to no field of the form. */
  rest: string[];
}

/** `/body/scores/quality` → `scores/quality`, `/query/user_code` → `user_code` (RFC 6901 escapes undone). */
export function bodyPath(pointer: string): string {
  const part = /^\/(body|query)(?=\/|$)/.exec(pointer);
  const path = part ? pointer.slice(part[0].length) : pointer;
  return path
    .replace(/^\//, '')
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('/');
}

export function placeErrors<F extends string>(errors: readonly FieldError[], fields: readonly F[]): PlacedErrors<F> {
  const placed: PlacedErrors<F> = { fields: {}, rest: [] };
  const byLength = [...fields].sort((a, b) => b.length - a.length);
  for (const error of errors) {
    const path = bodyPath(error.pointer);
    const field = byLength.find((f) => path === f || path.startsWith(`${f}/`));
    if (field === undefined) {
      placed.rest.push(error.detail);
      continue;
    }
    const tail = path.slice(field.length + 1);
    // An item of a list field (`expertise_domains/2`) says which item, counted from 1.
    const detail = /^\d+$/.test(tail) ? `item ${Number(tail) + 1}: ${error.detail}` : error.detail;
    const known = placed.fields[field];
    placed.fields[field] = known ? `${known}; ${detail}` : detail;
  }
  return placed;
}
