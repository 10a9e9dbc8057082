/** What the Atlas routes need, built once by `service.ts`. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AtlasDeps } from '../../write/atlas/commands/index.js';
import type { AccessTokenSettings } from '../../write/atlas/auth/access-token.js';
import type { SigningKey } from '../../write/atlas/auth/signing-key.js';
import type { LoginLimiter } from './login-limit.js';
import type { KitContext } from '../../http/index.js';
import type { Actor } from '../../write/atlas/commands/index.js';

export interface AtlasApi {
  deps: AtlasDeps;
  key: SigningKey;
  tokens: AccessTokenSettings;
  refreshTtlSeconds: number;
  limiter: LoginLimiter;
}

/** The signed-in caller as the application services see it, with the request id as correlation id. */
export function actorOf(ctx: KitContext, user: { user_id: number }): Actor {
  return { user_id: user.user_id, correlation_id: correlationOf(ctx) };
}

const Uuid = z.uuid();

/** The request id when it is a UUID (events' correlation ids are), else a fresh one. */
export function correlationOf(ctx: KitContext): string {
  return Uuid.safeParse(ctx.state.requestId).success ? ctx.state.requestId : randomUUID();
}
