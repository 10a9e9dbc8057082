import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import { review, type ReviewEvent, type SubmitReview } from './review.js';

const given = deciderSpec(review);
const ORG = '7d3c1a52-3f43-4a8e-9d55-0d7c3f7f5b10';
const REVIEW = 'a6c4f7a8-2b1e-4c3d-9e8f-1a2b3c4d5e6f';
const NOW = new Date('2026-05-15T12:00:00.000Z');

const submit = (overrides: Partial<SubmitReview> = {}): SubmitReview => ({
  type: 'SubmitReview',
  review_id: REVIEW,
  organization_id: ORG,
  reviewer: { user_id: 1, role: 'manager' },
  employee: { user_id: 2, joined_at: '2026-01-20T09:00:00.000Z' },
  period: '2026-04',
  scores: { quality: 4, delivery: 3, collaboration: 5 },
  comments: 'steady quarter',
  now: NOW,
  timezone: 'UTC',
  ...overrides,
});

const submitted: ReviewEvent = {
  type: 'scoresquad.ReviewSubmitted',
  data: {
    review_id: REVIEW,
    employee_id: 2,
    reviewer_id: 1,
    organization_id: ORG,
    period: '2026-04',
    scores: { quality: 4, delivery: 3, collaboration: 5 },
    comments: 'steady quarter',
    submitted_at: NOW.toISOString(),
  },
};

describe('review decider', () => {
  it('a manager reviews a member for a past month', () => {
    given([]).when(submit()).then([submitted]);
  });

  it('an owner reviews a member for the current month', () => {
    const event = { ...submitted, data: { ...submitted.data, period: '2026-05' } };
    given([])
      .when(submit({ reviewer: { user_id: 1, role: 'owner' }, period: '2026-05' }))
      .then([event]);
  });

  it('a second review of the same month is a conflict', () => {
    given([submitted])
      .when(submit({ review_id: 'b6c4f7a8-2b1e-4c3d-9e8f-1a2b3c4d5e6f' }))
      .thenThrows('conflict', /already has a review for 2026-04/);
  });

  it('a member may not review', () => {
    given([])
      .when(submit({ reviewer: { user_id: 1, role: 'member' } }))
      .thenThrows('forbidden');
  });

  it('someone outside the organization is told it does not exist', () => {
    given([])
      .when(submit({ reviewer: { user_id: 1, role: null } }))
      .thenThrows('not_found', 'organization not found');
  });

  it('nobody reviews themself', () => {
    const error = given([])
      .when(submit({ employee: { user_id: 1, joined_at: '2026-01-20T09:00:00.000Z' } }))
      .thenThrows('invalid');
    expect(error.pointer).toBe('/employee_id');
  });

  it('the employee must be a member of the organization', () => {
    const error = given([])
      .when(submit({ employee: { user_id: 9, joined_at: null } }))
      .thenThrows('invalid', /not a member/);
    expect(error.pointer).toBe('/employee_id');
  });

  it('a month that has not begun cannot be reviewed', () => {
    const error = given([])
      .when(submit({ period: '2026-06' }))
      .thenThrows('invalid', /has not begun/);
    expect(error.pointer).toBe('/period');
  });

  it('a month before the employee joined cannot be reviewed; the month they joined can', () => {
    const error = given([])
      .when(submit({ period: '2025-12' }))
      .thenThrows('invalid', /joined the organization in 2026-01, after 2025-12/);
    expect(error.pointer).toBe('/period');
    const january = { ...submitted, data: { ...submitted.data, period: '2026-01' } };
    given([])
      .when(submit({ period: '2026-01' }))
      .then([january]);
  });

  it('"has begun" is read in the organization\'s time zone', () => {
    // 2026-05-31T22:00Z is already June 1st in Tokyo (UTC+9).
    const lateMay = new Date('2026-05-31T22:00:00.000Z');
    const event = { ...submitted, data: { ...submitted.data, period: '2026-06', submitted_at: lateMay.toISOString() } };
    given([])
      .when(submit({ period: '2026-06', now: lateMay, timezone: 'Asia/Tokyo' }))
      .then([event]);
    given([])
      .when(submit({ period: '2026-06', now: lateMay, timezone: 'UTC' }))
      .thenThrows('invalid');
  });
});
