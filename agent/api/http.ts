/**
 * One HTTP call as the agent makes it: JSON in and out, a timeout, and every answer read through
 * zod. A failure is one of three things the caller can act on: the network (retry later), a
 * problem+json answer (its status says what to do), or an answer that does not have the agreed
 * shape (a bug somewhere: reported, not guessed at).
 */
import { z } from 'zod';

export const Problem = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  error: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

export class NetworkError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `cannot reach ${new URL(url).origin}: ${cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)}`,
    );
  }
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** Seconds from `Retry-After`, when the server sent one. */
    readonly retryAfterSeconds: number | null,
    /** Whether the answer was `application/problem+json` (our services), not a proxy's or a portal's page. */
    readonly fromService = true,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export class ContractError extends Error {}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  token?: string;
  body?: unknown;
  timeoutMs?: number;
  /** Aborts the call (the agent stopping). */
  signal?: AbortSignal;
}

/** No answer of ours is larger; a larger one is not ours (a portal, a misconfigured proxy) and is not read. */
export const MAX_ANSWER_BYTES = 1_000_000;

async function readCapped(response: Response, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new NetworkError(url, new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new NetworkError(url, new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function retryAfterOf(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export async function call<T>(url: string, schema: z.ZodType<T>, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // A redirect is not followed: a POST turned into a GET elsewhere is not a delivery.
      redirect: 'error',
      signal: options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? 15_000)])
        : AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new NetworkError(url, error);
  }
  let text: string;
  try {
    text = await readCapped(response, url);
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw new NetworkError(url, error);
  }
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    const problem = Problem.safeParse(json);
    const fromService =
      problem.success && (response.headers.get('content-type') ?? '').startsWith('application/problem+json');
    throw new ProblemError(
      response.status,
      problem.success ? problem.data : { title: `HTTP ${response.status}`, detail: text.slice(0, 200) || undefined },
      retryAfterOf(response.headers.get('retry-after')),
      fromService,
    );
  }
  if (response.status === 204) return schema.parse(undefined);
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ContractError(`unexpected answer from ${url}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
