/**
 * The outermost error boundary below logging: whatever is thrown (or left unanswered) becomes an
 * RFC 9457 `application/problem+json` response. Clients never see a stack, a store's message or
 * the reason a token was refused; the logs do.
 */
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { KitContext, KitState } from './context.js';
import {
  Problem,
  conflict,
  internalProblem,
  malformedRequest,
  methodNotAllowed,
  notFound,
  notImplemented,
  payloadTooLarge,
  unauthorized,
  unsupportedMediaType,
  forbidden,
  type ProblemKind,
} from './problem.js';

/**
 * Turns an error the kit does not know (a refused command, a store that is busy) into a problem,
 * or answers undefined to let the next mapper try. The kit knows no domain: the services hand
 * their mappers in (`ServiceOptions.problemMappers`). A mapper may log through `log`.
 */
export type ProblemMapper = (error: unknown, log: Logger | undefined) => Problem | undefined;

export function problems(mappers: readonly ProblemMapper[] = []): Middleware<KitState> {
  return async function problems(ctx, next) {
    try {
      await next();
      const unanswered = unansweredProblem(ctx);
      if (unanswered) throw unanswered;
    } catch (error) {
      respond(ctx, toProblem(error, ctx, mappers));
    }
  };
}

/** Nothing answered: no route matched (404), or the router set 405/501 without a body. */
function unansweredProblem(ctx: KitContext): Problem | undefined {
  if (ctx.body != null) return undefined;
  switch (ctx.status) {
    case 404:
      return notFound(`nothing at ${ctx.method} ${ctx.path}`);
    case 405:
      return methodNotAllowed(ctx.method, ctx.response.get('Allow'));
    case 501:
      return notImplemented(ctx.method);
    default:
      return undefined;
  }
}

interface HttpErrorLike {
  status?: unknown;
  expose?: unknown;
  message?: unknown;
  originalError?: unknown;
}

const kindByStatus: Partial<Record<number, ProblemKind>> = {
  400: 'malformed-request',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

function toProblem(error: unknown, ctx: KitContext, mappers: readonly ProblemMapper[] = []): Problem {
  const log = ctx.state.log;
  for (const mapper of mappers) {
    const mapped = mapper(error, log);
    if (mapped) {
      error = mapped;
      break;
    }
  }
  if (error instanceof Problem) {
    // 501 is the client's doing; internal and unavailable are ours.
    if (error.kind === 'internal' || error.kind === 'unavailable') {
      log?.error({ err: error.cause ?? error, internal: error.internal }, error.detail);
    } else if (error.internal) log?.info({ problem: error.type, internal: error.internal }, 'request refused');
    return error;
  }
  const httpError = (typeof error === 'object' && error !== null ? error : {}) as HttpErrorLike;
  const status = typeof httpError.status === 'number' ? httpError.status : 500;
  if (status === 401) {
    // koa-jwt's messages say why a token failed; that helps attackers more than callers.
    const original = httpError.originalError as { message?: unknown } | undefined;
    const reason = String(original?.message ?? httpError.message ?? 'unknown');
    log?.info({ reason }, 'token refused');
    return unauthorized('invalid or missing token', reason);
  }
  const kind = kindByStatus[status];
  if (kind !== undefined && httpError.expose === true) {
    const detail = String(httpError.message ?? '');
    switch (kind) {
      case 'payload-too-large':
        return payloadTooLarge(detail);
      case 'unsupported-media-type':
        return unsupportedMediaType(detail);
      case 'forbidden':
        return forbidden(detail);
      case 'not-found':
        return notFound(detail);
      case 'conflict':
        return conflict(detail);
      case 'method-not-allowed':
        return methodNotAllowed(ctx.method, ctx.response.get('Allow'));
      default:
        return malformedRequest(detail);
    }
  }
  log?.error({ err: error }, 'unhandled error');
  return internalProblem();
}

function respond(ctx: KitContext, problem: Problem): void {
  ctx.status = problem.status;
  for (const [name, value] of Object.entries(problem.headers)) ctx.set(name, value);
  ctx.body = { ...problem.toDocument(ctx.path), request_id: ctx.state.requestId };
  ctx.type = 'application/problem+json';
}
