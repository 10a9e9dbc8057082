/** The Code Crafters API (:8002) as a Koa app: activity ingest and sessions, productivity answers, profiles. */
import type Koa from 'koa';
import type { KitState } from '../../http/index.js';
import { serviceApp, type ServiceDeps } from '../service.js';
import { activityRoutes } from './activity-routes.js';
import { AnswerCache } from './answer-cache.js';
import type { CodecraftersContext } from './context.js';
import { readModelFacts } from './facts.js';
import { productivityRoutes } from './productivity-routes.js';
import { profileRoutes } from './profile-routes.js';
import { sessionRoutes } from './session-routes.js';

/** 1,440 records of at most ~450 bytes each fit with room to spare. */
const BODY_LIMIT = '1mb';

export function createCodecraftersService(deps: ServiceDeps): Koa<KitState> {
  const api: CodecraftersContext = {
    deps,
    facts: readModelFacts(deps.readModels, deps.events),
    teamAnswers: new AnswerCache(deps.readModels),
    userAnswers: new AnswerCache(deps.readModels),
  };
  return serviceApp(deps, {
    name: 'codecrafters',
    version: '1.0.0',
    description:
      'Code Crafters: desktop-agent activity and productivity answers over Atlas users, organizations and tasks.',
    routes: [...activityRoutes(api), ...sessionRoutes(api), ...productivityRoutes(api), ...profileRoutes(api)],
    bodyLimit: BODY_LIMIT,
  });
}
