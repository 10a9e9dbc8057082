/**
 * Peer feedback: a member of a project's organization scores another member's work on that
 * project, once per month (the stream is named after project, giver, receiver and month).
 * Atlas has no project membership of its own: every member of the organization may work on any
 * of its projects, so "a member of the project" is a member of its organization.
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { Role } from '../schemas.js';
import type { ScoresquadEventOf } from './events.js';

export type FeedbackEvent = ScoresquadEventOf<'scoresquad.FeedbackGiven'>;

export interface GiveFeedback {
  type: 'GiveFeedback';
  feedback_id: string;
  project: { project_id: string; organization_id: string };
  /** The giver and their role in the project's organization (null: not a member). */
  giver: { user_id: number; role: Role | null };
  /** The receiver and whether they are a member of the project's organization. */
  receiver: { user_id: number; member: boolean };
  /** The month of `now` in the organization's zone (`periodOf`); also in the stream's name. */
  period: string;
  score: number;
  comment: string;
  now: Date;
}

export type FeedbackState = { exists: false } | { exists: true; feedback_id: string };

export const feedback: Decider<GiveFeedback, FeedbackEvent, FeedbackState> = {
  initialState: { exists: false },
  evolve: (_state, event) => ({ exists: true, feedback_id: event.data.feedback_id }),
  decide(command, state) {
    const { giver, receiver, project } = command;
    if (giver.role === null) throw new DomainError('not_found', 'project not found');
    if (receiver.user_id === giver.user_id) {
      throw new DomainError(
        'invalid',
        'feedback is about someone else: you may not give it to yourself',
        '/to_user_id',
      );
    }
    if (!receiver.member) {
      throw new DomainError('invalid', `user ${receiver.user_id} is not a member of the project`, '/to_user_id');
    }
    if (state.exists) {
      throw new DomainError(
        'conflict',
        `you already gave user ${receiver.user_id} feedback on this project for ${command.period}`,
      );
    }
    return [
      {
        type: 'scoresquad.FeedbackGiven',
        data: {
          feedback_id: command.feedback_id,
          project_id: project.project_id,
          organization_id: project.organization_id,
          from_user_id: giver.user_id,
          to_user_id: receiver.user_id,
          period: command.period,
          score: command.score,
          comment: command.comment,
          given_at: command.now.toISOString(),
        },
      },
    ];
  },
};
