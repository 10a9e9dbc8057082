/**
 * The demo's only source of chance: a small seeded generator (mulberry32) keyed by strings, so
 * that every draw is a pure function of the seed and of what it is for (a person, a day). Two runs
 * with the same seed draw the same numbers, and one person's day never depends on another's.
 */

/** 32-bit FNV-1a of a string: turns the seed and the keys into the generator's starting state. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items` (not empty). */
  pick<T>(items: readonly T[]): T;
}

/** A generator for one purpose: `randomFor(seed, 'activity', username, '2026-11-30')`. */
export function randomFor(seed: string, ...keys: readonly string[]): Random {
  let state = hash32([seed, ...keys].join('\u0000'));
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}
