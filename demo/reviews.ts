/**
 * ScoreSquad's inputs: managers' monthly reviews and peer feedback on projects, with seeded
 * scores. Reviews: the owner reviews the managers, the managers share the members between them,
 * for every month from the month someone joined to the current one (ScoreSquad refuses a month
 * before the joining one, and one that has not begun, in the organization's zone). Feedback: each
 * person scores two teammates' work on a project (the server files it under the current month).
 * ScoreSquad takes one review per person and month, and one piece of feedback per giver, receiver,
 * project and month: its 409 means "already there", and is counted as such.
 */
import type { Account } from './accounts.js';
import { refusedWith } from './api/http.js';
import type { NewFeedback, NewReview, ScoreSquadClient } from './api/partners.js';
import type { Member } from './api/schemas.js';
import { localTime } from '../write/codecrafters/local-time.js';
import type { Person } from './people.js';
import { inParallel } from './pool.js';
import type { ProjectWork } from './projects.js';
import { randomFor } from './random.js';

const REVIEW_COMMENTS = [
  'Steady month; clear write-ups of every experiment.',
  'Delivered what was planned and helped others unblock.',
  'Good progress; estimates could be tighter.',
  'Strong results on the hard part of the project.',
  'Reliable and a great reviewer of others’ work.',
];
const FEEDBACK_COMMENTS = [
  'Always quick to help with a tricky bug.',
  'Clear code and clearer explanations.',
  'Kept the rest of us unblocked.',
  'Thorough reviews, kindly put.',
  'Great pairing sessions this month.',
];

/** Every `YYYY-MM` from `first` to `last`, both included. */
export function monthsFrom(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let period = first; period <= last;) {
    months.push(period);
    month++;
    if (month > 12) [year, month] = [year + 1, 1];
    period = `${year}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

export interface PlannedReview {
  reviewer: Person;
  review: NewReview;
}

/** Who reviews whom, for which months, with which scores: pure. */
export function plannedReviews(input: {
  seed: string;
  cast: readonly Person[];
  members: readonly Member[];
  userIdOf: (person: Person) => number;
  organization: { id: string; timezone: string };
  now: number;
}): PlannedReview[] {
  const { cast, organization } = input;
  const owner = cast[0]!;
  const managers = cast.filter((p) => p.role === 'manager');
  const current = localTime(organization.timezone, input.now).date.slice(0, 7);
  const joined = new Map(input.members.map((m) => [m.user_id, m.joined_at]));
  const planned: PlannedReview[] = [];
  let memberIndex = 0;
  for (const person of cast) {
    if (person.role === 'owner') continue;
    const reviewer = person.role === 'manager' ? owner : (managers[memberIndex++ % managers.length] ?? owner);
    const employee_id = input.userIdOf(person);
    const joinedAt = joined.get(employee_id);
    if (!joinedAt) continue;
    const first = localTime(organization.timezone, Date.parse(joinedAt)).date.slice(0, 7);
    // A clock set back (tests) still reviews the month they joined in: it has begun.
    for (const period of monthsFrom(first, current > first ? current : first)) {
      const random = randomFor(input.seed, 'review', person.username, period);
      planned.push({
        reviewer,
        review: {
          employee_id,
          organization_id: organization.id,
          period,
          scores: { quality: random.int(3, 5), delivery: random.int(2, 5), collaboration: random.int(3, 5) },
          comments: random.pick(REVIEW_COMMENTS),
        },
      });
    }
  }
  return planned;
}

export interface PlannedFeedback {
  giver: Person;
  feedback: NewFeedback;
}

/** Each person scores the next and the third-next in the cast, on a project the receiver works on. */
export function plannedFeedback(input: {
  seed: string;
  cast: readonly Person[];
  userIdOf: (person: Person) => number;
  projects: readonly ProjectWork[];
  period: string;
}): PlannedFeedback[] {
  const { cast, projects } = input;
  const planned: PlannedFeedback[] = [];
  for (const [i, giver] of cast.entries()) {
    for (const step of [1, 3]) {
      const receiver = cast[(i + step) % cast.length]!;
      if (receiver === giver) continue;
      const to_user_id = input.userIdOf(receiver);
      const project =
        projects.find((p) => p.tasks.some((t) => t.assignee_id === to_user_id)) ?? projects[i % projects.length];
      if (!project) continue;
      const random = randomFor(input.seed, 'feedback', giver.username, receiver.username, input.period);
      planned.push({
        giver,
        feedback: {
          project_id: project.id,
          to_user_id,
          score: random.int(3, 5),
          comment: random.pick(FEEDBACK_COMMENTS),
        },
      });
    }
  }
  return planned;
}

export interface Posted {
  posted: number;
  /** Refused with 409: there already. */
  existing: number;
}

export async function postReviews(
  scoresquad: ScoreSquadClient,
  planned: readonly PlannedReview[],
  accountOf: (person: Person) => Account,
): Promise<Posted> {
  const result: Posted = { posted: 0, existing: 0 };
  await inParallel(planned, 4, async ({ reviewer, review }) => {
    try {
      await scoresquad.review(await accountOf(reviewer).token(), review);
      result.posted++;
    } catch (error) {
      if (!refusedWith(error, 409)) throw error;
      result.existing++;
    }
  });
  return result;
}

export async function postFeedback(
  scoresquad: ScoreSquadClient,
  planned: readonly PlannedFeedback[],
  accountOf: (person: Person) => Account,
): Promise<Posted> {
  const result: Posted = { posted: 0, existing: 0 };
  await inParallel(planned, 4, async ({ giver, feedback }) => {
    try {
      await scoresquad.feedback(await accountOf(giver).token(), feedback);
      result.posted++;
    } catch (error) {
      if (!refusedWith(error, 409)) throw error;
      result.existing++;
    }
  });
  return result;
}
