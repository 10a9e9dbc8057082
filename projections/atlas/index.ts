/**
 * Atlas's own read models (models.ts), one projection per model: each can be rebuilt (version
 * bump) without touching the others.
 */
import type { Projection } from '../projection.js';
import { membershipsProjection } from './memberships.js';
import { organizationsProjection } from './organizations.js';
import { projectsProjection } from './projects.js';
import { tasksProjection } from './tasks.js';
import { usersProjection } from './users.js';

export const atlasProjections: readonly Projection[] = [
  usersProjection,
  organizationsProjection,
  membershipsProjection,
  projectsProjection,
  tasksProjection,
];

export { membershipOf, membershipsOf, managesTeam } from './access.js';
export * from './models.js';
