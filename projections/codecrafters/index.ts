/** The Code Crafters read side (the rollups, and the active minutes of the sessions): register `codecraftersProjections` in `projections/registry.ts`. */
import type { Projection } from '../projection.js';
import { codecraftersProjection } from './projection.js';
import { sessionsProjection } from './sessions.js';

export { codecraftersProjection } from './projection.js';
export { sessionsProjection } from './sessions.js';
export * from './models.js';

export const codecraftersProjections: readonly Projection[] = [codecraftersProjection, sessionsProjection];
