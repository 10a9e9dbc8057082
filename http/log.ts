/**
 * Structured logs (pino): one logger per service and one access-log line per request.
 */
import { performance } from 'node:perf_hooks';
import type { Middleware } from 'koa';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import type { KitState } from './context.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** The service name, on every line. */
  name: string;
  /** `silent` in tests. */
  level?: LevelWithSilent;
  /** Where lines go; stdout by default (tests pass a stream to read what was logged). */
  destination?: DestinationStream;
}

export function createLogger({ name, level = 'info', destination }: LoggerOptions): Logger {
  // pino's own `name` field says which service wrote the line; children add what they scope.
  const options = { name, level };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Binds a per-request child logger to `ctx.state.log` and writes the access line once the
 * response is known. Must sit outside the problems middleware so that it sees the final status.
 */
export function accessLog(logger: Logger): Middleware<KitState> {
  return async function accessLog(ctx, next) {
    const started = performance.now();
    ctx.state.log = logger.child({ request_id: ctx.state.requestId });
    try {
      await next();
    } finally {
      ctx.state.log.info(
        {
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          user_id: ctx.state.user?.user_id ?? null,
        },
        'request',
      );
    }
  };
}
