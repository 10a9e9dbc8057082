/**
 * `GET /api/v1/productivity/users/:user_id`: a user's days. In the user's own scope, every minute
 * they logged, cut in their zone (`user_daily_activity`); in an organization's scope, only the
 * minutes attributed to that organization, cut in its zone (`org_member_daily_activity`).
 * Also the user's hours of one day (`user_hourly_activity`, own scope only).
 */
import { CODECRAFTERS_COLLECTIONS, type Counters, type UserHourDoc } from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';
import { datesFrom } from '../../write/codecrafters/index.js';
import { hoursOf, meanHours, minuteEnd } from './hours.js';
import type { HoursAnswer, UserAnswer } from './schemas.js';
import { answerHead, daysOf, type UserQuestion } from './user-question.js';

export type DayRollup = Counters & { date: string; first_minute_start: string; last_minute_start: string };

export const readUserDays = (readModels: ReadModels, question: UserQuestion): Promise<DayRollup[]> =>
  readModels.find<DayRollup & { _id: string }>(
    question.scope.kind === 'own' ? CODECRAFTERS_COLLECTIONS.userDaily : CODECRAFTERS_COLLECTIONS.orgMemberDaily,
    daysOf(question),
  );

export function userReport(question: UserQuestion, rollups: readonly DayRollup[]): UserAnswer {
  const byDate = new Map(rollups.map((day) => [day.date, day]));
  let total = 0;
  let activeDays = 0;
  const days = datesFrom(question.range.from, question.range.to).map((date) => {
    const day = byDate.get(date);
    const seconds = day?.active_seconds ?? 0;
    total += seconds;
    if (seconds > 0) activeDays += 1;
    return {
      date,
      productive_seconds: seconds,
      productive_hours: hoursOf(seconds),
      active_minutes: day?.active_minutes ?? 0,
      keystrokes: day?.keystrokes ?? 0,
      clicks: day?.clicks ?? 0,
      scrolls: day?.scrolls ?? 0,
      mouse_distance_px: day?.mouse_distance_px ?? 0,
      first_activity_at: day ? day.first_minute_start : null,
      last_activity_at: day ? minuteEnd(day.last_minute_start) : null,
    };
  });
  return {
    ...answerHead(question),
    total_productive_seconds: total,
    total_productive_hours: hoursOf(total),
    active_days: activeDays,
    average_productive_hours_per_active_day: meanHours(total, activeDays),
    days,
  };
}

export async function userHours(readModels: ReadModels, userId: number, date: string): Promise<HoursAnswer['hours']> {
  const docs = await readModels.find<UserHourDoc>(CODECRAFTERS_COLLECTIONS.userHourly, {
    _id: { $gte: `${userId}:${date}T00`, $lte: `${userId}:${date}T23` },
  });
  const byHour = new Map(docs.map((doc) => [doc.hour, doc]));
  return Array.from({ length: 24 }, (_, hour) => {
    const doc = byHour.get(hour);
    const seconds = doc?.active_seconds ?? 0;
    return {
      hour,
      productive_seconds: seconds,
      productive_hours: hoursOf(seconds),
      active_minutes: doc?.active_minutes ?? 0,
    };
  });
}
