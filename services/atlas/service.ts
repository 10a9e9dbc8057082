/**
 * The Atlas API on :8000, as one Koa service: auth and the commands on organizations, projects
 * and tasks (write side), and the lists and audits over Atlas's read models (read side).
 */
import type Koa from 'koa';
import type { KitState } from '../../http/index.js';
import { defaultDeviceFlow, serviceApp, type ServiceDeps } from '../service.js';
import { LiveHub, withLiveHub } from '../live/hub.js';
import type { LiveSettings } from '../live/settings.js';
import { auditRoutes } from './audit-routes.js';
import { authRoutes } from './auth-routes.js';
import type { AtlasApi } from './context.js';
import { listRoutes } from './list-routes.js';
import { atlasLive, atlasNotices, liveRoutes } from './live-routes.js';
import { defaultDeviceLimits, WindowCounter, type DeviceLimits } from './device-limits.js';
import { DevicePolls } from './device-polls.js';
import { deviceRoutes } from './device-routes.js';
import { LoginLimiter, type LoginLimits } from './login-limit.js';
import { organizationRoutes } from './organization-routes.js';
import { workRoutes } from './work-routes.js';

export interface AtlasServiceOptions {
  /** Default: `defaultLoginLimits`; tests lower them. */
  loginLimits?: LoginLimits;
  /** Default: `defaultDeviceLimits` (device codes per address, unknown user codes per user); tests lower them. */
  deviceLimits?: DeviceLimits;
  /** The live route's numbers (default: `defaultLiveSettings`); tests lower some. */
  live?: Partial<LiveSettings>;
}

export function createAtlasService(deps: ServiceDeps, options: AtlasServiceOptions = {}): Koa<KitState> {
  const issuing = deps.issuing;
  if (!issuing) throw new Error('the Atlas service needs its signing key and token settings (ServiceDeps.issuing)');
  const api: AtlasApi = {
    deps: {
      store: deps.events,
      clock: deps.clock,
      cache: deps.cache,
      ...(issuing.passwordCost ? { passwordCost: issuing.passwordCost } : {}),
    },
    key: issuing.key,
    tokens: issuing.tokens,
    refreshTtlSeconds: issuing.refreshTtlSeconds,
    // The limiter reads the service's clock, like every other time-dependent rule here.
    limiter: new LoginLimiter(options.loginLimits, () => deps.clock().getTime()),
    device: deviceState(issuing.deviceFlow ?? defaultDeviceFlow, options.deviceLimits ?? defaultDeviceLimits, deps),
  };
  const reads = { events: deps.events, readModels: deps.readModels };
  const live = new LiveHub(deps, atlasLive, atlasNotices, options.live);
  const app = serviceApp(deps, {
    name: 'atlas',
    version: '1.0.0',
    description: 'The hub: users, organizations, projects, tasks and the tokens every partner accepts.',
    routes: [
      ...authRoutes(api),
      ...deviceRoutes(api),
      ...organizationRoutes(api),
      ...workRoutes(api),
      ...listRoutes(reads),
      ...auditRoutes(reads),
      ...liveRoutes(deps.readModels, live),
    ],
  });
  return withLiveHub(app, live);
}

/** The device flow's settings and its in-memory limits, on the service's clock. */
function deviceState(
  settings: AtlasApi['device']['settings'],
  limits: DeviceLimits,
  deps: ServiceDeps,
): AtlasApi['device'] {
  const now = () => deps.clock().getTime();
  return {
    settings,
    issuing: new WindowCounter(limits.issue, limits.maxEntries, now),
    guessing: new WindowCounter(limits.wrongCodes, limits.maxEntries, now),
    polls: new DevicePolls(now, limits.maxEntries),
  };
}
