/**
 * The rules of a review and of peer feedback that the form can know before sending, in the API's
 * terms (write/scoresquad/review.ts, feedback.ts, commands.ts; docs/scoresquad.md). What only the
 * server knows (another review of the same month by someone else, feedback already given this
 * month) comes back as a problem and is placed on the fields (field-errors.ts).
 */
import { reviewPeriodProblem, reviewWindow } from './months.js';

/** The fields of each form, named by their path in the request body (the API's pointers). */
export const REVIEW_FIELDS = [
  'employee_id',
  'period',
  'scores/quality',
  'scores/delivery',
  'scores/collaboration',
  'comments',
] as const;
export type ReviewField = (typeof REVIEW_FIELDS)[number];

export const FEEDBACK_FIELDS = ['project_id', 'to_user_id', 'score', 'comment'] as const;
export type FeedbackField = (typeof FEEDBACK_FIELDS)[number];

export type FieldProblems<F extends string> = Partial<Record<F, string>>;

/** A number input's model: a number, or '' while empty. */
export type Entered = number | '' | null;

export interface Colleague {
  user_id: number;
  username: string;
  joined_at: string;
}

export const COMMENT_MAX = 5_000;
export const SCORE_RULE = 'A whole number from 1 (lowest) to 5 (best).';

export function scoreProblem(score: Entered): string | null {
  return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5 ? null : SCORE_RULE;
}

const commentProblem = (text: string): string | null =>
  text.trim().length > COMMENT_MAX ? `At most ${COMMENT_MAX.toLocaleString('en')} characters.` : null;

/** Why `userId` cannot receive a review or feedback from `selfId`; null when they can. */
function colleagueProblem(userId: number | null, selfId: number, members: readonly Colleague[], what: string) {
  if (userId === null) return `Choose ${what}.`;
  if (userId === selfId)
    return what === 'the member to review'
      ? 'You may not review yourself.'
      : 'Feedback is about someone else, not you.';
  if (!members.some((m) => m.user_id === userId)) return `User ${userId} is not a member of the organization.`;
  return null;
}

export interface ReviewDraft {
  employee_id: number | null;
  period: string;
  scores: { quality: Entered; delivery: Entered; collaboration: Entered };
  comments: string;
}

export interface ReviewContext {
  selfId: number;
  members: readonly Colleague[];
  now: Date;
  /** The organization's time zone: "this month" is the current month there. */
  timezone: string;
  /** Each member's latest reviewed month (`last_review_period`), when known. */
  lastReviewed?: ReadonlyMap<number, string | null>;
}

/** The window of months the chosen employee may be reviewed for (null before one is chosen). */
export function reviewWindowFor(employeeId: number | null, context: ReviewContext) {
  const employee = context.members.find((m) => m.user_id === employeeId);
  return reviewWindow(context.now, context.timezone, employee?.joined_at ?? null);
}

export function checkReview(draft: ReviewDraft, context: ReviewContext): FieldProblems<ReviewField> {
  const problems: FieldProblems<ReviewField> = {};
  const employee = colleagueProblem(draft.employee_id, context.selfId, context.members, 'the member to review');
  if (employee) problems.employee_id = employee;
  const period = reviewPeriodProblem(draft.period, reviewWindowFor(draft.employee_id, context));
  if (period) problems.period = period;
  else if (draft.employee_id !== null && context.lastReviewed?.get(draft.employee_id) === draft.period) {
    problems.period = `Already reviewed for ${draft.period}: one review per member and month.`;
  }
  for (const dimension of ['quality', 'delivery', 'collaboration'] as const) {
    const problem = scoreProblem(draft.scores[dimension]);
    if (problem) problems[`scores/${dimension}`] = problem;
  }
  const comments = commentProblem(draft.comments);
  if (comments) problems.comments = comments;
  return problems;
}

export interface FeedbackDraft {
  project_id: string;
  to_user_id: number | null;
  score: Entered;
  comment: string;
}

export function checkFeedback(
  draft: FeedbackDraft,
  context: { selfId: number; members: readonly Colleague[]; projectIds: readonly string[] },
): FieldProblems<FeedbackField> {
  const problems: FieldProblems<FeedbackField> = {};
  if (!context.projectIds.includes(draft.project_id)) problems.project_id = 'Choose a project of the organization.';
  const to = colleagueProblem(draft.to_user_id, context.selfId, context.members, 'whom the feedback is for');
  if (to) problems.to_user_id = to;
  const score = scoreProblem(draft.score);
  if (score) problems.score = score;
  const comment = commentProblem(draft.comment);
  if (comment) problems.comment = comment;
  return problems;
}
