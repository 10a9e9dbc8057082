/** The ScoreSquad read side: register `scoresquadProjections` in `projections/registry.ts`. */
import type { Projection } from '../projection.js';
import { performanceProjection } from './projection.js';

export { performanceProjection } from './projection.js';
export * from './models.js';

export const scoresquadProjections: readonly Projection[] = [performanceProjection];
