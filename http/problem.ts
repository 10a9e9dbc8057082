/**
 * RFC 9457 problem details: the one shape of every HTTP error Atlas and the partners answer.
 *
 * A `Problem` is thrown anywhere below the problems middleware, which turns it into an
 * `application/problem+json` response. The `type` URIs below are part of the public contract:
 * clients switch on them, so a kind is never renamed, only added.
 */

export const PROBLEM_TYPE_BASE = 'https://atlas.dev/problems/';

/** Every kind of problem we answer, with its status and fixed title (titles never vary per occurrence). */
export const problemKinds = {
  validation: { status: 400, title: 'The request is not valid' },
  'malformed-request': { status: 400, title: 'The request could not be read' },
  // A device polling the token endpoint (RFC 8628 §3.5, RFC 6749 §5.2): each also carries its OAuth `error` code.
  'authorization-pending': { status: 400, title: 'Authorization pending' },
  'slow-down': { status: 400, title: 'Polling too often' },
  'expired-token': { status: 400, title: 'Device code expired' },
  'access-denied': { status: 400, title: 'Access denied' },
  'invalid-grant': { status: 400, title: 'Invalid grant' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'headers-too-large': { status: 431, title: 'Request header fields too large' },
  internal: { status: 500, title: 'Internal error' },
  'not-implemented': { status: 501, title: 'Not implemented' },
  // A server that forwards (the dashboard's, system/dashboard/) got no answer from the service behind it.
  'bad-gateway': { status: 502, title: 'Bad gateway' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof problemKinds;

/** One validation finding: a JSON pointer into the request (`/body/records/3/active_seconds`). */
export interface ProblemFieldError {
  pointer: string;
  detail: string;
}

/** The JSON document sent to the client. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

export interface ProblemOptions {
  errors?: ProblemFieldError[];
  /** Extra members of the document (snake_case), e.g. `retry_after`. */
  extensions?: Record<string, unknown>;
  /** Response headers that belong to the problem, e.g. `Retry-After`, `Allow`, `WWW-Authenticate`. */
  headers?: Record<string, string>;
  /** Why, for the logs only; never sent to the client (e.g. the reason a token was rejected). */
  internal?: string;
  cause?: unknown;
}

export class Problem extends Error {
  override readonly name = 'Problem';
  readonly kind: ProblemKind;
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly detail: string;
  readonly errors: ProblemFieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly internal: string | undefined;
  /** Lets Koa's own error handler show the detail if a problem ever reaches it. */
  readonly expose: boolean;

  constructor(kind: ProblemKind, detail: string, options: ProblemOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    const { status, title } = problemKinds[kind];
    this.kind = kind;
    this.status = status;
    this.title = title;
    this.type = PROBLEM_TYPE_BASE + kind;
    this.detail = detail;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
    this.internal = options.internal;
    this.expose = status < 500;
  }

  toDocument(instance?: string): ProblemDocument {
    return {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance === undefined ? {} : { instance }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

export const isProblem = (value: unknown): value is Problem => value instanceof Problem;

export function validationProblem(errors: ProblemFieldError[], detail?: string): Problem {
  const count = errors.length;
  return new Problem('validation', detail ?? `${count} field${count === 1 ? '' : 's'} did not pass validation`, {
    errors,
  });
}

export const malformedRequest = (detail: string, options?: ProblemOptions) =>
  new Problem('malformed-request', detail, options);

/** RFC 6750: a 401 for a bearer-protected resource names the scheme. */
export const unauthorized = (detail = 'invalid or missing token', internal?: string) =>
  new Problem('unauthorized', detail, {
    headers: { 'WWW-Authenticate': 'Bearer realm="atlas"' },
    ...(internal === undefined ? {} : { internal }),
  });

export const forbidden = (detail: string) => new Problem('forbidden', detail);
export const notFound = (detail: string) => new Problem('not-found', detail);
export const conflict = (detail: string, extensions?: Record<string, unknown>) =>
  new Problem('conflict', detail, extensions === undefined ? {} : { extensions });
export const payloadTooLarge = (detail: string) => new Problem('payload-too-large', detail);
export const unsupportedMediaType = (detail: string) => new Problem('unsupported-media-type', detail);

export function tooManyRequests(detail: string, retryAfterSeconds: number): Problem {
  const seconds = Math.max(0, Math.ceil(retryAfterSeconds));
  return new Problem('rate-limited', detail, {
    headers: { 'Retry-After': String(seconds) },
    extensions: { retry_after: seconds },
  });
}

export function methodNotAllowed(method: string, allow: string): Problem {
  return new Problem('method-not-allowed', `${method} is not allowed here; allowed: ${allow || 'none'}`, {
    headers: allow ? { Allow: allow } : {},
  });
}

export const notImplemented = (method: string) =>
  new Problem('not-implemented', `method ${method} is not implemented by this service`);

export const unavailable = (detail: string, internal?: string) =>
  new Problem('unavailable', detail, internal === undefined ? {} : { internal });

export const internalProblem = () => new Problem('internal', 'something went wrong on our side; the error was logged');
