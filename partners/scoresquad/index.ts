/**
 * ScoreSquad on :8003: reviews and peer feedback in, performance with its rating's components
 * out. Register `scoresquadService` in system/partners.ts and `scoresquadProjections`
 * (projections/scoresquad/index.ts) in projections/registry.ts.
 */
import type { PartnerService } from '../../system/partners.js';
import { createService } from '../../http/index.js';
import { projectionHealth } from '../deps.js';
import { assessmentRoutes } from './assessment-routes.js';
import { performanceRoutes } from './performance-routes.js';

export const scoresquadService: PartnerService = {
  name: 'scoresquad',
  title: 'ScoreSquad',
  port: (config) => config.SCORESQUAD_PORT,
  create: (deps) =>
    createService({
      name: 'scoresquad',
      version: '1.0.0',
      description: 'Performance: task completion from Atlas, reviews and peer feedback, and an explained rating.',
      routes: [...assessmentRoutes(deps), ...performanceRoutes(deps)],
      auth: deps.auth,
      logger: deps.logger,
      health: () => projectionHealth(deps),
    }),
};
