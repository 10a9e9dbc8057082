/**
 * A service's refusals (400, 403, 404, 409, ...) are worded once, in its schemas, and each route
 * picks the ones it can answer: `responses: { 200: ..., ...refusals(401, 404) }`. The route still
 * lists every status it declares; only the wording is shared.
 */
import type { Responses } from './route.js';

export type Refusals<R extends Responses> = <S extends keyof R & number>(...statuses: S[]) => Pick<R, S>;

export function refusalsFrom<R extends Responses>(answers: R): Refusals<R> {
  return <S extends keyof R & number>(...statuses: S[]) =>
    Object.fromEntries(statuses.map((status) => [status, answers[status]])) as Pick<R, S>;
}
