/** Projects and tasks: the work of an organization, visible to its members only. */
import { z } from 'zod';
import { defineRoute, type Route } from '../../http/index.js';
import {
  AssignTaskInput,
  CreateProjectInput,
  CreateTaskInput,
  archiveProject,
  assignTask,
  completeTask,
  createProject,
  createTask,
  getProject,
  getTask,
  startTask,
} from '../../write/atlas/commands/index.js';
import { actorOf } from '../service.js';
import type { AtlasApi } from './context.js';
import { ById } from './query-schemas.js';
import { ProjectOut, TaskOut, refusals } from './schemas.js';

type TaskTransition = typeof startTask;

function taskTransition(api: AtlasApi, verb: 'start' | 'complete', summary: string, run: TaskTransition): Route {
  return defineRoute({
    method: 'POST',
    path: `/api/v1/tasks/:id/${verb}`,
    summary,
    tags: ['tasks'],
    auth: 'required',
    params: ById,
    responses: { 200: { description: 'The task', schema: TaskOut }, ...refusals(400, 401, 403, 404, 409) },
    handler: async (ctx, { params, user }) => ({
      status: 200,
      body: await run(api.deps, { task_id: params.id }, actorOf(ctx, user)),
    }),
  });
}

export function workRoutes(api: AtlasApi): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/organizations/:id/projects',
      summary: 'Create a project (owners and managers)',
      tags: ['projects'],
      auth: 'required',
      params: ById,
      body: z.strictObject(CreateProjectInput.shape),
      // A new project is a new stream: nothing to conflict with.
      responses: { 201: { description: 'The project', schema: ProjectOut }, ...refusals(400, 401, 403, 404) },
      handler: async (ctx, { params, body, user }) => {
        const project = await createProject(api.deps, { ...body, organization_id: params.id }, actorOf(ctx, user));
        return { status: 201, body: project, headers: { Location: `/api/v1/projects/${project.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/projects/:id',
      summary: 'A project of an organization you are a member of',
      tags: ['projects'],
      auth: 'required',
      params: ById,
      responses: { 200: { description: 'The project', schema: ProjectOut }, ...refusals(401, 404) },
      handler: async (ctx, { params, user }) => ({
        status: 200,
        body: await getProject(api.deps, { project_id: params.id }, actorOf(ctx, user)),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/projects/:id/archive',
      summary: 'Archive a project (owners and managers); it takes no new tasks',
      tags: ['projects'],
      auth: 'required',
      params: ById,
      responses: { 200: { description: 'The project', schema: ProjectOut }, ...refusals(400, 401, 403, 404, 409) },
      handler: async (ctx, { params, user }) => ({
        status: 200,
        body: await archiveProject(api.deps, { project_id: params.id }, actorOf(ctx, user)),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/projects/:id/tasks',
      summary: 'Create a task in a project (members)',
      tags: ['tasks'],
      auth: 'required',
      params: ById,
      body: z.strictObject(CreateTaskInput.shape),
      // Any member may create tasks (no 403); an archived project takes none (409).
      responses: { 201: { description: 'The task', schema: TaskOut }, ...refusals(400, 401, 404, 409) },
      handler: async (ctx, { params, body, user }) => {
        const task = await createTask(api.deps, { ...body, project_id: params.id }, actorOf(ctx, user));
        return { status: 201, body: task, headers: { Location: `/api/v1/tasks/${task.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/tasks/:id',
      summary: 'A task of an organization you are a member of',
      tags: ['tasks'],
      auth: 'required',
      params: ById,
      responses: { 200: { description: 'The task', schema: TaskOut }, ...refusals(401, 404) },
      handler: async (ctx, { params, user }) => ({
        status: 200,
        body: await getTask(api.deps, { task_id: params.id }, actorOf(ctx, user)),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/tasks/:id/assign',
      summary: 'Assign a task to a member of its organization',
      tags: ['tasks'],
      auth: 'required',
      params: ById,
      body: z.strictObject(AssignTaskInput.shape),
      responses: { 200: { description: 'The task', schema: TaskOut }, ...refusals(400, 401, 403, 404, 409) },
      handler: async (ctx, { params, body, user }) => ({
        status: 200,
        body: await assignTask(api.deps, { ...body, task_id: params.id }, actorOf(ctx, user)),
      }),
    }),
    taskTransition(api, 'start', 'Start a task (its assignee, or an owner or manager)', startTask),
    taskTransition(api, 'complete', 'Complete a task (its assignee, or an owner or manager)', completeTask),
  ];
}
