/**
 * The activity sessions as a timeline: one row per day of the range, each session a bar from its
 * start to its end on that day's clock, in the zone the answer cut its days in. A session across
 * midnight is cut there into two bars (both keep the session's own figures). Positions are minutes
 * elapsed since the day began, so a DST day is 23 or 25 hours long, never a bar drawn backwards.
 */
import { addDays } from './ranges.js';
import { localDate, startOfDay } from './zoned.js';

export interface SessionSpan {
  started_at: string;
  ended_at: string;
  active_minutes: number;
}

export interface TimelineBar {
  date: string;
  /** Minutes since the day began. */
  start: number;
  end: number;
  /** The instants the bar covers (epoch ms). */
  from: number;
  to: number;
  session: SessionSpan;
}

export interface Timeline {
  bars: TimelineBar[];
  /** The longest of the days listed, in minutes (1440; 1500 when one of them is a fall-back day). */
  dayMinutes: number;
}

const MINUTE_MS = 60_000;

export function timelineOf(sessions: readonly SessionSpan[], zone: string, dates: readonly string[]): Timeline {
  const listed = new Set(dates);
  const bars: TimelineBar[] = [];
  for (const session of sessions) {
    const end = Date.parse(session.ended_at);
    let at = Date.parse(session.started_at);
    while (at < end) {
      const date = localDate(zone, at);
      const dayStart = startOfDay(date, zone);
      const to = Math.min(end, startOfDay(addDays(date, 1), zone));
      if (listed.has(date)) {
        bars.push({
          date,
          start: (at - dayStart) / MINUTE_MS,
          end: (to - dayStart) / MINUTE_MS,
          from: at,
          to,
          session,
        });
      }
      at = to;
    }
  }
  let dayMinutes = 1440;
  for (const date of dates) {
    dayMinutes = Math.max(dayMinutes, (startOfDay(addDays(date, 1), zone) - startOfDay(date, zone)) / MINUTE_MS);
  }
  return { bars, dayMinutes };
}
