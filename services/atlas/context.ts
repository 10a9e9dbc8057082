/** What the Atlas routes need, built once by `service.ts`. */
import type { AccountDeps } from '../../write/atlas/commands/index.js';
import type { AccessTokenSettings } from '../../write/atlas/auth/access-token.js';
import type { SigningKey } from '../../write/atlas/auth/signing-key.js';
import type { DeviceFlowOptions } from '../service.js';
import type { WindowCounter } from './device-limits.js';
import type { DevicePolls } from './device-polls.js';
import type { LoginLimiter } from './login-limit.js';

export interface AtlasApi {
  deps: AccountDeps;
  key: SigningKey;
  tokens: AccessTokenSettings;
  refreshTtlSeconds: number;
  limiter: LoginLimiter;
  device: {
    settings: DeviceFlowOptions;
    /** Device codes per client address. */
    issuing: WindowCounter;
    /** Unknown user codes per signed-in user. */
    guessing: WindowCounter;
    polls: DevicePolls;
  };
}
