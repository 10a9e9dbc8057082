/**
 * Reviews and peer feedback: each kept as a record of its own (`performance_reviews`,
 * `peer_feedback`) and added to the counters of the profile it is about, and for feedback, of the
 * project it is about.
 */
import type { WriteOp } from '../../stores/reads/port.js';
import type { ScoresquadEventOf } from '../../write/scoresquad/events.js';
import { profileUpdate, projectUpdate } from './completions.js';
import { SCORESQUAD_COLLECTIONS, type PeerFeedbackDoc, type PerformanceReviewDoc } from './models.js';

type Review = ScoresquadEventOf<'scoresquad.ReviewSubmitted'>['data'];
type Feedback = ScoresquadEventOf<'scoresquad.FeedbackGiven'>['data'];

export function reviewWrites(review: Review): WriteOp[] {
  const { review_id, ...fields } = review;
  const { quality, delivery, collaboration } = review.scores;
  return [
    {
      kind: 'update',
      collection: SCORESQUAD_COLLECTIONS.reviews,
      filter: { _id: review_id },
      update: { $setOnInsert: { id: review_id, ...fields } satisfies Omit<PerformanceReviewDoc, '_id'> },
      upsert: true,
    },
    profileUpdate(review.organization_id, review.employee_id, {
      $inc: {
        'reviews.count': 1,
        'reviews.quality_total': quality,
        'reviews.delivery_total': delivery,
        'reviews.collaboration_total': collaboration,
      },
      $max: { last_review_date: review.submitted_at.slice(0, 10), last_review_period: review.period },
    }),
  ];
}

export function feedbackWrites(feedback: Feedback): WriteOp[] {
  const { feedback_id, ...fields } = feedback;
  const inc = { 'feedback.count': 1, 'feedback.score_total': feedback.score };
  return [
    {
      kind: 'update',
      collection: SCORESQUAD_COLLECTIONS.feedback,
      filter: { _id: feedback_id },
      update: { $setOnInsert: { id: feedback_id, ...fields } satisfies Omit<PeerFeedbackDoc, '_id'> },
      upsert: true,
    },
    profileUpdate(feedback.organization_id, feedback.to_user_id, { $inc: inc }),
    projectUpdate(feedback.project_id, feedback.organization_id, inc),
  ];
}
