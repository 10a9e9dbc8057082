/**
 * One HTTP call of the demo: JSON in and out, the caller's bearer token, every answer read through
 * zod. A 503 (a store busy, a read model catching up with a write made a moment ago) is waited
 * out as its `Retry-After` says, a few times; any other refusal is a `Refusal` with the problem's
 * status and detail, for the caller to decide on (a 409 is often "already there").
 */
import type { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** A problem+json answer (RFC 9457), or any other non-2xx answer. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly method: Method,
    readonly url: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${method} ${new URL(url).pathname} answered ${status}: ${detail}`);
  }
}

/** The service did not answer at all (not started, wrong URL). */
export class Unreachable extends Error {
  override readonly name = 'Unreachable';
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const reason = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message;
    super(`${new URL(url).origin} does not answer (${reason})`);
  }
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  timeoutMs?: number;
  /**
   * Whether sending it twice does no harm (default: GET, PUT, PATCH): then a connection that
   * failed before an answer (an idle keep-alive connection the server had just closed) is retried.
   */
  idempotent?: boolean;
}

const RETRIES_WHEN_BUSY = 30;
const RETRIES_WHEN_CUT = 3;
const MAX_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function detailOf(text: string): string {
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown; errors?: unknown };
    const errors = Array.isArray(problem.errors)
      ? (problem.errors as { pointer?: unknown; detail?: unknown }[])
          .slice(0, 3)
          .map((e) => `${String(e.pointer)} ${String(e.detail)}`)
      : [];
    const head = typeof problem.detail === 'string' ? problem.detail : String(problem.title ?? '');
    return [head, ...errors].filter(Boolean).join('; ');
  } catch {
    return text.slice(0, 200);
  }
}

export async function call<S extends z.ZodType>(
  method: Method,
  url: string,
  schema: S,
  options: CallOptions = {},
): Promise<z.output<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const idempotent = options.idempotent ?? method !== 'POST';
  let cuts = 0;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      if (idempotent && !refused && cuts++ < RETRIES_WHEN_CUT) continue;
      throw new Unreachable(url, error);
    }
    const text = await response.text();
    if (response.status === 503 && attempt < RETRIES_WHEN_BUSY) {
      const seconds = Number(response.headers.get('retry-after') ?? 1);
      await sleep(Math.min(MAX_WAIT_MS, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 250));
      continue;
    }
    if (!response.ok) throw new Refusal(method, url, response.status, detailOf(text));
    const parsed = schema.safeParse(text === '' ? undefined : JSON.parse(text));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`${method} ${new URL(url).pathname} answered in an unexpected shape (${issues})`);
    }
    return parsed.data;
  }
}

/** Whether `error` is a refusal with one of these statuses. */
export const refusedWith = (error: unknown, ...statuses: number[]): error is Refusal =>
  error instanceof Refusal && statuses.includes(error.status);
