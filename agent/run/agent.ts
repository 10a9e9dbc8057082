/**
 * The running agent (`atlas-agent start`): the hook feeds the tally, each closed minute goes to the
 * durable queue before anything else, and the sender delivers the queue once a minute at this
 * agent's offset. A ticker closes minutes, applies pause and task changes made by other commands,
 * and checkpoints the open minute every few seconds, so a crash loses seconds, not a minute.
 */
import { randomUUID } from 'node:crypto';
import { type CodeCraftersApi } from '../api/codecrafters.js';
import { ProblemError } from '../api/http.js';
import type { Clock } from '../clock.js';
import { gate, type Gate, type Profile } from '../counting/gate.js';
import type { InputSource } from '../counting/input-hook.js';
import { MINUTE_MS, MinuteTally } from '../counting/minute-tally.js';
import { recordOf } from '../counting/record.js';
import { sendOffsetMs } from '../delivery/backoff.js';
import { Sender, type Transport } from '../delivery/sender.js';
import type { AgentQueue } from '../home/queue.js';
import { type Session, SignInAgain } from '../home/session.js';
import { stateOf } from './state-keys.js';

export const PROFILE_REFRESH_MS = 5 * MINUTE_MS;
const CHECKPOINT_MS = 5_000;
/** With the dry run and no sign-in: record at any hour with the default idle threshold. */
const ANY_HOUR_PROFILE: Profile = {
  tracking_enabled: true,
  idle_threshold_minutes: 5,
  work_hours_start: '00:00',
  work_hours_end: '00:00',
  effective_timezone: 'UTC',
};

export interface AgentOptions {
  queue: AgentQueue;
  session: Session | null;
  codecrafters: CodeCraftersApi | null;
  transport: Transport;
  clock: Clock;
  input: InputSource;
  dryRun: boolean;
  log: (line: string) => void;
}

export class Agent {
  private readonly state;
  private tally!: MinuteTally;
  private gateNow: Gate = { recording: false, reason: 'no_profile', detail: 'starting' };
  private profile: Profile | null = null;
  private profileFetchedAt = -Infinity;
  private readonly deviceId: string;
  private skipUntil = 0;
  private lastCheckpoint = 0;
  private lastStatus = 0;
  private lastPrune: number;
  private queuedTotal = 0;
  private ticker: NodeJS.Timeout | null = null;
  private readonly stopping = new AbortController();
  private readonly sender: Sender;
  private readonly startedAt: number;

  constructor(private readonly o: AgentOptions) {
    this.state = stateOf(o.queue);
    this.startedAt = o.clock.now();
    this.lastPrune = this.startedAt;
    let deviceId = this.state.get('device_id');
    if (!deviceId) this.state.set('device_id', (deviceId = `agent-${randomUUID().slice(0, 8)}`));
    this.deviceId = deviceId;
    let offset = this.state.get('send_offset_ms');
    if (offset === undefined) this.state.set('send_offset_ms', (offset = sendOffsetMs()));
    this.sender = new Sender({ queue: o.queue, clock: o.clock, transport: o.transport, offsetMs: offset, log: o.log });
  }

  get device(): string {
    return this.deviceId;
  }

  async start(): Promise<void> {
    const now = this.o.clock.now();
    const cached = this.state.get('profile');
    if (cached) this.profile = cached.profile;
    await this.refreshProfile(now);
    this.tally = this.resumeTally(now);
    this.o.input.start({
      key: () => this.input((at) => this.tally.key(at)),
      click: () => this.input((at) => this.tally.click(at)),
      scroll: () => this.input((at) => this.tally.scroll(at)),
      move: (d) => this.input((at) => this.tally.move(at, d)),
    });
    this.tick();
    this.ticker = setInterval(() => this.tick(), Math.max(20, this.o.clock.realMs(1_000)));
    this.o.queue.prune(Date.now());
    this.sender.run(this.stopping.signal).catch((error: unknown) => this.o.log(`the sender stopped: ${String(error)}`));
  }

  /** Closes the open minute (queued with what it has so far), sends what it can within `graceMs`, stops. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.o.input.stop();
    const now = this.o.clock.now();
    this.tally.cut(now);
    const records = this.closeUpTo(now, true);
    this.o.queue.enqueue(records);
    this.state.delete('checkpoint');
    this.stopping.abort();
    await this.sender.stopped();
    await this.sender.flush(graceMs);
    this.writeStatus(now, true);
  }

  private resumeTally(now: number): MinuteTally {
    const idleMs = this.idleMs();
    const checkpoint = this.state.get('checkpoint');
    const task = this.state.get('task')?.task_id ?? null;
    if (checkpoint) {
      // The agent stopped without closing its minute (a crash): nothing is known after the checkpoint.
      const tally = MinuteTally.resume(checkpoint.snapshot, idleMs);
      tally.cut(checkpoint.taken_at);
      const records = tally.close(now).map((m) => recordOf(m, this.deviceId));
      this.queuedTotal += this.o.queue.enqueue(records);
      if (tally.currentMinute === Math.floor(now / MINUTE_MS) * MINUTE_MS) {
        tally.setTask(task);
        return tally;
      }
    }
    const tally = new MinuteTally(now, idleMs, task);
    // Stopped and started again within a minute: that minute is already a record, so its rest is not counted.
    if (this.o.queue.holds(tally.currentMinute)) this.skipUntil = tally.currentMinute + MINUTE_MS;
    return tally;
  }

  private idleMs(): number {
    return (this.profile ?? ANY_HOUR_PROFILE).idle_threshold_minutes * MINUTE_MS;
  }

  private input(count: (now: number) => void): void {
    const now = this.o.clock.now();
    if (!this.gateNow.recording || now < this.skipUntil) return;
    if (now < this.tally.currentMinute) this.clockMovedBack(now);
    if (now >= this.tally.currentMinute + MINUTE_MS) this.enqueueClosed(now);
    count(now);
  }

  /**
   * The computer's clock went back (set by hand, or corrected): the open minute is closed with
   * what it has, and counting goes on from the new time, so an hour is never poured into one
   * minute. A minute this agent already recorded stays as it was (see enqueueClosed).
   */
  private clockMovedBack(now: number): void {
    this.o.log(
      `the clock moved back from ${new Date(this.tally.currentMinute).toISOString()} to ${new Date(now).toISOString()}`,
    );
    this.tally.cut(this.tally.currentMinute + MINUTE_MS);
    const records = this.closeUpTo(this.tally.currentMinute + MINUTE_MS, true);
    this.queuedTotal += this.o.queue.enqueue(records);
    this.tally = new MinuteTally(now, this.idleMs(), this.state.get('task')?.task_id ?? null);
    if (this.o.queue.holds(this.tally.currentMinute)) this.skipUntil = this.tally.currentMinute + MINUTE_MS;
  }

  private tick(): void {
    const now = this.o.clock.now();
    if (now < this.tally.currentMinute) this.clockMovedBack(now);
    if (now - this.lastPrune >= 3_600_000) {
      this.lastPrune = now;
      this.o.queue.prune(Date.now());
    }
    const pause = this.state.get('pause') ?? null;
    const task = this.state.get('task')?.task_id ?? null;
    const profile = this.profile ?? (this.o.session ? null : ANY_HOUR_PROFILE);
    const next = gate(now, pause, profile);
    if (this.gateNow.recording && !next.recording) this.tally.cut(now);
    this.gateNow = next;
    this.tally.setIdleMs(this.idleMs());
    this.enqueueClosed(now);
    this.tally.setTask(task);
    if (now - this.profileFetchedAt >= PROFILE_REFRESH_MS) void this.refreshProfile(now);
    if (now - this.lastCheckpoint >= CHECKPOINT_MS) this.checkpoint(now);
    if (now - this.lastStatus >= 1_000) this.writeStatus(now, false);
  }

  /** The minutes closed by `now`; with `includeOpen`, the open minute too, with what it has so far. */
  private closeUpTo(now: number, includeOpen: boolean): ReturnType<typeof recordOf>[] {
    const closed = this.tally.close(includeOpen ? Math.max(now, this.tally.currentMinute + MINUTE_MS) : now);
    return closed.map((m) => recordOf(m, this.deviceId));
  }

  private enqueueClosed(now: number): void {
    if (now < this.tally.currentMinute + MINUTE_MS) return;
    const records = this.closeUpTo(now, false);
    const added = this.o.queue.enqueue(records, {
      key: 'checkpoint',
      value: { snapshot: this.tally.snapshot(), taken_at: now },
    });
    if (added < records.length)
      this.o.log(
        `the clock moved back: ${records.length - added} minute(s) already recorded were counted again and dropped`,
      );
    this.queuedTotal += added;
    this.lastCheckpoint = now;
    if (records.length) this.sender.wake();
  }

  private checkpoint(now: number): void {
    this.state.set('checkpoint', { snapshot: this.tally.snapshot(), taken_at: now });
    this.lastCheckpoint = now;
  }

  private async refreshProfile(now: number): Promise<void> {
    this.profileFetchedAt = now;
    if (!this.o.session || !this.o.codecrafters) return;
    try {
      const { token, user_id } = await this.o.session.accessToken();
      const profile = await this.o.codecrafters.profile(token, user_id);
      this.profile = profile;
      this.state.set('profile', { profile, fetched_at: Date.now() });
    } catch (error) {
      // Keep the last profile we had; the next refresh tries again. The sender reports sign-in problems.
      if (!(error instanceof SignInAgain) && !(error instanceof ProblemError))
        this.o.log(`profile: ${(error as Error).message}`);
      this.profileFetchedAt = now - PROFILE_REFRESH_MS + MINUTE_MS;
    }
  }

  private writeStatus(now: number, stopped: boolean): void {
    this.lastStatus = now;
    this.state.set('status', {
      pid: stopped ? 0 : process.pid,
      started_at: this.startedAt,
      heartbeat_at: now,
      heartbeat_real_at: Date.now(),
      recording: !stopped && this.gateNow.recording,
      reason: stopped ? 'stopped' : this.gateNow.recording ? null : this.gateNow.detail,
      dry_run: this.o.dryRun,
      hook_events: this.o.input.events,
      minutes_queued_total: this.queuedTotal,
      next_send_at: stopped ? null : this.sender.nextAt,
    });
  }
}
