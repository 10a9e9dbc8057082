/** The ScoreSquad API (:8003): reviews and peer feedback in, performance with its rating's components out. */
import type Koa from 'koa';
import type { KitState } from '../../http/index.js';
import { serviceApp, type ServiceDeps } from '../service.js';
import { assessmentRoutes } from './assessment-routes.js';
import { performanceRoutes } from './performance-routes.js';

export function createScoresquadService(deps: ServiceDeps): Koa<KitState> {
  return serviceApp(deps, {
    name: 'scoresquad',
    version: '1.0.0',
    description: 'Performance: task completion from Atlas, reviews and peer feedback, and an explained rating.',
    routes: [...assessmentRoutes(deps), ...performanceRoutes(deps)],
  });
}
