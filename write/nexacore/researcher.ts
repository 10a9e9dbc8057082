/**
 * A researcher: NexaCore's view of an Atlas user. Its stream holds what the researcher states
 * about themself (expertise, experience) and the on-demand creation record; who may see or edit
 * the profile arrives in the command, judged from Atlas memberships by the application service.
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { NexacoreEventOf } from './events.js';
import { researcherProfileId } from './ids.js';

export type ResearcherEvent = NexacoreEventOf<
  'nexacore.ResearcherProfileCreated' | 'nexacore.ResearcherProfileUpdated'
>;

/** What Atlas knows of the user behind a researcher. */
export interface UserFacts {
  user_id: number;
  username: string;
  registered_at: string;
}

/** How the actor stands to the researcher: themself, someone sharing an organization, or neither. */
export type Relation = 'self' | 'colleague' | 'stranger';

export interface ResearcherState {
  created: boolean;
  expertise_domains: readonly string[];
  /** Null until the researcher states it. */
  years_experience: number | null;
  updated_at: string | null;
}

export type ResearcherCommand =
  | { type: 'CreateResearcherProfile'; user: UserFacts; requested_by: number }
  | {
      type: 'UpdateResearcherProfile';
      user_id: number;
      relation: Relation;
      expertise_domains: string[];
      years_experience: number;
      now: Date;
    };

/** The researcher as NexaCore shows them. */
export type ResearcherProfile = {
  id: string;
  user_id: number;
  username: string;
  expertise_domains: string[];
  years_experience: number | null;
  created_at: string;
  updated_at: string | null;
};

export function researcherProfile(user: UserFacts, researcher: ResearcherState): ResearcherProfile {
  return {
    id: researcherProfileId(user.user_id),
    user_id: user.user_id,
    username: user.username,
    expertise_domains: [...researcher.expertise_domains],
    years_experience: researcher.years_experience,
    created_at: user.registered_at,
    updated_at: researcher.updated_at,
  };
}

function evolve(state: ResearcherState, event: ResearcherEvent): ResearcherState {
  switch (event.type) {
    case 'nexacore.ResearcherProfileCreated':
      return { ...state, created: true };
    case 'nexacore.ResearcherProfileUpdated': {
      const { expertise_domains, years_experience, updated_at } = event.data;
      return { ...state, expertise_domains, years_experience, updated_at };
    }
  }
}

const sameDomains = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((domain, i) => domain === b[i]);

function decide(command: ResearcherCommand, state: ResearcherState): ResearcherEvent[] {
  if (command.type === 'CreateResearcherProfile') {
    if (state.created) return [];
    const { user_id, username, registered_at } = command.user;
    return [
      {
        type: 'nexacore.ResearcherProfileCreated',
        data: {
          researcher_id: researcherProfileId(user_id),
          user_id,
          username,
          created_at: registered_at,
          requested_by: command.requested_by,
        },
      },
    ];
  }

  if (command.relation === 'stranger') throw new DomainError('not_found', 'researcher not found');
  if (command.relation === 'colleague')
    throw new DomainError('forbidden', 'only researchers themselves may edit their profile');
  const { user_id, expertise_domains, years_experience, now } = command;
  if (sameDomains(expertise_domains, state.expertise_domains) && years_experience === state.years_experience) return [];
  return [
    {
      type: 'nexacore.ResearcherProfileUpdated',
      data: { user_id, expertise_domains, years_experience, updated_at: now.toISOString() },
    },
  ];
}

export const researcher: Decider<ResearcherCommand, ResearcherEvent, ResearcherState> = {
  initialState: { created: false, expertise_domains: [], years_experience: null, updated_at: null },
  evolve,
  decide,
};
