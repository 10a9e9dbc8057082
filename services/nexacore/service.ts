/** The NexaCore API (:8001): labs and researchers over Atlas's organizations and users. */
import type Koa from 'koa';
import type { KitState } from '../../http/index.js';
import { serviceApp, type ServiceDeps } from '../service.js';
import { nexacoreApi } from './context.js';
import { labRoutes } from './lab-routes.js';
import { researcherRoutes } from './researcher-routes.js';

export function createNexacoreService(deps: ServiceDeps): Koa<KitState> {
  const api = nexacoreApi(deps);
  return serviceApp(deps, {
    name: 'nexacore',
    version: '0.1.0',
    description: 'NexaCore: lab profiles (Atlas organizations), researcher profiles (Atlas users) and lab analytics.',
    routes: [...labRoutes(api), ...researcherRoutes(api)],
  });
}
