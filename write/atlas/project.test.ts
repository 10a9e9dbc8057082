import { describe, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import type { Role } from '../schemas.js';
import { project } from './project.js';

const given = deciderSpec(project);
const project_id = '00000000-0000-4000-8000-0000000000b1';
const organization_id = '00000000-0000-4000-8000-0000000000a1';
const now = new Date('2026-03-02T10:00:00.000Z');
const at = now.toISOString();
const actor = (role: Role | null, user_id = 7) => ({ user_id, role });

const create = (role: Role | null) =>
  ({
    type: 'CreateProject',
    project_id,
    organization_id,
    name: 'Atlas',
    description: null,
    actor: actor(role),
    now,
  }) as const;
const created = {
  type: 'atlas.ProjectCreated' as const,
  data: { project_id, organization_id, name: 'Atlas', description: null, created_by: 7, created_at: at },
};
const archive = (role: Role | null) => ({ type: 'ArchiveProject', actor: actor(role), now }) as const;
const archived = {
  type: 'atlas.ProjectArchived' as const,
  data: { project_id, organization_id, archived_by: 7, archived_at: at },
};

describe('project', () => {
  it('owners and managers create projects', () => {
    given([]).when(create('owner')).then([created]);
    given([]).when(create('manager')).then([created]);
  });

  it('members may not; non-members are told the organization does not exist', () => {
    given([]).when(create('member')).thenThrows('forbidden');
    given([]).when(create(null)).thenThrows('not_found');
  });

  it('cannot be created twice', () => {
    given([created]).when(create('owner')).thenThrows('conflict');
  });

  it('owners and managers archive, once', () => {
    given([created]).when(archive('manager')).then([archived]);
    given([created, archived])
      .when(archive('owner'))
      .thenThrows('conflict', /already archived/);
  });

  it('members may not archive; non-members and unknown projects are not found', () => {
    given([created]).when(archive('member')).thenThrows('forbidden');
    given([created]).when(archive(null)).thenThrows('not_found');
    given([]).when(archive('owner')).thenThrows('not_found');
  });
});
