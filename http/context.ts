/**
 * What the kit's middleware leave on `ctx.state` for the layers below them.
 */
import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { AtlasUser } from './user.js';

export interface KitState {
  /** Set by `request-id.ts`. */
  requestId: string;
  /** Set by `log.ts`: the service logger bound to this request's id. */
  log: Logger;
  /** Set by `auth.ts` on routes that require a token: the verified caller. */
  user?: AtlasUser;
  /** Set by koa-jwt: the verified token's claims, before they are checked as an Atlas user. */
  claims?: unknown;
}

export type KitContext = ParameterizedContext<KitState>;
