/** The Code Crafters API (:8002) as a Koa app: activity ingest, productivity answers, profiles. */
import type Koa from 'koa';
import { createService } from '../../http/index.js';
import type { ServiceDeps } from '../service.js';
import { projectionHealth } from '../service.js';
import { activityRoutes } from './activity-routes.js';
import { AnswerCache } from './answer-cache.js';
import type { CodecraftersApi } from './api.js';
import { readModelFacts } from './facts.js';
import { productivityRoutes } from './productivity-routes.js';
import { profileRoutes } from './profile-routes.js';

/** 1,440 records of at most ~450 bytes each fit with room to spare. */
export const BODY_LIMIT = '1mb';

export function createCodecraftersService(deps: ServiceDeps): Koa<any, any> {
  const api: CodecraftersApi = {
    deps,
    facts: readModelFacts(deps.readModels, deps.events),
    activityLog: deps.events,
    teamAnswers: new AnswerCache(deps.readModels),
    userAnswers: new AnswerCache(deps.readModels),
  };
  return createService({
    name: 'codecrafters',
    version: '1.0.0',
    description: 'Code Crafters: desktop-agent activity and productivity answers over Atlas users, organizations and tasks.',
    routes: [...activityRoutes(api), ...productivityRoutes(api), ...profileRoutes(api)],
    auth: deps.auth,
    health: () => projectionHealth(deps),
    logger: deps.logger,
    bodyLimit: BODY_LIMIT,
  });
}
