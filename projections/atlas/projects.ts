/** `projects`: an organization's projects, archived or not (models.ts). */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { ProjectArchived, ProjectCreated } from '../../write/atlas/events.js';
import { eventReader } from '../event-reader.js';
import { ATLAS_COLLECTIONS, type ProjectDoc } from './models.js';
import { change, upsert } from './writes-by-id.js';

const projects = ATLAS_COLLECTIONS.projects;
const read = eventReader(ProjectCreated, ProjectArchived);

export function projectProjects(stored: StoredEvent): WriteOp[] {
  const event = read(stored);
  switch (event?.type) {
    case 'atlas.ProjectCreated': {
      const { project_id, organization_id, name, description, created_by, created_at } = event.data;
      const fields: Omit<ProjectDoc, '_id'> = {
        id: project_id,
        organization_id,
        name,
        description,
        archived: false,
        created_by,
        created_at,
        archived_at: null,
      };
      return [upsert(projects, project_id, { $set: fields })];
    }
    case 'atlas.ProjectArchived':
      return [
        change(projects, event.data.project_id, { $set: { archived: true, archived_at: event.data.archived_at } }),
      ];
    default:
      return [];
  }
}

export const projectsProjection: Projection = {
  name: 'atlas_projects',
  version: 1,
  collections: { [projects]: { indexes: [{ keys: { organization_id: 1 } }] } },
  project: projectProjects,
};
