/** What the Atlas routes need, built once by `service.ts`. */
import type { AccountDeps } from '../../write/atlas/commands/index.js';
import type { AccessTokenSettings } from '../../write/atlas/auth/access-token.js';
import type { SigningKey } from '../../write/atlas/auth/signing-key.js';
import type { LoginLimiter } from './login-limit.js';

export interface AtlasApi {
  deps: AccountDeps;
  key: SigningKey;
  tokens: AccessTokenSettings;
  refreshTtlSeconds: number;
  limiter: LoginLimiter;
}
