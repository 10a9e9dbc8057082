/**
 * Every request carries an id, echoed in `X-Request-Id`, logged with every line and used as the
 * problem's correlation handle. A caller's own id is kept when it is sane (a proxy or the agent
 * may have started the trace); anything else is replaced so that logs cannot be forged or flooded.
 */
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { KitState } from './context.js';

const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function acceptRequestId(incoming: string | undefined): string {
  return incoming !== undefined && SANE_ID.test(incoming) ? incoming : randomUUID();
}

export function requestId(): Middleware<KitState> {
  return async function requestId(ctx, next) {
    const id = acceptRequestId(ctx.get('X-Request-Id') || undefined);
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    await next();
  };
}
