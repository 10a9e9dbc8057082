/**
 * What one answer to a batch means for each of its minutes: the pure rule of delivery.
 *
 * - 202: delivered, except the records the answer lists in `refused` (a minute another record
 *   already holds): those are moved aside with the server's reason, never re-sent.
 * - 400 naming records (`/body/records/<i>/...`): those are moved aside with their findings; the
 *   rest were not stored (validation is all or nothing) and go again at once.
 * - another 4xx (401 and 408 aside): the batch is moved aside with the problem.
 * - 401: renew the token and send again. 408, 429, 5xx, no answer: wait and send again.
 */
import type { Problem } from '../api/http.js';
import type { LogAnswer } from '../api/codecrafters.js';

export type Answer =
  | { kind: 'accepted'; answer: LogAnswer }
  | { kind: 'problem'; status: number; problem: Problem; retryAfterSeconds: number | null }
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
  const { status, problem, retryAfterSeconds } = answer;
  if (status === 401) return { ...none, reauthenticate: true };
  if (status === 408 || status === 429 || status >= 500)
    return {
      ...none,
      retry: { reason: `${status} ${problem.detail ?? problem.title ?? ''}`.trim(), retryAfterSeconds },
    };
  if (status === 400 && problem.errors?.length) {
    const findings = new Map<number, { pointer: string; detail: string }[]>();
    for (const error of problem.errors) {
      const match = RECORD_POINTER.exec(error.pointer);
      if (!match) continue;
      const index = Number(match[1]);
      if (index >= size) continue;
      findings.set(index, [...(findings.get(index) ?? []), error]);
    }
    if (findings.size > 0)
      return {
        ...none,
        refused: [...findings].map(([index, errors]) => ({ index, problem: { ...problem, errors } })),
        resend: findings.size < size,
      };
  }
  return { ...none, refused: all.map((index) => ({ index, problem })) };
}
