/**
 * The "as of" view of an organization, project or task: its own stream's events, up to a moment,
 * folded with the entity's decider (`evolve`, write/atlas/), shown as the command routes show the
 * entity today (write/atlas/commands/views.ts). Pure: the events come in, the view goes out.
 *
 * The states hold nothing secret (user streams, with the email and the password hash, are not
 * auditable at all); the views are the public records `GET /api/v1/organizations/:id`,
 * `/projects/:id` and `/tasks/:id` answer: ids, names, roles, statuses, timestamps.
 */
import { z } from 'zod';
import type { StoredEvent } from '../../stores/events/port.js';
import { parseEvent } from '../../write/catalogue.js';
import { fold } from '../../write/decider.js';
import { organizationView, projectView, taskView } from '../../write/atlas/commands/views.js';
import { organization, type OrganizationEvent } from '../../write/atlas/organization.js';
import { project, type ProjectEvent } from '../../write/atlas/project.js';
import { task, type TaskEvent } from '../../write/atlas/task.js';
import { OrganizationOut, ProjectOut, TaskOut } from './schemas.js';

export const AUDITED_KINDS = ['organization', 'project', 'task'] as const;
export type AuditedKind = (typeof AUDITED_KINDS)[number];

const Folded = {
  stream: z.string(),
  at: z.iso.datetime({ offset: true }).describe('The moment asked for, as given'),
  revision: z
    .int()
    .nonnegative()
    .nullable()
    .describe('Revision of the last event folded; null when none was (the entity did not exist yet)'),
  events_folded: z.int().nonnegative().describe('How many events of the stream were folded'),
  exists: z.boolean().describe('Whether the entity existed then: false when no event was folded'),
};

/** One answer per kind; `state` is null exactly when `exists` is false. */
export const AsOfAnswer = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('organization'), ...Folded, state: OrganizationOut.nullable() }),
    z.object({ kind: z.literal('project'), ...Folded, state: ProjectOut.nullable() }),
    z.object({ kind: z.literal('task'), ...Folded, state: TaskOut.nullable() }),
  ])
  .meta({ id: 'AuditAsOf' });
export type AsOfAnswer = z.infer<typeof AsOfAnswer>;

/** The kind with the entity's state; the state is null when the events leave it not existing. */
type KindAndState = { [Kind in AuditedKind]: Pick<Extract<AsOfAnswer, { kind: Kind }>, 'kind' | 'state'> }[AuditedKind];

/**
 * The entity's view after these events. The catalogue vouches for each event's type and data
 * (`parseEvent`); the stream's decider knows those types.
 */
function stateAfter(kind: AuditedKind, stored: readonly StoredEvent[]): KindAndState {
  const events = stored.map(parseEvent);
  switch (kind) {
    case 'organization': {
      const state = fold(organization, events as unknown as OrganizationEvent[]);
      return { kind, state: state.exists ? organizationView(state) : null };
    }
    case 'project': {
      const state = fold(project, events as unknown as ProjectEvent[]);
      return { kind, state: state.exists ? projectView(state) : null };
    }
    case 'task': {
      const state = fold(task, events as unknown as TaskEvent[]);
      return { kind, state: state.exists ? taskView(state) : null };
    }
  }
}

/** The answer for `folded`, the events of `stream` up to `at` in revision order. */
export function asOf(kind: AuditedKind, stream: string, at: string, folded: readonly StoredEvent[]): AsOfAnswer {
  const entity = stateAfter(kind, folded);
  return {
    stream,
    at,
    revision: folded.at(-1)?.revision ?? null,
    events_folded: folded.length,
    exists: entity.state !== null,
    ...entity,
  };
}
