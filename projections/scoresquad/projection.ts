/**
 * The ScoreSquad projection: Atlas's memberships and task completions, and ScoreSquad's reviews
 * and feedback, into the four read models of `models.ts`. Pure: each event is checked against
 * the catalogue (`../event-reader.ts`) and mapped to writes; nothing is looked up, nothing depends
 * on the clock.
 */
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { MemberAdded, TaskCompleted } from '../../write/atlas/events.js';
import { FeedbackGiven, ReviewSubmitted } from '../../write/scoresquad/events.js';
import { eventReader } from '../event-reader.js';
import type { Projection } from '../projection.js';
import { feedbackWrites, reviewWrites } from './assessments.js';
import { completionWrites, profileUpdate } from './completions.js';
import { SCORESQUAD_COLLECTIONS } from './models.js';

const read = eventReader(MemberAdded, TaskCompleted, ReviewSubmitted, FeedbackGiven);

function project(stored: StoredEvent): readonly WriteOp[] {
  const event = read(stored);
  switch (event?.type) {
    case 'atlas.MemberAdded':
      // Every member has a profile from the day they join (the seed's "automatically"); its
      // counters start absent, which reads as 0, and its rating as null until there is data.
      return [
        profileUpdate(event.data.organization_id, event.data.user_id, { $min: { joined_at: event.data.added_at } }),
      ];
    case 'atlas.TaskCompleted':
      return completionWrites(event.data);
    case 'scoresquad.ReviewSubmitted':
      return reviewWrites(event.data);
    case 'scoresquad.FeedbackGiven':
      return feedbackWrites(event.data);
    default:
      return [];
  }
}

export const performanceProjection: Projection = {
  name: 'scoresquad_performance',
  // v2: profile ids are RFC 9562 v5 UUIDs (`uuid`), no longer the hand-rolled hash
  version: 2,
  collections: {
    [SCORESQUAD_COLLECTIONS.profiles]: {
      indexes: [{ keys: { organization_id: 1, user_id: 1 } }, { keys: { user_id: 1 } }],
    },
    [SCORESQUAD_COLLECTIONS.projects]: { indexes: [{ keys: { organization_id: 1 } }] },
    [SCORESQUAD_COLLECTIONS.reviews]: {
      indexes: [{ keys: { organization_id: 1, employee_id: 1, period: -1 } }, { keys: { employee_id: 1 } }],
    },
    [SCORESQUAD_COLLECTIONS.feedback]: {
      indexes: [{ keys: { organization_id: 1, to_user_id: 1 } }, { keys: { project_id: 1 } }],
    },
  },
  project,
};
