/**
 * What one answer to a batch means for each of its minutes: the pure rule of delivery.
 *
 * - 202: delivered, except the records the answer lists in `refused` (a minute another record
 *   already holds): those are moved aside with the server's reason, never re-sent.
 * - 400 from Code Crafters naming records (`/body/records/<i>/...`): those are moved aside with
 *   their findings; the rest were not stored (validation is all or nothing) and go again at once.
 *   A minute "in the future" is not bad, the computer's clock is: it stays queued, for later.
 * - 400 (naming no record), 409 (tracking disabled), 413 or 422 from Code Crafters: the batch
 *   is moved aside with the problem.
 * - 401: renew the token and send again.
 * - anything else: wait and send again. That is 408, 429, 5xx, no answer, and every answer that
 *   is not Code Crafters' own problem+json (a proxy's 404, a portal's page, a redirect): a
 *   minute is only set aside when Code Crafters itself refused it.
 */
import type { Problem } from '../api/http.js';
import type { LogAnswer } from '../api/codecrafters.js';

export type Answer =
  | { kind: 'accepted'; answer: LogAnswer }
  | { kind: 'problem'; status: number; problem: Problem; retryAfterSeconds: number | null; fromService: boolean }
  | { kind: 'network'; message: string };

export interface Outcome {
  delivered: number[];
  refused: { index: number; problem: unknown }[];
  /** Send the rest again right away (a 400 refused part of the batch, and stored none of it). */
  resend: boolean;
  retry: { reason: string; retryAfterSeconds: number | null } | null;
  reauthenticate: boolean;
}

const RECORD_POINTER = /^\/(?:body\/)?records\/(\d+)(?:\/|$)/;

export function outcomeOf(size: number, answer: Answer): Outcome {
  const all = Array.from({ length: size }, (_, i) => i);
  const none: Outcome = { delivered: [], refused: [], resend: false, retry: null, reauthenticate: false };
  if (answer.kind === 'network') return { ...none, retry: { reason: answer.message, retryAfterSeconds: null } };
  if (answer.kind === 'accepted') {
    const refusedByIndex = new Map(answer.answer.refused.map((r) => [r.index, r]));
    return {
      ...none,
      delivered: all.filter((i) => !refusedByIndex.has(i)),
      refused: [...refusedByIndex.values()].map((r) => ({ index: r.index, problem: r })),
    };
  }
  const { status, problem, retryAfterSeconds, fromService } = answer;
  if (status === 401) return { ...none, reauthenticate: true };
  const retry = (reason: string) => ({ ...none, retry: { reason, retryAfterSeconds } });
  if (!fromService || ![400, 409, 413, 422].includes(status))
    return retry(`${status} ${problem.detail ?? problem.title ?? ''}`.trim());
  if (status === 400 && problem.errors?.length) {
    const findings = new Map<number, { pointer: string; detail: string }[]>();
    let ahead = false;
    for (const error of problem.errors) {
      const match = RECORD_POINTER.exec(error.pointer);
      if (!match) continue;
      const index = Number(match[1]);
      if (index >= size) continue;
      if (/in the future/.test(error.detail)) {
        ahead = true;
        continue;
      }
      findings.set(index, [...(findings.get(index) ?? []), error]);
    }
    if (ahead && findings.size === 0)
      return retry("this computer's clock is ahead of Code Crafters' (check its time); the minutes wait");
    if (findings.size > 0)
      return {
        ...none,
        refused: [...findings].map(([index, errors]) => ({ index, problem: { ...problem, errors } })),
        resend: findings.size < size,
      };
  }
  return { ...none, refused: all.map((index) => ({ index, problem })) };
}
