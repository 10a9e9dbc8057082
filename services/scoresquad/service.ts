/** The ScoreSquad API (:8003): reviews and peer feedback in, performance with its rating's components out. */
import type Koa from 'koa';
import type { KitState } from '../../http/index.js';
import { serviceApp, type ServiceDeps } from '../service.js';
import { LiveHub, withLiveHub } from '../live/hub.js';
import type { LiveSettings } from '../live/settings.js';
import { assessmentRoutes } from './assessment-routes.js';
import { liveRoutes, scoresquadLive, scoresquadNotices } from './live-routes.js';
import { performanceRoutes } from './performance-routes.js';

export interface ScoresquadServiceOptions {
  /** The live route's numbers (default: `defaultLiveSettings`); tests lower some. */
  live?: Partial<LiveSettings>;
}

export function createScoresquadService(deps: ServiceDeps, options: ScoresquadServiceOptions = {}): Koa<KitState> {
  const live = new LiveHub(deps, scoresquadLive, scoresquadNotices, options.live);
  const app = serviceApp(deps, {
    name: 'scoresquad',
    version: '1.0.0',
    description: 'Performance: task completion from Atlas, reviews and peer feedback, and an explained rating.',
    routes: [...assessmentRoutes(deps), ...performanceRoutes(deps), ...liveRoutes(deps.readModels, live)],
  });
  return withLiveHub(app, live);
}
