/**
 * `GET /api/v1/activity/sessions/users/:user_id`: a user's contiguous active spans, for the
 * dashboard's timeline. In the user's own scope, every active minute, days cut in their zone
 * (`user_active_minutes`); in an organization's scope, only the minutes attributed to that
 * organization, days cut in its zone (`org_member_active_minutes`). A span is a run of active
 * minutes with no minute missing; the days of the range are joined, so a span across midnight is
 * one span, and one across a bound of the range is cut there.
 */
import { SESSION_COLLECTIONS, type ActiveMinutesDoc } from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';
import type { SessionsAnswer } from './schemas.js';
import { answerHead, daysOf, type UserQuestion } from './user-question.js';

export const readActiveMinutes = (readModels: ReadModels, question: UserQuestion): Promise<ActiveMinutesDoc[]> =>
  readModels.find<ActiveMinutesDoc>(
    question.scope.kind === 'own' ? SESSION_COLLECTIONS.userMinutes : SESSION_COLLECTIONS.memberMinutes,
    daysOf(question),
  );

const instant = (epochMinute: number): string => new Date(epochMinute * 60_000).toISOString();

export function sessionsReport(question: UserQuestion, days: readonly ActiveMinutesDoc[]): SessionsAnswer {
  const minutes = [...new Set(days.flatMap((day) => day.minutes))].sort((a, b) => a - b);
  const sessions: SessionsAnswer['sessions'] = [];
  for (let start = 0; start < minutes.length;) {
    let end = start;
    while (end + 1 < minutes.length && minutes[end + 1] === minutes[end]! + 1) end += 1;
    sessions.push({
      started_at: instant(minutes[start]!),
      ended_at: instant(minutes[end]! + 1),
      active_minutes: end - start + 1,
    });
    start = end + 1;
  }
  return {
    ...answerHead(question),
    active_minutes: minutes.length,
    sessions,
  };
}
