/**
 * The tally's arithmetic, with the moments handed in: which seconds an input makes active, how
 * they merge and spill over minute ends, what a cut and a checkpoint do, and (fast-check) that the
 * closed minutes add up to the seconds the inputs keep active (⌊t⌋ ≤ s < ⌊t + idle⌋) up to the moment recording stopped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE_MS, MinuteTally, minuteOf, type ClosedMinute, type TallySnapshot } from './minute-tally.js';

const T0 = Date.parse('2026-05-04T09:00:00Z');
const S = 1_000;
const TASK_A = '0b9a4a52-4c3e-4d5e-9f1a-2b3c4d5e6f70';
const TASK_B = '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910';

const counts = (m: ClosedMinute) => ({
  keystrokes: m.keystrokes,
  clicks: m.clicks,
  scrolls: m.scrolls,
  mouse_distance_px: m.mouse_distance_px,
});

describe('MinuteTally: active seconds', () => {
  it('makes the seconds in [t, t + idle) active for an input at t on a whole second', () => {
    const tally = new MinuteTally(T0, 5 * S);
    tally.key(T0 + 10 * S);
    expect(tally.close(T0 + MINUTE_MS)).toEqual([
      {
        minute_start: T0,
        active_seconds: 5,
        task_id: null,
        keystrokes: 1,
        clicks: 0,
        scrolls: 0,
        mouse_distance_px: 0,
      },
    ]);
  });

  it('makes the second an input happens in active, and the following ones up to the idle threshold', () => {
    // Inputs at 10.000 s and 10.999 s, idle 1 s: both are in second 10; at its end the last input is less than 1 s old.
    const tally = new MinuteTally(T0, S);
    tally.key(T0 + 10 * S);
    tally.key(T0 + 10 * S + 999);
    expect(tally.close(T0 + MINUTE_MS)[0]?.active_seconds).toBe(1);
  });

  it('puts the seconds an input keeps active into the minutes they are in', () => {
    // An input at 59.5 s, idle 2 s: seconds 59 (it holds the input) and 60 (the next minute) are active.
    const tally = new MinuteTally(T0, 2 * S);
    tally.key(T0 + 59_500);
    const closed = tally.close(T0 + 2 * MINUTE_MS);
    expect(closed.map((m) => [m.minute_start, m.active_seconds, m.keystrokes])).toEqual([
      [T0, 1, 1],
      [T0 + MINUTE_MS, 1, 0],
    ]);
  });

  it('merges overlapping and adjacent inputs instead of adding them up', () => {
    const tally = new MinuteTally(T0, 10 * S);
    tally.key(T0 + 5 * S); // [5, 15)
    tally.key(T0 + 8 * S); // [8, 18): overlaps
    tally.click(T0 + 18 * S); // [18, 28): adjacent
    tally.scroll(T0 + 40 * S); // [40, 50): apart
    const [minute] = tally.close(T0 + MINUTE_MS);
    expect(minute?.active_seconds).toBe(23 + 10);
    expect(counts(minute!)).toEqual({ keystrokes: 2, clicks: 1, scrolls: 1, mouse_distance_px: 0 });
  });

  it('never counts more than 60 active seconds in a minute, however many inputs', () => {
    const tally = new MinuteTally(T0, 5 * 60 * S);
    for (let t = 0; t < 60; t++) tally.key(T0 + t * S + 500);
    const [minute] = tally.close(T0 + MINUTE_MS);
    expect(minute?.active_seconds).toBe(60);
    expect(minute?.keystrokes).toBe(60);
  });

  it('spills the seconds of an input near the end of a minute into the next minutes, with no counts there', () => {
    const tally = new MinuteTally(T0, 150 * S);
    tally.key(T0 + 50 * S); // [50, 200): 10 s in minute 0, 60 in minute 1, 60 in minute 2, 20 in minute 3
    expect(tally.close(T0 + MINUTE_MS).map((m) => m.active_seconds)).toEqual([10]);
    const rest = tally.close(T0 + 10 * MINUTE_MS);
    expect(rest.map((m) => [m.minute_start - T0, m.active_seconds, m.keystrokes])).toEqual([
      [MINUTE_MS, 60, 0],
      [2 * MINUTE_MS, 60, 0],
      [3 * MINUTE_MS, 20, 0],
    ]);
  });

  it('does not close out idle minutes (no input, no active second)', () => {
    const tally = new MinuteTally(T0, 5 * S);
    expect(tally.close(T0 + 5 * MINUTE_MS)).toEqual([]);
    tally.key(T0 + 5 * MINUTE_MS + 30 * S);
    const closed = tally.close(T0 + 9 * MINUTE_MS);
    expect(closed.map((m) => m.minute_start)).toEqual([T0 + 5 * MINUTE_MS]);
  });

  it('closes only the minutes that ended by now, and a minute exactly at its end', () => {
    const tally = new MinuteTally(T0, 5 * S);
    tally.key(T0 + 1 * S);
    expect(tally.close(T0 + MINUTE_MS - 1)).toEqual([]);
    expect(tally.currentMinute).toBe(T0);
    expect(tally.close(T0 + MINUTE_MS)).toHaveLength(1);
    expect(tally.currentMinute).toBe(T0 + MINUTE_MS);
  });

  it('jumps a gap of hours (or years) without emitting empty minutes', () => {
    const tally = new MinuteTally(T0 + 17 * S, 5 * S);
    expect(tally.currentMinute).toBe(T0);
    tally.key(T0 + 20 * S);
    const later = T0 + 10 * 3_600_000 + 42 * S;
    expect(tally.close(later).map((m) => m.minute_start)).toEqual([T0]);
    expect(tally.currentMinute).toBe(minuteOf(later));
    const muchLater = T0 + 30 * 365 * 86_400_000;
    expect(tally.close(muchLater)).toEqual([]);
    expect(tally.currentMinute).toBe(minuteOf(muchLater));
    tally.click(muchLater);
    expect(tally.close(muchLater + MINUTE_MS).map((m) => [m.minute_start, m.clicks])).toEqual([
      [minuteOf(muchLater), 1],
    ]);
  });

  it('jumps from a spilled minute straight to now once the spill is over', () => {
    const tally = new MinuteTally(T0, 90 * S);
    tally.key(T0 + 30 * S); // [30, 120): minutes 0 and 1
    const closed = tally.close(T0 + 3 * 3_600_000);
    expect(closed.map((m) => [m.minute_start - T0, m.active_seconds])).toEqual([
      [0, 30],
      [MINUTE_MS, 60],
    ]);
    expect(tally.currentMinute).toBe(T0 + 3 * 3_600_000);
  });
});

describe('MinuteTally: cut', () => {
  it('stops the active seconds at the moment recording stops', () => {
    const tally = new MinuteTally(T0, 5 * 60 * S);
    tally.key(T0 + 10 * S);
    tally.cut(T0 + 20 * S);
    expect(tally.close(T0 + 20 * MINUTE_MS).map((m) => m.active_seconds)).toEqual([10]);
  });

  it('keeps a second that started before a cut between two seconds', () => {
    const tally = new MinuteTally(T0, 5 * 60 * S);
    tally.key(T0 + 10 * S);
    tally.cut(T0 + 20_500); // the seconds starting at 10 … 20
    expect(tally.close(T0 + MINUTE_MS)[0]?.active_seconds).toBe(11);
  });

  it('drops the spill into later minutes, and counts again from the next input', () => {
    const tally = new MinuteTally(T0, 5 * 60 * S);
    tally.key(T0 + 50 * S);
    tally.cut(T0 + 55 * S);
    tally.click(T0 + 58 * S); // [58, 358) again
    tally.cut(T0 + MINUTE_MS + 5 * S);
    expect(tally.close(T0 + 10 * MINUTE_MS).map((m) => [m.minute_start - T0, m.active_seconds])).toEqual([
      [0, 5 + 2],
      [MINUTE_MS, 5],
    ]);
  });

  it('is a no-op before any input and at a moment after the active seconds', () => {
    const tally = new MinuteTally(T0, 5 * S);
    tally.cut(T0);
    tally.key(T0 + 1 * S);
    tally.cut(T0 + 30 * S);
    expect(tally.close(T0 + MINUTE_MS)[0]?.active_seconds).toBe(5);
  });
});

describe('MinuteTally: counts, tasks, idle threshold', () => {
  it('resets the counts for each minute', () => {
    const tally = new MinuteTally(T0, S);
    tally.key(T0 + 1 * S);
    tally.key(T0 + 2 * S);
    tally.move(T0 + 3 * S, 120);
    expect(tally.close(T0 + MINUTE_MS).map(counts)).toEqual([
      { keystrokes: 2, clicks: 0, scrolls: 0, mouse_distance_px: 120 },
    ]);
    tally.click(T0 + MINUTE_MS + 1 * S);
    tally.scroll(T0 + MINUTE_MS + 2 * S);
    expect(tally.close(T0 + 2 * MINUTE_MS).map(counts)).toEqual([
      { keystrokes: 0, clicks: 1, scrolls: 1, mouse_distance_px: 0 },
    ]);
  });

  it('rounds each mouse movement to whole pixels', () => {
    const tally = new MinuteTally(T0, S);
    tally.move(T0 + 1 * S, 10.4);
    tally.move(T0 + 2 * S, 10.4);
    tally.move(T0 + 3 * S, 0.6);
    expect(tally.close(T0 + MINUTE_MS)[0]?.mouse_distance_px).toBe(21);
  });

  it('attributes a minute to the task it ends with', () => {
    const tally = new MinuteTally(T0, 5 * S, TASK_A);
    tally.key(T0 + 1 * S);
    expect(tally.close(T0 + MINUTE_MS)[0]?.task_id).toBe(TASK_A);
    tally.key(T0 + MINUTE_MS + 1 * S);
    tally.setTask(TASK_B);
    tally.key(T0 + MINUTE_MS + 30 * S);
    expect(tally.close(T0 + 2 * MINUTE_MS)[0]?.task_id).toBe(TASK_B);
    tally.setTask(null);
    tally.key(T0 + 2 * MINUTE_MS + 1 * S);
    expect(tally.close(T0 + 3 * MINUTE_MS)[0]?.task_id).toBeNull();
  });

  it('applies a new idle threshold to the inputs after it', () => {
    const tally = new MinuteTally(T0, 5 * S);
    tally.key(T0 + 1 * S); // [1, 6)
    tally.setIdleMs(20 * S);
    tally.key(T0 + 30 * S); // [30, 50)
    expect(tally.close(T0 + MINUTE_MS)[0]?.active_seconds).toBe(25);
  });

  it('makes no second active with an idle threshold under a second', () => {
    const tally = new MinuteTally(T0, 0);
    tally.key(T0 + 1 * S);
    expect(tally.close(T0 + MINUTE_MS)).toEqual([
      {
        minute_start: T0,
        active_seconds: 0,
        task_id: null,
        keystrokes: 1,
        clicks: 0,
        scrolls: 0,
        mouse_distance_px: 0,
      },
    ]);
  });
});

describe('MinuteTally: snapshot and resume', () => {
  it('resumes from a JSON round trip of its snapshot to the same closed minutes', () => {
    const run = (interrupt: boolean) => {
      let tally = new MinuteTally(T0, 90 * S, TASK_A);
      tally.key(T0 + 10 * S);
      tally.move(T0 + 20 * S, 33);
      tally.click(T0 + 50 * S); // spills into minutes 1 and 2
      if (interrupt) {
        const snapshot = JSON.parse(JSON.stringify(tally.snapshot())) as TallySnapshot;
        expect(snapshot).toEqual({
          minute_start: T0,
          counts: { keystrokes: 1, clicks: 1, scrolls: 0, mouse_distance_px: 33 },
          active: [[T0 / S + 10, T0 / S + 140]],
          task_id: TASK_A,
        });
        tally = MinuteTally.resume(snapshot, 90 * S);
      }
      tally.scroll(T0 + 55 * S);
      return tally.close(T0 + 10 * MINUTE_MS);
    };
    const closed = run(true);
    expect(closed).toEqual(run(false));
    expect(closed.map((m) => m.active_seconds)).toEqual([50, 60, 25]);
  });

  it('does not share state with the snapshot it gave or resumed from', () => {
    const tally = new MinuteTally(T0, 10 * S);
    tally.key(T0 + 1 * S);
    const snapshot = tally.snapshot();
    tally.key(T0 + 30 * S);
    expect(snapshot.counts.keystrokes).toBe(1);
    expect(snapshot.active).toEqual([[T0 / S + 1, T0 / S + 11]]);
    const resumed = MinuteTally.resume(snapshot, 10 * S);
    resumed.key(T0 + 40 * S);
    expect(snapshot.counts.keystrokes).toBe(1);
    expect(snapshot.active).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: the closed minutes against a model that lists the active seconds one by one.

type Kind = 'key' | 'click' | 'scroll' | 'move';
interface Input {
  gap: number;
  kind: Kind;
}

const apply = (tally: MinuteTally, kind: Kind, at: number) => {
  if (kind === 'move') tally.move(at, 7);
  else tally[kind](at);
};

/** Drives a tally as the agent does (close before counting), cuts at `end`, closes everything. */
function drive(idleMs: number, start: number, moments: { at: number; kind: Kind }[], end: number, splitAt?: number) {
  let tally = new MinuteTally(start, idleMs);
  const closed: ClosedMinute[] = [];
  moments.forEach(({ at, kind }, i) => {
    if (i === splitAt)
      tally = MinuteTally.resume(JSON.parse(JSON.stringify(tally.snapshot())) as TallySnapshot, idleMs);
    closed.push(...tally.close(at));
    apply(tally, kind, at);
  });
  tally.cut(end);
  closed.push(...tally.close(end));
  closed.push(...tally.close(minuteOf(end) + MINUTE_MS));
  return closed;
}

/** The model: second `s` is active when some input t has ⌊t⌋ ≤ s < ⌊t + idle⌋ (in seconds), and s started before `end`. */
function model(idleMs: number, moments: { at: number; kind: Kind }[], end: number) {
  const seconds = new Set<number>();
  for (const { at } of moments)
    for (let s = Math.floor(at / S); s < Math.floor((at + idleMs) / S) && s * S < end; s++) seconds.add(s);
  const byMinute = new Map<number, { active: number; inputs: number; keys: number }>();
  const of = (m: number) => byMinute.get(m) ?? byMinute.set(m, { active: 0, inputs: 0, keys: 0 }).get(m)!;
  for (const s of seconds) of(minuteOf(s * S)).active++;
  for (const { at, kind } of moments) {
    of(minuteOf(at)).inputs++;
    if (kind === 'key') of(minuteOf(at)).keys++;
  }
  return { total: seconds.size, byMinute };
}

const kinds = fc.constantFrom<Kind>('key', 'click', 'scroll', 'move');

function checkAgainstModel(idleMs: number, start: number, inputs: Input[], tail: number, splitAt: number): void {
  const moments: { at: number; kind: Kind }[] = [];
  let at = start;
  for (const { gap, kind } of inputs) moments.push({ at: (at += gap), kind });
  const end = at + tail;
  const closed = drive(idleMs, start, moments, end);
  const expected = model(idleMs, moments, end);

  expect(closed.reduce((sum, m) => sum + m.active_seconds, 0)).toBe(expected.total);
  for (const m of closed) {
    expect(m.active_seconds).toBeLessThanOrEqual(60);
    expect(m.minute_start % MINUTE_MS).toBe(0);
  }
  // Oldest first, each minute once, exactly the minutes with an input or an active second.
  const starts = closed.map((m) => m.minute_start);
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
  expect(new Set(starts).size).toBe(starts.length);
  expect(new Map(closed.map((m) => [m.minute_start, [m.active_seconds, m.keystrokes]]))).toEqual(
    new Map([...expected.byMinute].map(([minute, e]) => [minute, [e.active, e.keys]])),
  );
  const inputsOf = (m: ClosedMinute) => m.keystrokes + m.clicks + m.scrolls + m.mouse_distance_px / 7;
  expect(closed.reduce((sum, m) => sum + inputsOf(m), 0)).toBe(moments.length);
  // A checkpoint taken and resumed before any input changes nothing.
  expect(drive(idleMs, start, moments, end, splitAt)).toEqual(closed);
}

const gaps = (unit: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 20 }).map((n) => n * unit) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 400 }).map((n) => n * unit) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 * 3_600 }).map((n) => n * unit) },
  );

describe('MinuteTally: properties', () => {
  it('on whole seconds: the closed minutes add up to the seconds each input keeps active cut where recording stopped, each ≤ 60', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 59 }),
        fc.array(fc.record({ gap: gaps(S), kind: kinds }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1_200 }),
        fc.nat(40),
        (idleSeconds, startSecond, inputs, tailSeconds, splitAt) =>
          checkAgainstModel(idleSeconds * S, T0 + startSecond * S, inputs, tailSeconds * S, splitAt),
      ),
      { numRuns: 300 },
    );
  });

  it('on any millisecond: the closed minutes add up to the seconds each input keeps active in whole seconds, cut where recording stopped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 59_999 }),
        fc.array(fc.record({ gap: gaps(1).map((g) => g * 37), kind: kinds }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1_200_000 }),
        fc.nat(40),
        (idleSeconds, startMs, inputs, tailMs, splitAt) =>
          checkAgainstModel(idleSeconds * S, T0 + startMs, inputs, tailMs, splitAt),
      ),
      { numRuns: 300 },
    );
  });
});
