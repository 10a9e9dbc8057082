/**
 * Labs: edits (owners and managers) and the on-demand creation of a lab's profile. Both act on
 * what Atlas's organization stream says now, never on a lagging read model.
 */
import { z } from 'zod';
import { DomainError, parseInput } from '../../domain-error.js';
import { resourceId } from '../../atlas/commands/access.js';
import type { InputWith } from '../../command.js';
import { DomainSchema, LabNameSchema, labStream } from '../events.js';
import { labCreationEventId } from '../ids.js';
import { lab, labProfile, type LabProfile, type OrganizationFacts } from '../lab.js';
import { organizationInLog } from './atlas-facts.js';
import { appendOnce, contextOf, run, type Actor, type WriteDeps } from '../../command.js';

/** `domain`: null or "" clears it. At least one field. */
export const EditLabInput = z
  .object({ lab_name: LabNameSchema.optional(), domain: DomainSchema.nullable().optional() })
  .refine((input) => input.lab_name !== undefined || input.domain !== undefined, 'give lab_name, domain or both');

export async function editLab(deps: WriteDeps, input: InputWith<'organization_id'>, actor: Actor): Promise<LabProfile> {
  const organizationId = resourceId(input.organization_id, 'lab');
  const { lab_name, domain } = parseInput(EditLabInput, input);
  const organization = await organizationInLog(deps, organizationId);
  if (!organization) throw new DomainError('not_found', 'lab not found');
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, labStream(organizationId), lab, {
    type: 'EditLab',
    organization: organization.facts,
    actor: { user_id: actor.user_id, role: organization.roleOf(actor.user_id) },
    ...(lab_name === undefined ? {} : { lab_name }),
    ...(domain === undefined ? {} : { domain }),
    now: context.now,
  });
  return labProfile(organization.facts, state);
}

/**
 * The lab of an organization, from the log, recording its creation on the first request
 * (get_or_create, once: see `appendOnce`). The caller has checked that the actor may see it.
 */
export async function ensureLabProfile(
  deps: WriteDeps,
  organization: OrganizationFacts,
  actor: Actor,
): Promise<LabProfile> {
  const id = organization.organization_id;
  const state = await appendOnce(
    deps,
    contextOf(deps, actor),
    labStream(id),
    lab,
    { type: 'CreateLabProfile', organization, requested_by: actor.user_id },
    labCreationEventId(id),
  );
  return labProfile(organization, state);
}
