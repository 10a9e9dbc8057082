/**
 * `GET /api/v1/audit/streams/:stream`: the events of one organization, project or task, read
 * from the event store, for the owners and managers of its organization. Members whose role is
 * not enough get a 403; anyone else a 404 (the entity does not exist for them).
 *
 * `GET /api/v1/audit/streams/:stream/as-of?at=`: the same entity as it was at a moment, its
 * stream folded up to then (as-of-events.ts, as-of-view.ts); same streams, same access rules.
 *
 * Only entity streams can be audited: user streams hold the email and password hash, the
 * reservation streams emails, the refresh-token streams token hashes; their names are refused
 * (400) whoever asks.
 */
import { z } from 'zod';
import { defineRoute, forbidden, notFound, type Route } from '../../http/index.js';
import type { EventStore, StoredEvent } from '../../stores/events/port.js';
import { refusals } from './schemas.js';
import type { ReadModels } from '../../projections/read-models.js';
import { managesTeam } from '../../projections/atlas/access.js';
import { LimitParam } from './query-schemas.js';
import { memberOrNotFound } from './visibility.js';
import { eventsAsOf, MAX_FOLDED_EVENTS } from './as-of-events.js';
import { AsOfAnswer, asOf, type AuditedKind } from './as-of-view.js';

/** `atlas-organization-<uuid>`, `atlas-project-<uuid>`, `atlas-task-<uuid>` (write/atlas/streams.ts). */
const AUDITABLE =
  /^atlas-(organization|project|task)-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

const StreamParam = z
  .string()
  .regex(
    AUDITABLE,
    'only organization, project and task streams can be audited: atlas-organization-<id>, atlas-project-<id>, atlas-task-<id>',
  );

const AuditQuery = z.strictObject({
  from_revision: z
    .string()
    .regex(/^\d{1,15}$/, 'a revision (an integer from 0)')
    .transform(Number)
    .default(0)
    .describe('First revision to return (default 0, the first event)'),
  limit: LimitParam,
});

/**
 * `?at=`: an instant with its offset, as `occurred_at` is compared to it. No local times (whose
 * zone would be a guess) and no bare dates (whose day would start in some zone).
 */
const AT_TEXT =
  'an ISO 8601 date-time with seconds and an offset or Z, e.g. 2026-03-02T09:30:00Z or 2026-03-02T10:30:00+01:00 (in a query string, + is %2B)';
const AsOfQuery = z.strictObject({
  at: z.iso
    .datetime({ offset: true, error: (issue) => (issue.input === undefined ? `required: ${AT_TEXT}` : AT_TEXT) })
    .describe(
      `The moment: ${AT_TEXT}. The entity's events whose metadata.occurred_at (when the decision was made) is at or before it are folded; a moment before the entity existed answers exists: false, one in the future its current state`,
    ),
});

const AuditedEvent = z.object({
  position: z.int().positive(),
  revision: z.int().nonnegative(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.object({
    correlation_id: z.string(),
    causation_id: z.string().nullable(),
    user_id: z.int().positive().nullable(),
    occurred_at: z.iso.datetime(),
    schema_version: z.int().positive(),
  }),
  recorded_at: z.iso.datetime(),
});

const AuditAnswer = z.object({
  stream: z.string(),
  events: z.array(AuditedEvent),
  next_from_revision: z
    .int()
    .nonnegative()
    .nullable()
    .describe('Pass as ?from_revision= for the next page; null on the last page'),
});

/** The organization an entity stream belongs to, or null when the stream has no event. */
async function organizationOf(events: EventStore, kind: string, id: string, stream: string): Promise<string | null> {
  if (kind === 'organization') return id;
  // Every project and task event names its organization; the first one is enough.
  const [first] = await events.readStream(stream, { fromRevision: 0, limit: 1 });
  const organization_id = (first?.data as { organization_id?: unknown } | undefined)?.organization_id;
  return typeof organization_id === 'string' ? organization_id : null;
}

const audited = ({ position, revision, type, data, metadata, recorded_at }: StoredEvent) => ({
  position,
  revision,
  type,
  data,
  metadata,
  recorded_at,
});

interface AuditDeps {
  events: EventStore;
  readModels: ReadModels;
}

/**
 * The stream named, once the caller may audit it: a 404 when its entity does not exist for them
 * (or at all), a 403 when they are a member but neither an owner nor a manager.
 */
async function auditableStream(
  { events, readModels }: AuditDeps,
  name: string,
  user_id: number,
): Promise<{ kind: AuditedKind; stream: string }> {
  const [, kind, rawId] = AUDITABLE.exec(name)!;
  const id = rawId!.toLowerCase();
  const stream = `atlas-${kind}-${id}`;
  const organization_id = await organizationOf(events, kind!, id, stream);
  if (organization_id === null) throw notFound(`${kind} not found`);
  const { role } = await memberOrNotFound(readModels, organization_id, user_id, kind!);
  if (!managesTeam(role)) throw forbidden('only owners and managers of the organization may read its audit trail');
  return { kind: kind as AuditedKind, stream };
}

const forbiddenAnswer = { description: 'You are a member, but neither an owner nor a manager (problem+json)' };

export function auditRoutes(deps: AuditDeps): Route[] {
  const { events } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/audit/streams/:stream',
      summary: 'The events of an organization, project or task (owners and managers of its organization)',
      tags: ['audit'],
      auth: 'required',
      params: z.object({ stream: StreamParam }),
      query: AuditQuery,
      responses: {
        200: { description: 'A page of the stream, in revision order', schema: AuditAnswer },
        ...refusals(400, 401, 404),
        403: forbiddenAnswer,
      },
      handler: async (_ctx, { params, query, user }) => {
        const { stream } = await auditableStream(deps, params.stream, user.user_id);
        // One more than asked: whether it comes back says whether there is a next page.
        const page = await events.readStream(stream, { fromRevision: query.from_revision, limit: query.limit + 1 });
        const shown = page.slice(0, query.limit);
        const next_from_revision = page.length > query.limit ? shown[shown.length - 1]!.revision + 1 : null;
        return { status: 200, body: { stream, events: shown.map(audited), next_from_revision } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/audit/streams/:stream/as-of',
      summary: 'An organization, project or task as it was at a moment (owners and managers of its organization)',
      description: `Folds the entity's own stream with its decider, over its first events up to the first that occurred after \`at\` (metadata.occurred_at: the decision's instant, which the state's own timestamps carry; not recorded_at, the store's clock). At most ${MAX_FOLDED_EVENTS} events are folded: when more occurred by then, the answer is a 409.`,
      tags: ['audit'],
      auth: 'required',
      params: z.object({ stream: StreamParam }),
      query: AsOfQuery,
      responses: {
        200: {
          description: 'The entity as of `at`; `exists: false` and a null state when it did not exist yet',
          schema: AsOfAnswer,
        },
        ...refusals(400, 401, 404),
        403: forbiddenAnswer,
        409: { description: `More than ${MAX_FOLDED_EVENTS} events occurred by \`at\` (problem+json)` },
      },
      handler: async (_ctx, { params, query, user }) => {
        const { kind, stream } = await auditableStream(deps, params.stream, user.user_id);
        const folded = await eventsAsOf(events, stream, Date.parse(query.at));
        return { status: 200, body: asOf(kind, stream, query.at, folded) };
      },
    }),
  ];
}
