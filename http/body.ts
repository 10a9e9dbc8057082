/**
 * JSON request bodies, and nothing else: a body in another media type is a 415, broken JSON a 400,
 * an oversize body a 413, each as a problem. Parsing is @koa/bodyparser (co-body underneath).
 */
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type { KitContext, KitState } from './context.js';
import { malformedRequest, payloadTooLarge, unsupportedMediaType, type Problem } from './problem.js';
import { METHODS_WITH_BODY as BODY_METHODS } from './route.js';

export interface JsonBodyOptions {
  /** Largest accepted body (bytes, or a string such as '1mb'). */
  limit?: string | number;
}

/** Methods whose body we read; a body on any other method is ignored, as HTTP allows. */
const METHODS_WITH_BODY: string[] = [...BODY_METHODS];

const isJson = (ctx: KitContext): boolean => Boolean(ctx.request.is('application/json', '+json'));

/**
 * Whether bytes follow the headers. `Content-Length: 0` is not a body: fetch() sends it for a
 * bodyless POST, without a content type, and that must not be a 415.
 */
function carriesBody(ctx: KitContext): boolean {
  if (ctx.get('Transfer-Encoding') !== '') return true;
  const length = Number.parseInt(ctx.get('Content-Length'), 10);
  return Number.isFinite(length) && length > 0;
}

/** co-body and raw-body errors carry an HTTP status; map them onto our problem kinds. */
function bodyProblem(error: unknown, limit: string | number): Problem | unknown {
  const { status, type, message } = error as { status?: number; type?: string; message?: string };
  if (status === 413 || type === 'entity.too.large') {
    return payloadTooLarge(`the request body is larger than the limit of ${String(limit)}`);
  }
  if (status === 415) return unsupportedMediaType(`the request body's encoding is not supported: ${message ?? ''}`);
  if (error instanceof SyntaxError) {
    return malformedRequest(`the request body is not valid JSON: ${error.message}`);
  }
  if (status === 400) return malformedRequest(`the request body could not be read: ${message ?? 'unknown reason'}`);
  return error;
}

export function jsonBody({ limit = '1mb' }: JsonBodyOptions = {}): Middleware<KitState> {
  const parse = bodyParser({
    enableTypes: ['json'],
    detectJSON: (ctx) => isJson(ctx),
    jsonLimit: limit,
    jsonStrict: true,
    encoding: 'utf-8',
    parsedMethods: METHODS_WITH_BODY,
    onError: (error) => {
      throw bodyProblem(error, limit);
    },
  });

  return async function jsonBody(ctx, next) {
    if (METHODS_WITH_BODY.includes(ctx.method) && carriesBody(ctx) && !isJson(ctx)) {
      const given = ctx.get('Content-Type') || 'none';
      throw unsupportedMediaType(`the request body must be application/json (got ${given})`);
    }
    // JSON is UTF-8 (RFC 8259 §8.1); a body declared in another charset would be misread.
    const charset = ctx.request.charset.toLowerCase();
    if (
      METHODS_WITH_BODY.includes(ctx.method) &&
      carriesBody(ctx) &&
      charset !== '' &&
      charset !== 'utf-8' &&
      charset !== 'utf8'
    ) {
      throw unsupportedMediaType(`the request body must be UTF-8 JSON (got charset=${charset})`);
    }
    await parse(ctx, next);
  };
}
