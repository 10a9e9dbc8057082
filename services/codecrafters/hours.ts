/** Seconds → hours as the answers show them: two decimals (36 s steps). */
export const hoursOf = (seconds: number): number => Math.round(seconds / 36) / 100;

/** The mean in hours, two decimals; 0 when there is nothing to average. */
export const meanHours = (seconds: number, count: number): number =>
  count > 0 ? Math.round(seconds / count / 36) / 100 : 0;

/** End of the minute that starts at `minuteStart`. */
export const minuteEnd = (minuteStart: string): string => new Date(Date.parse(minuteStart) + 60_000).toISOString();
