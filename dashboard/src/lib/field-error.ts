/**
 * A problem's words for one field of a form. Atlas points into the request's part
 * (`/body/title`, `/query/user_code`: http/validate.ts); a bare pointer (`/title`) is taken too.
 */
import { bodyPath } from './field-errors.js';

export interface FieldErrors {
  errors: readonly { pointer: string; detail: string }[];
}

export function fieldError(problem: FieldErrors | null | undefined, field: string): string | undefined {
  if (!problem) return undefined;
  return problem.errors.find((e) => bodyPath(e.pointer) === field)?.detail;
}

/** Whether every error of the problem is said at one of these fields (else the form says the problem's detail too). */
export function allAtFields(problem: FieldErrors, fields: readonly string[]): boolean {
  return problem.errors.length > 0 && problem.errors.every((e) => fields.includes(bodyPath(e.pointer)));
}
