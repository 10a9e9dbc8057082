/** Atlas's read-side routes on :8000 (lists over the Atlas read models, audits). */
import type { Route } from '../http/index.js';
import { atlasAuditRoutes } from '../projections/atlas/audit-routes.js';
import type { ReadModels } from '../projections/read-models.js';
import { atlasListRoutes } from '../projections/atlas/routes.js';
import type { EventStore } from '../stores/events/port.js';

export function atlasQueryRoutes(deps: { events: EventStore; readModels: ReadModels }): Route[] {
  return [...atlasListRoutes(deps), ...atlasAuditRoutes(deps)];
}
