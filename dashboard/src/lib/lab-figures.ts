/**
 * A lab's analytics, folded for charts and tables. The figures are NexaCore's
 * (services/nexacore/figures.ts); where a day's hours are shown, they are computed as NexaCore
 * computes the week's `active_hours`: seconds ÷ 3600, to the hundredth.
 */
import type { LabAnalytics, WeekActivity } from '../api/nexacore.js';

/** Hours to the hundredth, as NexaCore rounds `active_hours`. */
export const hoursOf = (seconds: number): number => Math.round((seconds / 3600) * 100) / 100;

/** Domain → count, in the answer's order (most named first, then alphabetical). */
export const expertiseRows = (distribution: LabAnalytics['expertise_distribution']) =>
  Object.entries(distribution).map(([domain, researchers]) => ({ domain, researchers }));

const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** `2026-11-30` → `Mon 30 Nov`: a calendar date, read without any time zone. */
export const dayLabel = (date: string): string => weekday.format(new Date(`${date}T00:00:00Z`));

export const weekRows = (week: WeekActivity) =>
  week.days.map((day) => ({
    date: day.date,
    label: dayLabel(day.date),
    active_seconds: day.active_seconds,
    active_hours: hoursOf(day.active_seconds),
    active_members: day.active_members,
  }));

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

/** The completion rate (completed ÷ total, unrounded in the answer) as a percentage; `—` without tasks. */
export const rateText = (rate: number | null): string => (rate === null ? '—' : percent.format(rate));
