/**
 * Projects. The project decider holds the rules; the actor's role comes from the organization.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, parseInput } from '../../domain-error.js';
import { projectStream } from '../events.js';
import { DescriptionSchema, ProjectNameSchema } from '../../schemas.js';
import { project } from '../project.js';
import { membershipOf, resourceId } from './access.js';
import { load, contextOf, run, type Actor, type WriteDeps, type InputWith } from '../../command.js';
import { projectView, type ProjectView } from './views.js';

export const CreateProjectInput = z.object({
  name: ProjectNameSchema,
  description: DescriptionSchema.nullish().transform((d) => d ?? null),
});

/** The project and the actor's role in its organization; `not_found` unless they are a member. */
export async function visibleProject(deps: WriteDeps, projectId: unknown, actor: Actor) {
  const id = resourceId(projectId, 'project');
  const { state } = await load(deps, projectStream(id), project);
  if (!state.exists) throw new DomainError('not_found', 'project not found');
  const membership = await membershipOf(deps, state.organization_id, actor, 'project');
  return { project: state, ...membership };
}

export async function createProject(
  deps: WriteDeps,
  input: InputWith<'organization_id'>,
  actor: Actor,
): Promise<ProjectView> {
  const organizationId = resourceId(input.organization_id, 'organization');
  const { name, description } = parseInput(CreateProjectInput, input);
  const membership = await membershipOf(deps, organizationId, actor);
  const project_id = randomUUID();
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, projectStream(project_id), project, {
    type: 'CreateProject',
    project_id,
    organization_id: organizationId,
    name,
    description,
    actor: membership.actor,
    now: context.now,
  });
  return projectView(state);
}

export async function getProject(deps: WriteDeps, input: InputWith<'project_id'>, actor: Actor): Promise<ProjectView> {
  const { project: state } = await visibleProject(deps, input.project_id, actor);
  return projectView(state);
}

export async function archiveProject(
  deps: WriteDeps,
  input: InputWith<'project_id'>,
  actor: Actor,
): Promise<ProjectView> {
  const visible = await visibleProject(deps, input.project_id, actor);
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, projectStream(visible.project.project_id), project, {
    type: 'ArchiveProject',
    actor: visible.actor,
    now: context.now,
  });
  return projectView(state);
}
