/**
 * NexaCore's read models (models.ts), one projection per model so that each can be rebuilt alone.
 * Register with `...nexacoreProjections` in projections/registry.ts.
 */
import type { Projection } from '../projection.js';
import { labsProjection } from './labs.js';
import { researchersProjection } from './researchers.js';

export const nexacoreProjections: readonly Projection[] = [labsProjection, researchersProjection];

export * from './models.js';
