/**
 * What the Code Crafters routes share (the service's dependencies, the cached read-model facts,
 * the answer caches), built once per service by `service.ts`, and the helpers the routes share.
 */
import { randomUUID } from 'node:crypto';
import { isUuid } from '../../write/schemas.js';
import type { KitContext } from '../../http/index.js';
import type { ProfileSettings } from '../../write/codecrafters/index.js';
import type { ServiceDeps } from '../service.js';
import type { AnswerCache } from './answer-cache.js';
import type { CachedFacts } from './facts.js';
import type { TeamAnswer, UserAnswer } from './schemas.js';

export interface CodecraftersContext {
  deps: ServiceDeps;
  facts: CachedFacts;
  teamAnswers: AnswerCache<TeamAnswer>;
  userAnswers: AnswerCache<UserAnswer>;
}

/** The request id when it is a UUID (events' correlation ids are), else a fresh one. */
export const correlationOf = (ctx: KitContext): string =>
  isUuid(ctx.state.requestId) ? ctx.state.requestId : randomUUID();

/** The zone a user's own days are cut in: their profile's, else their default organization's. */
export async function userZone(api: CodecraftersContext, userId: number, settings: ProfileSettings): Promise<string> {
  if (settings.timezone !== null) return settings.timezone;
  const organization = settings.default_organization_id ?? (await api.facts.personalOrganization(userId));
  return (organization === null ? null : await api.facts.organizationTimezone(organization)) ?? 'UTC';
}
