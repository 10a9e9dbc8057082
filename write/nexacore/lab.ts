/**
 * A lab: NexaCore's view of an Atlas organization. Its stream holds only what NexaCore decides
 * (a chosen name, a domain, the on-demand creation record); the organization's own facts (name,
 * members, roles) arrive in the commands, gathered from Atlas by the application services.
 *
 * Until a lab is renamed in NexaCore, its name follows the organization's (`defaultLabName`).
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { Role } from '../schemas.js';
import type { NexacoreEventOf } from './events.js';
import { labProfileId } from './ids.js';

export type LabEvent = NexacoreEventOf<
  'nexacore.LabProfileCreated' | 'nexacore.LabRenamed' | 'nexacore.LabDomainChanged'
>;

/** What Atlas knows of the organization behind a lab. */
export interface OrganizationFacts {
  organization_id: string;
  name: string;
  personal: boolean;
  timezone: string;
  created_at: string;
}

/** Atlas names a personal organization "<username>'s Organization" (write/atlas/commands/register-user.ts). */
const PERSONAL_SUFFIX = "'s Organization";

/** The lab's name before anyone chooses one: "john_doe's Lab" for a personal organization, else the organization's name. */
export function defaultLabName(organization: { name: string; personal: boolean }): string {
  const { name, personal } = organization;
  if (personal && name.endsWith(PERSONAL_SUFFIX)) return `${name.slice(0, -PERSONAL_SUFFIX.length)}'s Lab`;
  return name;
}

export interface LabState {
  /** A `LabProfileCreated` is in the stream. */
  created: boolean;
  /** The name chosen in NexaCore; null while the lab follows its organization's name. */
  lab_name: string | null;
  domain: string | null;
  updated_at: string | null;
}

export type LabCommand =
  | { type: 'CreateLabProfile'; organization: OrganizationFacts; requested_by: number }
  | {
      type: 'EditLab';
      organization: OrganizationFacts;
      /** The actor's role in the organization; null when they are not a member. */
      actor: { user_id: number; role: Role | null };
      /** Absent: unchanged. */
      lab_name?: string;
      /** Absent: unchanged; null or "": no domain. */
      domain?: string | null;
      now: Date;
    };

/** The lab as NexaCore shows it. */
export interface LabProfile {
  id: string;
  organization_id: string;
  lab_name: string;
  domain: string | null;
  organization_name: string;
  personal: boolean;
  timezone: string;
  created_at: string;
  updated_at: string | null;
}

export function labProfile(organization: OrganizationFacts, lab: LabState): LabProfile {
  return {
    id: labProfileId(organization.organization_id),
    organization_id: organization.organization_id,
    lab_name: lab.lab_name ?? defaultLabName(organization),
    domain: lab.domain,
    organization_name: organization.name,
    personal: organization.personal,
    timezone: organization.timezone,
    created_at: organization.created_at,
    updated_at: lab.updated_at,
  };
}

function evolve(state: LabState, event: LabEvent): LabState {
  switch (event.type) {
    case 'nexacore.LabProfileCreated':
      return { ...state, created: true };
    case 'nexacore.LabRenamed':
      return { ...state, lab_name: event.data.lab_name, updated_at: event.data.renamed_at };
    case 'nexacore.LabDomainChanged':
      return { ...state, domain: event.data.domain, updated_at: event.data.changed_at };
  }
}

function decide(command: LabCommand, state: LabState): LabEvent[] {
  const { organization } = command;
  const organization_id = organization.organization_id;
  if (command.type === 'CreateLabProfile') {
    if (state.created) return [];
    const { name, personal, timezone, created_at } = organization;
    return [
      {
        type: 'nexacore.LabProfileCreated',
        data: {
          lab_id: labProfileId(organization_id),
          organization_id,
          lab_name: defaultLabName(organization),
          organization_name: name,
          personal,
          timezone,
          created_at,
          requested_by: command.requested_by,
        },
      },
    ];
  }

  const { actor, now } = command;
  if (actor.role === null) throw new DomainError('not_found', 'lab not found');
  if (actor.role === 'member')
    throw new DomainError('forbidden', "only the organization's owners and managers may edit its lab");
  const at = now.toISOString();
  const events: LabEvent[] = [];
  const currentName = state.lab_name ?? defaultLabName(organization);
  if (command.lab_name !== undefined && command.lab_name !== currentName) {
    events.push({
      type: 'nexacore.LabRenamed',
      data: {
        organization_id,
        lab_name: command.lab_name,
        previous_lab_name: currentName,
        renamed_by: actor.user_id,
        renamed_at: at,
      },
    });
  }
  const domain =
    command.domain === undefined ? undefined : command.domain === null || command.domain === '' ? null : command.domain;
  if (domain !== undefined && domain !== state.domain) {
    events.push({
      type: 'nexacore.LabDomainChanged',
      data: { organization_id, domain, previous_domain: state.domain, changed_by: actor.user_id, changed_at: at },
    });
  }
  return events;
}

export const lab: Decider<LabCommand, LabEvent, LabState> = {
  initialState: { created: false, lab_name: null, domain: null, updated_at: null },
  evolve,
  decide,
};
