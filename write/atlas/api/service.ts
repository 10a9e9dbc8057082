/** The Atlas API on :8000: auth, organizations, projects and tasks, as one Koa service. */
import type Koa from 'koa';
import { createService, type KitState, type Logger, type Route } from '../../../http/index.js';
import type { AtlasDeps } from '../commands/index.js';
import type { AccessTokenSettings } from '../auth/access-token.js';
import type { SigningKey } from '../auth/signing-key.js';
import { authRoutes } from './auth-routes.js';
import type { AtlasApi } from './context.js';
import { LoginLimiter, type LoginLimits } from './login-limit.js';
import { organizationRoutes } from './organization-routes.js';
import { workRoutes } from './work-routes.js';

export interface AtlasServiceOptions {
  deps: AtlasDeps;
  key: SigningKey;
  tokens: AccessTokenSettings;
  refreshTtlSeconds: number;
  logger: Logger;
  loginLimits?: LoginLimits;
  /** More routes on :8000 (the read-model lists, audits). */
  extraRoutes?: (api: AtlasApi) => Route[];
  health?: () => Promise<Record<string, unknown>>;
}

export function createAtlasService(options: AtlasServiceOptions): Koa<KitState> {
  const api: AtlasApi = {
    deps: options.deps,
    key: options.key,
    tokens: options.tokens,
    refreshTtlSeconds: options.refreshTtlSeconds,
    // The limiter reads the service's clock, like every other time-dependent rule here.
    limiter: new LoginLimiter(options.loginLimits, () => options.deps.clock().getTime()),
  };
  return createService({
    name: 'atlas',
    version: '1.0.0',
    description: 'The hub: users, organizations, projects, tasks and the tokens every partner accepts.',
    routes: [...authRoutes(api), ...organizationRoutes(api), ...workRoutes(api), ...(options.extraRoutes?.(api) ?? [])],
    auth: {
      // Atlas verifies its own tokens with the key in hand, with the same checks partners make.
      keyForKid: async (kid) => (kid === options.key.kid ? options.key.publicKey : undefined),
      issuer: options.tokens.issuer,
      audience: options.tokens.audience,
    },
    logger: options.logger,
    health: async () => ({ event_store: options.deps.store.kind, ...(await options.health?.()) }),
  });
}
