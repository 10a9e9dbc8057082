/**
 * The typed API client: one `call()` for the four services, on the page's own origin
 * (`/<service>/api/v1/…`, forwarded by the dashboard's server: `dashboard/services.ts`).
 * It sends the session's access token, renews it shortly before it expires and once after a 401,
 * validates every answer with its zod schema, and turns every failure into a `ProblemError`.
 */
import type { z } from 'zod';
import type { DashboardService } from '../../services.js';
import { ProblemError } from './problem.js';

/** What the client needs from the session (the Pinia store implements it). */
export interface TokenSource {
  /** The current access token, renewed first when it expires within a few seconds; null when signed out. */
  accessToken(): Promise<string | null>;
  /** Renews after a 401; resolves null (and ends the session) when renewal fails. */
  renewAfterRejection(rejected: string): Promise<string | null>;
}

let tokens: TokenSource | null = null;

export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

/** The session's token source, for what talks to a service without `call()` (the live streams). */
export function tokenSource(): TokenSource | null {
  return tokens;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface CallOptions<S extends z.ZodType> {
  body?: unknown;
  query?: Query;
  /** The answer's schema; `null` for an answer without a body (204). */
  schema: S | null;
  /** Default true: send the session's bearer token. */
  auth?: boolean;
  signal?: AbortSignal;
}

export function urlOf(service: DashboardService, path: string, query?: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const qs = search.toString();
  return `/${service}${path}${qs ? `?${qs}` : ''}`;
}

async function send(
  service: DashboardService,
  method: string,
  url: string,
  body: unknown,
  token: string | null,
  signal?: AbortSignal,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw ProblemError.unreachable(service);
  }
}

export async function call<S extends z.ZodType>(
  service: DashboardService,
  method: string,
  path: string,
  options: CallOptions<S>,
): Promise<z.infer<S>> {
  const url = urlOf(service, path, options.query);
  const auth = options.auth ?? true;
  let token = auth ? ((await tokens?.accessToken()) ?? null) : null;
  let response = await send(service, method, url, options.body, token, options.signal);
  if (response.status === 401 && auth && token && tokens) {
    // Once: a token revoked or expired early is renewed, and the request sent again.
    token = await tokens.renewAfterRejection(token);
    if (token) response = await send(service, method, url, options.body, token, options.signal);
  }
  if (!response.ok) throw await ProblemError.fromResponse(response);
  if (options.schema === null) return undefined as z.infer<S>;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ProblemError(502, 'Bad answer', `The ${service} service answered something that is not JSON.`);
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new ProblemError(502, 'Unexpected answer', `The ${service} service answered off its contract (${where}).`);
  }
  return parsed.data;
}
