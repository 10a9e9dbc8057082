/**
 * The pure core of counting: input moments in, one record per closed UTC minute out.
 *
 * It keeps counts only: how many keys, clicks and scrolls, how far the mouse went, and which
 * seconds were active. A second is active when, at its end, the last input was less than the idle
 * threshold ago: an input makes active the second it happens in and the following ones, one idle
 * threshold in all (`⌊t⌋ ≤ s < ⌊t + idle⌋`, in seconds), the seconds a person spends reading what
 * they typed included. The seconds are kept as a union of
 * intervals, so a closed minute knows its active seconds without a timer per second, and a laptop
 * that slept for an hour does not wake up to a queue of ticks.
 *
 * No key code, character, position or window is kept: `key()` takes no argument.
 */

export const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

export interface MinuteCounts {
  keystrokes: number;
  clicks: number;
  scrolls: number;
  mouse_distance_px: number;
}

/** A closed minute: what the queue stores and the record is made of. */
export interface ClosedMinute extends MinuteCounts {
  minute_start: number;
  active_seconds: number;
  task_id: string | null;
}

/** What a tally holds between inputs: small, JSON-safe, so the agent can checkpoint it and resume after a crash. */
export interface TallySnapshot {
  minute_start: number;
  counts: MinuteCounts;
  /** Active intervals `[from, to)` in whole seconds since the epoch, disjoint and in order. */
  active: [number, number][];
  task_id: string | null;
}

const zero = (): MinuteCounts => ({ keystrokes: 0, clicks: 0, scrolls: 0, mouse_distance_px: 0 });

export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/** The pure tally. Every method takes the moment (epoch ms) from the caller's clock. */
export class MinuteTally {
  private minuteStart: number;
  private counts: MinuteCounts = zero();
  private active: [number, number][] = [];
  private taskId: string | null;

  constructor(
    now: number,
    private idleMs: number,
    taskId: string | null = null,
  ) {
    this.minuteStart = minuteOf(now);
    this.taskId = taskId;
  }

  static resume(snapshot: TallySnapshot, idleMs: number): MinuteTally {
    const tally = new MinuteTally(snapshot.minute_start, idleMs, snapshot.task_id);
    tally.counts = { ...snapshot.counts };
    tally.active = snapshot.active.map(([from, to]) => [from, to]);
    return tally;
  }

  snapshot(): TallySnapshot {
    return {
      minute_start: this.minuteStart,
      counts: { ...this.counts },
      active: this.active.map(([from, to]) => [from, to]),
      task_id: this.taskId,
    };
  }

  get currentMinute(): number {
    return this.minuteStart;
  }

  setIdleMs(idleMs: number): void {
    this.idleMs = idleMs;
  }

  /** The task the next minutes are attributed to; a minute is attributed to the task it ends with. */
  setTask(taskId: string | null): void {
    this.taskId = taskId;
  }

  key(now: number): void {
    this.counts.keystrokes++;
    this.touch(now);
  }

  click(now: number): void {
    this.counts.clicks++;
    this.touch(now);
  }

  scroll(now: number): void {
    this.counts.scrolls++;
    this.touch(now);
  }

  move(now: number, distancePx: number): void {
    this.counts.mouse_distance_px += Math.round(distancePx);
    this.touch(now);
  }

  /**
   * Recording stops now (paused, tracking off, outside work hours, the agent stopping): the
   * seconds after `now` are not active, whatever the last input was.
   */
  cut(now: number): void {
    const second = Math.ceil(now / SECOND_MS);
    this.active = this.active.filter(([from]) => from < second).map(([from, to]) => [from, Math.min(to, second)]);
  }

  /**
   * Closes every minute that ended by `now` and answers them, oldest first. Minutes with no input
   * and no active second are not answered (idle minutes are not sent).
   */
  close(now: number): ClosedMinute[] {
    const closed: ClosedMinute[] = [];
    while (this.minuteStart + MINUTE_MS <= now) {
      const minute = this.closeOne();
      if (minute.active_seconds > 0 || hasInput(minute)) closed.push(minute);
      // Jump over a run of empty minutes (a night, a suspended laptop) instead of walking it.
      const next = this.minuteStart;
      const firstActive = this.active[0]?.[0];
      if (firstActive !== undefined) this.minuteStart = Math.max(next, minuteOf(firstActive * SECOND_MS));
      else this.minuteStart = Math.max(next, minuteOf(now));
    }
    return closed;
  }

  private closeOne(): ClosedMinute {
    const from = this.minuteStart / SECOND_MS;
    const to = from + MINUTE_MS / SECOND_MS;
    let activeSeconds = 0;
    for (const [a, b] of this.active) activeSeconds += Math.max(0, Math.min(b, to) - Math.max(a, from));
    const minute: ClosedMinute = {
      minute_start: this.minuteStart,
      active_seconds: activeSeconds,
      task_id: this.taskId,
      ...this.counts,
    };
    this.active = this.active.filter(([, b]) => b > to).map(([a, b]) => [Math.max(a, to), b]);
    this.counts = zero();
    this.minuteStart += MINUTE_MS;
    return minute;
  }

  private touch(now: number): void {
    // An input belongs to the minute it happens in; a caller closes minutes before counting.
    const from = Math.floor(now / SECOND_MS);
    const to = Math.floor((now + this.idleMs) / SECOND_MS);
    if (to <= from) return;
    const last = this.active[this.active.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else this.active.push([from, to]);
  }
}

const hasInput = (m: MinuteCounts): boolean =>
  m.keystrokes > 0 || m.clicks > 0 || m.scrolls > 0 || m.mouse_distance_px > 0;
