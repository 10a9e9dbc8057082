import { describe, expect, it } from 'vitest';
import {
  checkFeedback,
  checkReview,
  reviewWindowFor,
  type ReviewContext,
  type ReviewDraft,
} from './performance-forms.js';

const members = [
  { user_id: 1, username: 'olga', joined_at: '2026-01-10T09:00:00Z' },
  { user_id: 2, username: 'alice', joined_at: '2026-03-31T22:30:00Z' }, // 1 April in Paris, 31 March in UTC
];
const context: ReviewContext = {
  selfId: 1,
  members,
  now: new Date('2026-06-15T12:00:00Z'),
  timezone: 'Europe/Paris',
};
const draft: ReviewDraft = {
  employee_id: 2,
  period: '2026-05',
  scores: { quality: 4, delivery: 4, collaboration: 5 },
  comments: 'Solid month.',
};

describe('a review, checked before it is sent', () => {
  it('passes a review the API takes', () => {
    expect(checkReview(draft, context)).toEqual({});
  });

  it('needs a member other than yourself', () => {
    expect(checkReview({ ...draft, employee_id: null }, context).employee_id).toBe('Choose the member to review.');
    expect(checkReview({ ...draft, employee_id: 1 }, context).employee_id).toBe('You may not review yourself.');
    expect(checkReview({ ...draft, employee_id: 9 }, context).employee_id).toMatch(/not a member/);
  });

  it("takes months from the employee's joining month to this month, in the organization's zone", () => {
    expect(reviewWindowFor(2, context)).toEqual({ earliest: '2026-04', latest: '2026-06', timezone: 'Europe/Paris' });
    expect(checkReview({ ...draft, period: '2026-04' }, context).period).toBeUndefined();
    expect(checkReview({ ...draft, period: '2026-03' }, context).period).toMatch(/joined in 2026-04/);
    expect(checkReview({ ...draft, period: '2026-06' }, context).period).toBeUndefined();
    expect(checkReview({ ...draft, period: '2026-07' }, context).period).toMatch(/has not begun yet/);
    // In UTC she joined in March.
    expect(checkReview({ ...draft, period: '2026-03' }, { ...context, timezone: 'UTC' }).period).toBeUndefined();
  });

  it('knows a month already reviewed when the latest review is for it', () => {
    const lastReviewed = new Map([[2, '2026-05']]);
    expect(checkReview(draft, { ...context, lastReviewed }).period).toMatch(/Already reviewed for 2026-05/);
    expect(checkReview({ ...draft, period: '2026-06' }, { ...context, lastReviewed }).period).toBeUndefined();
  });

  it('takes whole scores from 1 to 5 and comments up to 5,000 characters', () => {
    const problems = checkReview(
      { ...draft, scores: { quality: 0, delivery: 4.5, collaboration: '' }, comments: 'x'.repeat(5001) },
      context,
    );
    expect(Object.keys(problems).sort()).toEqual([
      'comments',
      'scores/collaboration',
      'scores/delivery',
      'scores/quality',
    ]);
    expect(checkReview({ ...draft, scores: { quality: 1, delivery: 5, collaboration: 3 } }, context)).toEqual({});
    expect(checkReview({ ...draft, comments: ` ${'x'.repeat(5000)} ` }, context)).toEqual({}); // trimmed first
  });
});

describe('peer feedback, checked before it is sent', () => {
  const feedbackContext = { selfId: 2, members, projectIds: ['p1'] };
  it('needs a project of the organization, someone else, and a score 1..5', () => {
    expect(checkFeedback({ project_id: 'p1', to_user_id: 1, score: 3, comment: '' }, feedbackContext)).toEqual({});
    expect(checkFeedback({ project_id: '', to_user_id: 2, score: 6, comment: '' }, feedbackContext)).toEqual({
      project_id: 'Choose a project of the organization.',
      to_user_id: 'Feedback is about someone else, not you.',
      score: 'A whole number from 1 (lowest) to 5 (best).',
    });
    expect(checkFeedback({ project_id: 'p1', to_user_id: null, score: 3, comment: '' }, feedbackContext)).toEqual({
      to_user_id: 'Choose whom the feedback is for.',
    });
  });
});
