/** The lab decider: who may edit a lab, what an edit appends, and the one creation record. */
import { describe, expect, it } from 'vitest';
import { personalOrganizationName } from '../atlas/commands/register-user.js';
import { deciderSpec } from '../spec.js';
import { labProfileId } from './ids.js';
import { defaultLabName, lab, labProfile, type LabCommand, type LabEvent, type OrganizationFacts } from './lab.js';

const given = deciderSpec(lab);
const now = new Date('2026-03-02T10:00:00.000Z');
const at = now.toISOString();
const organization: OrganizationFacts = {
  organization_id: '0b6f1a52-6f0a-4d3e-9a53-1c2d3e4f5a6b',
  name: 'AI Research Team',
  personal: false,
  timezone: 'Europe/Berlin',
  created_at: '2026-03-01T09:00:00.000Z',
};
const organization_id = organization.organization_id;

const edit = (
  role: 'owner' | 'manager' | 'member' | null,
  changes: { lab_name?: string; domain?: string | null },
): LabCommand => ({
  type: 'EditLab',
  organization,
  actor: { user_id: 7, role },
  ...changes,
  now,
});

const created: LabEvent = {
  type: 'nexacore.LabProfileCreated',
  data: {
    lab_id: labProfileId(organization_id),
    organization_id,
    lab_name: 'AI Research Team',
    organization_name: 'AI Research Team',
    personal: false,
    timezone: 'Europe/Berlin',
    created_at: organization.created_at,
    requested_by: 7,
  },
};
const renamed = (lab_name: string, previous_lab_name: string): LabEvent => ({
  type: 'nexacore.LabRenamed',
  data: { organization_id, lab_name, previous_lab_name, renamed_by: 7, renamed_at: at },
});
const domainChanged = (domain: string | null, previous_domain: string | null): LabEvent => ({
  type: 'nexacore.LabDomainChanged',
  data: { organization_id, domain, previous_domain, changed_by: 7, changed_at: at },
});

describe('defaultLabName', () => {
  it("names a personal organization's lab after its owner", () => {
    expect(defaultLabName({ name: personalOrganizationName('john_doe'), personal: true })).toBe("john_doe's Lab");
  });

  it("keeps any other organization's name", () => {
    expect(defaultLabName({ name: 'AI Research Team', personal: false })).toBe('AI Research Team');
    expect(defaultLabName({ name: "Ann's Organization", personal: false })).toBe("Ann's Organization");
    expect(defaultLabName({ name: 'Renamed personal space', personal: true })).toBe('Renamed personal space');
  });
});

describe('creating a lab profile on demand', () => {
  const create: LabCommand = { type: 'CreateLabProfile', organization, requested_by: 7 };

  it('records the creation with the facts the projection takes from Atlas', () => {
    given([]).when(create).then([created]);
  });

  it('records it once', () => {
    given([created]).when(create).thenNothing();
    given([created, renamed('X', 'AI Research Team')])
      .when(create)
      .thenNothing();
  });
});

describe('editing a lab', () => {
  it('lets owners and managers rename it and set its domain', () => {
    given([])
      .when(edit('owner', { lab_name: 'Deep Thought' }))
      .then([renamed('Deep Thought', 'AI Research Team')]);
    given([])
      .when(edit('manager', { domain: 'Machine Learning' }))
      .then([domainChanged('Machine Learning', null)]);
    given([])
      .when(edit('owner', { lab_name: 'Deep Thought', domain: 'Machine Learning' }))
      .then([renamed('Deep Thought', 'AI Research Team'), domainChanged('Machine Learning', null)]);
  });

  it('refuses members (403) and hides the lab from non-members (404)', () => {
    given([])
      .when(edit('member', { domain: 'ML' }))
      .thenThrows('forbidden');
    given([])
      .when(edit(null, { domain: 'ML' }))
      .thenThrows('not_found');
  });

  it('names the previous name and domain', () => {
    given([renamed('Deep Thought', 'AI Research Team'), domainChanged('ML', null)])
      .when(edit('owner', { lab_name: 'Vision Lab', domain: 'Computer Vision' }))
      .then([renamed('Vision Lab', 'Deep Thought'), domainChanged('Computer Vision', 'ML')]);
  });

  it('clears the domain with null or an empty string', () => {
    given([domainChanged('ML', null)])
      .when(edit('owner', { domain: null }))
      .then([domainChanged(null, 'ML')]);
    given([domainChanged('ML', null)])
      .when(edit('owner', { domain: '' }))
      .then([domainChanged(null, 'ML')]);
  });

  it('appends nothing when nothing changes', () => {
    given([])
      .when(edit('owner', { lab_name: 'AI Research Team', domain: null }))
      .thenNothing();
    given([domainChanged('ML', null)])
      .when(edit('owner', { domain: 'ML' }))
      .thenNothing();
  });
});

describe('labProfile', () => {
  it("follows the organization's name until the lab is renamed", () => {
    const untouched = lab.initialState;
    expect(labProfile(organization, untouched)).toEqual({
      id: labProfileId(organization_id),
      organization_id,
      lab_name: 'AI Research Team',
      domain: null,
      organization_name: 'AI Research Team',
      personal: false,
      timezone: 'Europe/Berlin',
      created_at: organization.created_at,
      updated_at: null,
    });
    const afterRename = [renamed('Deep Thought', 'AI Research Team')].reduce(lab.evolve, untouched);
    expect(labProfile({ ...organization, name: 'Renamed' }, afterRename)).toMatchObject({
      lab_name: 'Deep Thought',
      organization_name: 'Renamed',
      updated_at: at,
    });
  });
});
