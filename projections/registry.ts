/**
 * Every projection the system runs. `startProjections` (system start-up), `atlas rebuild | replay
 * | verify | lag` and the query APIs' `ReadModels` all read this one list.
 *
 * To change a projection's read model, bump its `version`: the runtime builds the new version
 * beside the old one and switches when it has caught up (blue/green). Logical collection names
 * must be unique across projections.
 */
import type { Projection } from './projection.js';
import { atlasProjections } from './atlas/index.js';
import { nexacoreProjections } from './nexacore/index.js';
import { codecraftersProjections } from './codecrafters/index.js';
import { scoresquadProjections } from './scoresquad/index.js';

export const projections: readonly Projection[] = [
  ...atlasProjections,
  ...nexacoreProjections,
  ...codecraftersProjections,
  ...scoresquadProjections,
];
