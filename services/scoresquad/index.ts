/** ScoreSquad (:8003) as the system runs it: listed in `system/services.ts`. */
import type { ServiceModule } from '../service.js';
import { createScoresquadService } from './service.js';

export const scoresquadService: ServiceModule = {
  name: 'scoresquad',
  title: 'ScoreSquad',
  create: createScoresquadService,
};
