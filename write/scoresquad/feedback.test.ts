import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import { feedback, type FeedbackEvent, type GiveFeedback } from './feedback.js';

const given = deciderSpec(feedback);
const ORG = '7d3c1a52-3f43-4a8e-9d55-0d7c3f7f5b10';
const PROJECT = '0e5b2f1c-8a9d-4b7e-a6c5-d4e3f2a1b0c9';
const FEEDBACK = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const NOW = new Date('2026-05-15T12:00:00.000Z');

const give = (overrides: Partial<GiveFeedback> = {}): GiveFeedback => ({
  type: 'GiveFeedback',
  feedback_id: FEEDBACK,
  project: { project_id: PROJECT, organization_id: ORG },
  giver: { user_id: 3, role: 'member' },
  receiver: { user_id: 4, member: true },
  period: '2026-05',
  score: 4,
  comment: 'great pairing',
  now: NOW,
  ...overrides,
});

const given_: FeedbackEvent = {
  type: 'scoresquad.FeedbackGiven',
  data: {
    feedback_id: FEEDBACK,
    project_id: PROJECT,
    organization_id: ORG,
    from_user_id: 3,
    to_user_id: 4,
    period: '2026-05',
    score: 4,
    comment: 'great pairing',
    given_at: NOW.toISOString(),
  },
};

describe('feedback decider', () => {
  it('a member gives another member feedback on a project', () => {
    given([]).when(give()).then([given_]);
  });

  it('managers and owners give feedback like anyone else', () => {
    given([])
      .when(give({ giver: { user_id: 3, role: 'owner' } }))
      .then([given_]);
  });

  it('a second feedback in the same month is a conflict', () => {
    given([given_])
      .when(give({ feedback_id: 'd1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' }))
      .thenThrows('conflict', /2026-05/);
  });

  it('feedback about yourself is refused', () => {
    const error = given([])
      .when(give({ receiver: { user_id: 3, member: true } }))
      .thenThrows('invalid');
    expect(error.pointer).toBe('/to_user_id');
  });

  it('the receiver must be a member of the project', () => {
    const error = given([])
      .when(give({ receiver: { user_id: 8, member: false } }))
      .thenThrows('invalid', /not a member/);
    expect(error.pointer).toBe('/to_user_id');
  });

  it('someone outside the organization is told the project does not exist', () => {
    given([])
      .when(give({ giver: { user_id: 3, role: null } }))
      .thenThrows('not_found', 'project not found');
  });
});
