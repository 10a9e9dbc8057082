/**
 * The ScoreSquad event catalogue (design §3): a manager's review of a member for a month, and one
 * member's feedback to another on a project. Events carry the organization, so the read side can
 * keep every number inside the organization it belongs to without looking anything up.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event.js';
import { InstantSchema, UserIdSchema, UuidSchema, freeText } from '../schemas.js';

export * from './streams.js';

/** A calendar month, `YYYY-MM` (01..12). */
export const PeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
/** One score on the 1..5 scale (5 is best). */
export const ScoreSchema = z.int().min(1).max(5);
export const ReviewScoresSchema = z.strictObject({
  quality: ScoreSchema,
  delivery: ScoreSchema,
  collaboration: ScoreSchema,
});
export type ReviewScores = z.infer<typeof ReviewScoresSchema>;
export const CommentSchema = freeText(5_000, { trim: true });

export const ReviewSubmitted = defineEvent(
  'scoresquad.ReviewSubmitted',
  1,
  z.strictObject({
    review_id: UuidSchema,
    employee_id: UserIdSchema,
    reviewer_id: UserIdSchema,
    organization_id: UuidSchema,
    period: PeriodSchema,
    scores: ReviewScoresSchema,
    comments: CommentSchema,
    submitted_at: InstantSchema,
  }),
);

export const FeedbackGiven = defineEvent(
  'scoresquad.FeedbackGiven',
  1,
  z.strictObject({
    feedback_id: UuidSchema,
    project_id: UuidSchema,
    organization_id: UuidSchema,
    from_user_id: UserIdSchema,
    to_user_id: UserIdSchema,
    /** The month of `given_at` in the organization's time zone: feedback is once per month. */
    period: PeriodSchema,
    score: ScoreSchema,
    comment: CommentSchema,
    given_at: InstantSchema,
  }),
);

export const scoresquadEvents = [ReviewSubmitted, FeedbackGiven] as const;

export type ScoresquadEvent = EventOf<typeof scoresquadEvents>;
export type ScoresquadEventOf<Type extends ScoresquadEvent['type']> = Extract<ScoresquadEvent, { type: Type }>;
