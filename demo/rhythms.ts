/**
 * Working rhythms: when, on a given local day, someone's computer is on and in use. A day's plan
 * is a list of blocks in minutes from that day's local midnight (a night owl's evening runs past
 * 1440, into the next morning). Work blocks are lived minute by minute by `activity.ts`; idle
 * blocks are coffee breaks with the agent running (minutes of 0 active seconds); lunch is a gap
 * (the screen is locked, nothing is recorded). Pure: the chance comes from the caller's `Random`.
 */
import type { Random } from './random.js';

export type RhythmName = 'regular' | 'early_bird' | 'night_owl' | 'part_timer' | 'flexible' | 'on_leave';

export interface Block {
  /** Minutes from the local midnight, start included. */
  start: number;
  /** End excluded; may pass 1440 (the small hours of the next day). */
  end: number;
  /** Index into the person's devices. */
  device: number;
  /** A break with the computer on: recorded, but with 0 active seconds. */
  idle: boolean;
}

export interface Day {
  /** 0 = Sunday … 6 = Saturday, of the local date. */
  weekday: number;
  /** How many local days before today this day is (0 = today). */
  days_ago: number;
}

/** The person on leave has not worked for this many local days, today included: all of this week. */
export const LEAVE_DAYS = 9;

const h = (hours: number, minutes = 0): number => hours * 60 + minutes;

/** A working span from `start` to `end` with a lunch gap and a coffee break (idle) on either side of it. */
function workday(random: Random, start: number, end: number, lunch: number, device = 0): Block[] {
  const lunchStart = lunch + random.int(-10, 25);
  const lunchEnd = lunchStart + random.int(30, 60);
  const morningCoffee = Math.min(lunchStart, random.int(start + 60, Math.max(start + 61, lunchStart - 30)));
  const afternoonCoffee = Math.min(end, random.int(lunchEnd + 60, Math.max(lunchEnd + 61, end - 30)));
  const blocks: Block[] = [];
  const work = (from: number, to: number) => {
    if (to > from) blocks.push({ start: from, end: to, device, idle: false });
  };
  const coffee = (at: number, to: number) => {
    const length = random.int(5, 15);
    if (at + length < to) {
      blocks.push({ start: at, end: at + length, device, idle: true });
      return at + length;
    }
    return at;
  };
  if (lunchStart <= start || lunchEnd >= end) {
    work(start, end);
    return blocks;
  }
  work(start, morningCoffee);
  work(coffee(morningCoffee, lunchStart), lunchStart);
  work(lunchEnd, afternoonCoffee);
  work(coffee(afternoonCoffee, end), end);
  return blocks;
}

function isWeekend(day: Day): boolean {
  return day.weekday === 0 || day.weekday === 6;
}

/** Weekends are mostly off: now and then an hour or two. */
function weekend(random: Random, nightOwl: boolean): Block[] {
  if (!random.chance(0.08)) return [];
  const start = nightOwl ? random.int(h(20), h(22)) : random.int(h(10), h(15));
  return [{ start, end: start + random.int(40, 120), device: 0, idle: false }];
}

function regular(random: Random): Block[] {
  return workday(random, random.int(h(8, 30), h(9, 30)), random.int(h(17), h(18, 15)), h(12));
}

function earlyBird(random: Random): Block[] {
  return workday(random, random.int(h(6), h(7)), random.int(h(14, 30), h(15, 30)), h(11));
}

/** From early afternoon until after midnight, with a dinner gap; the evening on the second device if any. */
function nightOwl(random: Random, devices: number): Block[] {
  const start = random.int(h(13, 30), h(15));
  const dinner = random.int(h(19), h(19, 45));
  const back = dinner + random.int(45, 75);
  const end = random.int(h(24, 30), h(26));
  const evening = devices > 1 ? 1 : 0;
  return [...workday(random, start, dinner, h(16, 30)), { start: back, end, device: evening, idle: false }];
}

/** Three mornings a week. */
function partTimer(random: Random, day: Day): Block[] {
  if (![1, 2, 4].includes(day.weekday)) return [];
  const start = random.int(h(8, 45), h(9, 30));
  const end = random.int(h(13), h(14));
  const coffee = random.int(start + 90, start + 150);
  return [
    { start, end: coffee, device: 0, idle: false },
    { start: coffee, end: coffee + random.int(5, 12), device: 0, idle: true },
    { start: coffee + 15, end, device: 0, idle: false },
  ];
}

/** An early start, an early end, and every other evening a check-in (on the second device if any). */
function flexible(random: Random, devices: number): Block[] {
  const blocks = workday(random, random.int(h(8), h(8, 45)), random.int(h(15, 30), h(16, 30)), h(12));
  if (random.chance(0.5)) {
    const start = random.int(h(20), h(21));
    blocks.push({ start, end: start + random.int(30, 60), device: devices > 1 ? 1 : 0, idle: false });
  }
  return blocks;
}

/** The blocks of one local day. `devices` is how many machines the person has. */
export function dayPlan(rhythm: RhythmName, day: Day, random: Random, devices = 1): Block[] {
  if (rhythm === 'on_leave' && day.days_ago < LEAVE_DAYS) return [];
  if (isWeekend(day)) return weekend(random, rhythm === 'night_owl');
  if (random.chance(0.04)) return []; // a day off
  switch (rhythm) {
    case 'regular':
    case 'on_leave':
      return regular(random);
    case 'early_bird':
      return earlyBird(random);
    case 'night_owl':
      return nightOwl(random, devices);
    case 'part_timer':
      return partTimer(random, day);
    case 'flexible':
      return flexible(random, devices);
  }
}
