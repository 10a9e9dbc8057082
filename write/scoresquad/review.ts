/**
 * A performance review: one per employee, organization and month (the stream is named after
 * them). Owners and managers review members of their organization, never themselves, and never a
 * month that has not begun, nor one before the employee joined. A review is a record: a second one for the same month is a conflict,
 * not an amendment (see docs/scoresquad.md).
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { Role } from '../schemas.js';
import type { ReviewScores, ScoresquadEventOf } from './events.js';
import { isAfterPeriod, periodOf } from './period.js';

export type ReviewEvent = ScoresquadEventOf<'scoresquad.ReviewSubmitted'>;

export interface SubmitReview {
  type: 'SubmitReview';
  review_id: string;
  organization_id: string;
  /** The reviewer and their role in the organization (null: not a member). */
  reviewer: { user_id: number; role: Role | null };
  /** The employee, and when they joined the organization (null: not a member). */
  employee: { user_id: number; joined_at: string | null };
  period: string;
  scores: ReviewScores;
  comments: string;
  now: Date;
  /** The organization's time zone: "this month" is the current month there. */
  timezone: string;
}

export type ReviewState = { exists: false } | { exists: true; review_id: string; reviewer_id: number };

export const review: Decider<SubmitReview, ReviewEvent, ReviewState> = {
  initialState: { exists: false },
  evolve: (_state, event) => ({ exists: true, review_id: event.data.review_id, reviewer_id: event.data.reviewer_id }),
  decide(command, state) {
    const { reviewer, employee } = command;
    if (reviewer.role === null) throw new DomainError('not_found', 'organization not found');
    if (reviewer.role !== 'owner' && reviewer.role !== 'manager') {
      throw new DomainError('forbidden', 'only owners and managers may review members');
    }
    if (employee.user_id === reviewer.user_id) {
      throw new DomainError('invalid', 'you may not review yourself', '/employee_id');
    }
    if (employee.joined_at === null) {
      throw new DomainError('invalid', `user ${employee.user_id} is not a member of the organization`, '/employee_id');
    }
    if (isAfterPeriod(command.period, periodOf(command.now, command.timezone))) {
      throw new DomainError('invalid', `${command.period} has not begun yet`, '/period');
    }
    const joined = periodOf(new Date(employee.joined_at), command.timezone);
    if (isAfterPeriod(joined, command.period)) {
      throw new DomainError(
        'invalid',
        `user ${employee.user_id} joined the organization in ${joined}, after ${command.period}`,
        '/period',
      );
    }
    if (state.exists) {
      throw new DomainError(
        'conflict',
        `user ${employee.user_id} already has a review for ${command.period} in this organization`,
      );
    }
    return [
      {
        type: 'scoresquad.ReviewSubmitted',
        data: {
          review_id: command.review_id,
          employee_id: employee.user_id,
          reviewer_id: reviewer.user_id,
          organization_id: command.organization_id,
          period: command.period,
          scores: command.scores,
          comments: command.comments,
          submitted_at: command.now.toISOString(),
        },
      },
    ];
  },
};
