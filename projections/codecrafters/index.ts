/** The Code Crafters read side: register `codecraftersProjections` in `projections/registry.ts`. */
import type { Projection } from '../projection.js';
import { codecraftersProjection } from './projection.js';

export { codecraftersProjection } from './projection.js';
export * from './models.js';

export const codecraftersProjections: readonly Projection[] = [codecraftersProjection];
