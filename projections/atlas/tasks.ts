/** `tasks`: every task with its status and assignee (models.ts). */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { TaskAssigned, TaskCompleted, TaskCreated, TaskStarted } from '../../write/atlas/events.js';
import { eventReader } from '../event-reader.js';
import { ATLAS_COLLECTIONS, type TaskDoc } from './models.js';
import { change, upsert } from './writes-by-id.js';

const tasks = ATLAS_COLLECTIONS.tasks;
const read = eventReader(TaskCreated, TaskAssigned, TaskStarted, TaskCompleted);

export function projectTasks(stored: StoredEvent): WriteOp[] {
  const event = read(stored);
  switch (event?.type) {
    case 'atlas.TaskCreated': {
      const { task_id, project_id, organization_id, title, description, due_date, created_by, created_at } = event.data;
      const fields: Omit<TaskDoc, '_id'> = {
        id: task_id,
        project_id,
        organization_id,
        title,
        description,
        due_date,
        status: 'open',
        assignee_id: null,
        created_by,
        created_at,
        started_at: null,
        completed_at: null,
      };
      return [upsert(tasks, task_id, { $set: fields })];
    }
    case 'atlas.TaskAssigned':
      return [change(tasks, event.data.task_id, { $set: { assignee_id: event.data.assignee_id } })];
    case 'atlas.TaskStarted':
      return [change(tasks, event.data.task_id, { $set: { status: 'started', started_at: event.data.started_at } })];
    case 'atlas.TaskCompleted':
      return [
        change(tasks, event.data.task_id, { $set: { status: 'completed', completed_at: event.data.completed_at } }),
      ];
    default:
      return [];
  }
}

export const tasksProjection: Projection = {
  name: 'atlas_tasks',
  version: 1,
  collections: {
    [tasks]: {
      indexes: [
        // a project's tasks, by status
        { keys: { project_id: 1, status: 1 } },
        // someone's tasks
        { keys: { assignee_id: 1 } },
        // an organization's tasks (partners' rollups)
        { keys: { organization_id: 1 } },
      ],
    },
  },
  project: projectTasks,
};
