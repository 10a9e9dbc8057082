/** The Code Crafters API (:8002) as a Koa app: activity ingest and sessions, productivity answers, profiles. */
import type Koa from 'koa';
import type { KitState } from '../../http/index.js';
import { serviceApp, type ServiceDeps } from '../service.js';
import { LiveHub, withLiveHub } from '../live/hub.js';
import type { LiveSettings } from '../live/settings.js';
import { activityRoutes } from './activity-routes.js';
import { AnswerCache } from './answer-cache.js';
import type { CodecraftersContext } from './context.js';
import { readModelFacts } from './facts.js';
import { codecraftersLive, codecraftersNotices, liveRoutes } from './live-routes.js';
import { productivityRoutes } from './productivity-routes.js';
import { profileRoutes } from './profile-routes.js';
import { sessionRoutes } from './session-routes.js';

/** 1,440 records of at most ~450 bytes each fit with room to spare. */
const BODY_LIMIT = '1mb';

export interface CodecraftersServiceOptions {
  /** The live route's numbers (default: `defaultLiveSettings`); tests lower some. */
  live?: Partial<LiveSettings>;
}

export function createCodecraftersService(deps: ServiceDeps, options: CodecraftersServiceOptions = {}): Koa<KitState> {
  const api: CodecraftersContext = {
    deps,
    facts: readModelFacts(deps.readModels, deps.events),
    teamAnswers: new AnswerCache(deps.readModels),
    userAnswers: new AnswerCache(deps.readModels),
  };
  const live = new LiveHub(deps, codecraftersLive, codecraftersNotices, options.live);
  const app = serviceApp(deps, {
    name: 'codecrafters',
    version: '1.0.0',
    description:
      'Code Crafters: desktop-agent activity and productivity answers over Atlas users, organizations and tasks.',
    routes: [
      ...activityRoutes(api),
      ...sessionRoutes(api),
      ...productivityRoutes(api),
      ...profileRoutes(api),
      ...liveRoutes(api, live),
    ],
    bodyLimit: BODY_LIMIT,
  });
  return withLiveHub(app, live);
}
