/**
 * The sender: delivers the queue, oldest first, in batches of at most 1,440 minutes, once a minute
 * at the agent's own offset (and at once after an outage ends, batch after batch at the same
 * pace). A failed send waits with backoff and full jitter, honouring `Retry-After`; a refused
 * record is moved aside with the server's problem. The record id is the idempotency key: a batch
 * the server stored but whose answer was lost is sent again with the same ids and counted once.
 */
import { MAX_RECORDS_PER_BATCH } from '../../write/codecrafters/record.js';
import type { ActivityRecord } from '../api/codecrafters.js';
import type { Clock } from '../clock.js';
import type { AgentQueue } from '../home/queue.js';
import { stateOf } from '../run/state-keys.js';
import { backoffMs, nextSendAt } from './backoff.js';
import { outcomeOf, type Answer } from './outcome.js';

export interface Transport {
  /** Sends one batch; `sign_in_again` when no valid token can be had (the queue waits). */
  send(records: ActivityRecord[], signal?: AbortSignal): Promise<Answer | { kind: 'sign_in_again'; message: string }>;
}

export interface SenderOptions {
  queue: AgentQueue;
  clock: Clock;
  transport: Transport;
  offsetMs: number;
  log: (line: string) => void;
}

/** How long to wait, in agent time, before asking again for a token the user must renew. */
const SIGN_IN_RECHECK_MS = 60_000;

export class Sender {
  private readonly state;
  private failures = 0;
  private wakeUp: (() => void) | null = null;
  private done: Promise<void> = Promise.resolve();
  nextAt: number | null = null;

  constructor(private readonly o: SenderOptions) {
    this.state = stateOf(o.queue);
  }

  /** A minute was queued: nothing to do before the next regular send, unless the queue was empty and a send is overdue. */
  wake(): void {
    if (this.nextAt !== null && this.nextAt <= this.o.clock.now()) this.wakeUp?.();
  }

  run(signal: AbortSignal): Promise<void> {
    this.done = (async () => {
      while (!signal.aborted) {
        const now = this.o.clock.now();
        this.nextAt = this.nextAt ?? nextSendAt(now, this.o.offsetMs);
        if (now < this.nextAt) {
          await this.sleepUntil(this.nextAt, signal);
          continue;
        }
        let wait: 'regular' | number;
        try {
          wait = await this.sendOnce(signal);
        } catch (error) {
          // A fault of ours or of the disk: said, and tried again later; the minutes stay queued.
          this.failures++;
          this.o.log(`delivery failed: ${(error as Error).message}`);
          wait = backoffMs(this.failures, null);
        }
        this.nextAt = wait === 'regular' ? nextSendAt(this.o.clock.now(), this.o.offsetMs) : this.o.clock.now() + wait;
      }
    })();
    return this.done;
  }

  stopped(): Promise<void> {
    return this.done;
  }

  /** On the way out: send what the queue holds once, unless the server is known to be down. */
  async flush(graceMs: number): Promise<void> {
    if (this.failures > 0) return;
    await this.sendOnce(AbortSignal.timeout(graceMs)).catch((error: unknown) =>
      this.o.log(`the last send failed: ${(error as Error).message}; the minutes stay queued`),
    );
  }

  /** One send; answers when the next one should be: at the regular time, or after this many ms (agent time). */
  private async sendOnce(signal?: AbortSignal): Promise<'regular' | number> {
    const batch = this.o.queue.nextBatch(MAX_RECORDS_PER_BATCH);
    if (batch.length === 0) return 'regular';
    this.o.queue.markAttempted(batch.map((m) => m.seq));
    const answer = await this.o.transport.send(
      batch.map((m) => m.record),
      signal,
    );
    if (signal?.aborted && answer.kind === 'network') return 'regular'; // stopping: the minutes stay queued
    const at = Date.now();
    if (answer.kind === 'sign_in_again') {
      this.state.set('auth', { ok: false, detail: answer.message });
      this.state.set('last_delivery', { at, result: 'sign_in_again', detail: answer.message });
      return SIGN_IN_RECHECK_MS;
    }
    const outcome = outcomeOf(batch.length, answer);
    if (outcome.reauthenticate) {
      const detail = 'Code Crafters refused the renewed token; sign in again (`atlas-agent login`)';
      this.state.set('auth', { ok: false, detail });
      this.state.set('last_delivery', { at, result: 'sign_in_again', detail });
      return SIGN_IN_RECHECK_MS;
    }
    this.state.set('auth', { ok: true, detail: 'signed in' });
    if (outcome.retry) {
      this.failures++;
      const wait = backoffMs(this.failures, outcome.retry.retryAfterSeconds);
      this.state.set('last_delivery', {
        at,
        result: 'retrying',
        detail: `${outcome.retry.reason}; ${batch.length} minutes wait, next try in ${Math.round(wait / 1000)} s`,
      });
      return wait;
    }
    this.failures = 0;
    this.o.queue.markDelivered(
      outcome.delivered.map((i) => batch[i]!.seq),
      at,
    );
    if (outcome.refused.length) {
      this.o.queue.markRefused(
        outcome.refused.map((r) => ({ seq: batch[r.index]!.seq, problem: r.problem })),
        at,
      );
      const first = outcome.refused[0]!;
      const record = batch[first.index]!.record;
      this.state.set('last_refusal', {
        at,
        minute_start: record.minute_start,
        record_id: record.id,
        problem: first.problem,
      });
      this.o.log(
        `${outcome.refused.length} minute(s) refused by Code Crafters and moved aside (see \`atlas-agent status\`)`,
      );
    }
    this.state.set('last_delivery', {
      at,
      result: outcome.delivered.length || !outcome.refused.length ? 'accepted' : 'refused',
      detail: `${outcome.delivered.length} accepted, ${outcome.refused.length} refused`,
      accepted: outcome.delivered.length,
      refused: outcome.refused.length,
    });
    if (outcome.resend) return 0;
    return 'regular';
  }

  private sleepUntil(at: number, signal: AbortSignal): Promise<void> {
    const wake = new AbortController();
    this.wakeUp = () => wake.abort();
    const both = AbortSignal.any([signal, wake.signal]);
    return this.o.clock.sleep(Math.min(at - this.o.clock.now(), 60_000), both).finally(() => (this.wakeUp = null));
  }
}
