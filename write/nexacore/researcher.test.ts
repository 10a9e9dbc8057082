/** The researcher decider: only researchers edit their own profile; one creation record. */
import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import { researcherProfileId } from './ids.js';
import {
  researcher,
  researcherProfile,
  type Relation,
  type ResearcherCommand,
  type ResearcherEvent,
} from './researcher.js';

const given = deciderSpec(researcher);
const now = new Date('2026-03-02T10:00:00.000Z');
const user = { user_id: 3, username: 'jane', registered_at: '2026-03-01T09:00:00.000Z' };

const update = (relation: Relation, expertise_domains: string[], years_experience: number): ResearcherCommand => ({
  type: 'UpdateResearcherProfile',
  user_id: 3,
  relation,
  expertise_domains,
  years_experience,
  now,
});
const updated = (expertise_domains: string[], years_experience: number): ResearcherEvent => ({
  type: 'nexacore.ResearcherProfileUpdated',
  data: { user_id: 3, expertise_domains, years_experience, updated_at: now.toISOString() },
});
const created: ResearcherEvent = {
  type: 'nexacore.ResearcherProfileCreated',
  data: {
    researcher_id: researcherProfileId(3),
    user_id: 3,
    username: 'jane',
    created_at: user.registered_at,
    requested_by: 9,
  },
};

describe('creating a researcher profile on demand', () => {
  const create: ResearcherCommand = { type: 'CreateResearcherProfile', user, requested_by: 9 };
  it('records the creation once', () => {
    given([]).when(create).then([created]);
    given([created]).when(create).thenNothing();
  });
});

describe('updating a researcher profile', () => {
  it('lets researchers state their expertise and experience', () => {
    given([])
      .when(update('self', ['NLP', 'Vision'], 5))
      .then([updated(['NLP', 'Vision'], 5)]);
    given([created, updated(['NLP'], 5)])
      .when(update('self', ['NLP'], 6))
      .then([updated(['NLP'], 6)]);
  });

  it('refuses colleagues (403) and hides the researcher from strangers (404)', () => {
    given([])
      .when(update('colleague', ['NLP'], 5))
      .thenThrows('forbidden');
    given([])
      .when(update('stranger', ['NLP'], 5))
      .thenThrows('not_found');
  });

  it('appends nothing when nothing changes', () => {
    given([updated(['NLP', 'Vision'], 5)])
      .when(update('self', ['NLP', 'Vision'], 5))
      .thenNothing();
  });

  it('takes a new order of the same domains as a change', () => {
    given([updated(['NLP', 'Vision'], 5)])
      .when(update('self', ['Vision', 'NLP'], 5))
      .then([updated(['Vision', 'NLP'], 5)]);
  });
});

describe('researcherProfile', () => {
  it('shows no expertise and unknown experience until stated', () => {
    expect(researcherProfile(user, researcher.initialState)).toEqual({
      id: researcherProfileId(3),
      user_id: 3,
      username: 'jane',
      expertise_domains: [],
      years_experience: null,
      created_at: user.registered_at,
      updated_at: null,
    });
  });
});
