/**
 * How the productivity views write dates and figures. Figures are the API's, as they come (hours
 * rounded to 2 decimals by the API: `6.5`, `6.17`); dates are calendar dates, written without a
 * zone shift (a date is the same day in every zone).
 */
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const fullFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** `Mon 9 Mar` */
export const dayLabel = (date: string): string => dayFormat.format(utc(date));

/** `9 Mar 2026 – 15 Mar 2026`, or one date. */
export function rangeLabel({ from, to }: { from: string; to: string }): string {
  return from === to ? fullFormat.format(utc(from)) : `${fullFormat.format(utc(from))} – ${fullFormat.format(utc(to))}`;
}

/** `6.5 h` */
export const hoursText = (hours: number): string => `${hours} h`;
