/**
 * A project inside an organization. Owners and managers create and archive projects; an archived
 * project takes no new tasks. The actor's role comes from the organization's stream (the handler
 * reads it), so the rule itself stays here, pure. Non-members are told the project does not exist.
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { AtlasEventOf } from './events.js';
import type { Role } from '../schemas.js';
import { isManagerOrOwner } from './organization.js';

export type ProjectEvent = AtlasEventOf<'atlas.ProjectCreated' | 'atlas.ProjectArchived'>;

/** Who acts, and their role in the project's organization (null: not a member). */
export interface OrganizationActor {
  user_id: number;
  role: Role | null;
}

export type ProjectCommand =
  | {
      type: 'CreateProject';
      project_id: string;
      organization_id: string;
      name: string;
      description: string | null;
      actor: OrganizationActor;
      now: Date;
    }
  | { type: 'ArchiveProject'; actor: OrganizationActor; now: Date };

export type ProjectState =
  { exists: false } | ({ exists: true; archived: boolean; archived_at: string | null } & ProjectEventData);

type ProjectEventData = AtlasEventOf<'atlas.ProjectCreated'>['data'];

function decide(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  const { actor } = command;
  const at = command.now.toISOString();
  if (command.type === 'CreateProject') {
    if (actor.role === null) throw new DomainError('not_found', 'organization not found');
    if (!isManagerOrOwner(actor.role)) {
      throw new DomainError('forbidden', 'only owners and managers may create projects');
    }
    if (state.exists) throw new DomainError('conflict', `project ${command.project_id} already exists`);
    const { project_id, organization_id, name, description } = command;
    return [
      {
        type: 'atlas.ProjectCreated',
        data: { project_id, organization_id, name, description, created_by: actor.user_id, created_at: at },
      },
    ];
  }
  if (!state.exists || actor.role === null) throw new DomainError('not_found', 'project not found');
  if (!isManagerOrOwner(actor.role)) {
    throw new DomainError('forbidden', 'only owners and managers may archive projects');
  }
  if (state.archived) throw new DomainError('conflict', 'the project is already archived');
  return [
    {
      type: 'atlas.ProjectArchived',
      data: {
        project_id: state.project_id,
        organization_id: state.organization_id,
        archived_by: actor.user_id,
        archived_at: at,
      },
    },
  ];
}

export const project: Decider<ProjectCommand, ProjectEvent, ProjectState> = {
  initialState: { exists: false },
  evolve(state, event) {
    if (event.type === 'atlas.ProjectCreated') {
      return { exists: true, archived: false, archived_at: null, ...event.data };
    }
    return state.exists ? { ...state, archived: true, archived_at: event.data.archived_at } : state;
  },
  decide,
};
