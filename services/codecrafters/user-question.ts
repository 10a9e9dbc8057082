/**
 * A question about one user's activity, as the productivity answer (`user-report.ts`) and the
 * timeline (`session-report.ts`) ask it: whose activity, seen in which scope (`access.ts`), days
 * cut in which zone, over which dates (`ranges.ts`). Also which read-model days answer it, and the
 * head both answers start with.
 */
import { z } from 'zod';
import { notFound } from '../../http/index.js';
import type { Filter } from '../../stores/reads/port.js';
import { isUuid, userIdOf } from '../../write/schemas.js';
import { scopeFor, type Scope } from './access.js';
import { userZone, type CodecraftersContext } from './context.js';
import { RangeQuery, resolveRange, type DateRange } from './ranges.js';

export const UserRangeQuery = RangeQuery.extend({
  organization_id: z.string().optional().describe('only the activity attributed to this organization'),
});
export type UserRangeQuery = z.infer<typeof UserRangeQuery>;

export interface UserQuestion {
  target: number;
  scope: Scope;
  /** The user's own zone in their own scope, else the organization's. */
  zone: string;
  range: DateRange;
}

/** The user a path names; 404 for an id that names nobody. */
export function targetOf(raw: string): number {
  const id = userIdOf(raw);
  if (id === null) throw notFound(`no user ${raw}`);
  return id;
}

export async function userQuestion(
  api: CodecraftersContext,
  viewer: number,
  rawUserId: string,
  query: UserRangeQuery,
): Promise<UserQuestion> {
  const target = targetOf(rawUserId);
  if (query.organization_id !== undefined && !isUuid(query.organization_id))
    throw notFound(`no organization ${query.organization_id}`);
  const scope = await scopeFor(api.deps.readModels, viewer, target, query.organization_id);
  const zone =
    scope.kind === 'own'
      ? await userZone(api, target, await api.facts.profile(target))
      : ((await api.facts.organizationTimezone(scope.organization_id)) ?? 'UTC');
  return { target, scope, zone, range: resolveRange(query, zone, api.deps.clock()) };
}

/**
 * The days that answer it: in the user's own scope, their documents `<user>:<date>`; in an
 * organization's, the organization's documents `<organization>:<date>:<user>` of this user.
 */
export function daysOf({ target, scope, range }: UserQuestion): Filter {
  if (scope.kind === 'own') return { _id: { $gte: `${target}:${range.from}`, $lte: `${target}:${range.to}` } };
  const org = scope.organization_id;
  // `;` sorts right after `:`, so this bound takes every member of the last day.
  return { _id: { $gte: `${org}:${range.from}`, $lt: `${org}:${range.to};` }, user_id: target };
}

/** What both answers start with. */
export const answerHead = ({ target, scope, zone, range }: UserQuestion) => ({
  user_id: target,
  organization_id: scope.kind === 'organization' ? scope.organization_id : null,
  timezone: zone,
  from: range.from,
  to: range.to,
});
