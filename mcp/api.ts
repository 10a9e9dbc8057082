/**
 * How the MCP server asks Atlas and the partners: plain HTTP with the user's bearer token, every
 * answer parsed with zod. It never reads a store and never widens what the token may see: what the
 * API refuses, the tool refuses. A refusal becomes an `ApiRefusal` whose message says what the
 * model can do about it (tools turn it into `isError: true`).
 */
import type { z } from 'zod';

export type ServiceKey = 'atlas' | 'nexacore' | 'codecrafters' | 'scoresquad';

export const SERVICE_TITLES: Record<ServiceKey, string> = {
  atlas: 'Atlas',
  nexacore: 'NexaCore',
  codecrafters: 'Code Crafters',
  scoresquad: 'ScoreSquad',
};

export type ServiceUrls = Record<ServiceKey, string>;

/** The default URLs on one machine (`npm start`): Atlas :8000 and the partners :8001–:8003. */
export const localUrls = (host = '127.0.0.1'): ServiceUrls => ({
  atlas: `http://${host}:8000`,
  nexacore: `http://${host}:8001`,
  codecrafters: `http://${host}:8002`,
  scoresquad: `http://${host}:8003`,
});

/** A refusal or failure a model can act on: the message says what happened and what to do. */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | undefined>;

export interface AtlasApi {
  get<S extends z.ZodType>(service: ServiceKey, path: string, schema: S, query?: Query): Promise<z.output<S>>;
}

interface ProblemBody {
  detail?: unknown;
  errors?: { pointer?: unknown; detail?: unknown }[];
}

function detailOf(body: unknown): string {
  const problem = (body ?? {}) as ProblemBody;
  const detail = typeof problem.detail === 'string' ? problem.detail : '';
  const fields = Array.isArray(problem.errors)
    ? problem.errors.map((e) => `${String(e.pointer ?? '')} ${String(e.detail ?? '')}`.trim()).join('; ')
    : '';
  return [detail, fields].filter(Boolean).join(': ');
}

function refusal(service: ServiceKey, status: number, body: unknown): ApiRefusal {
  const title = SERVICE_TITLES[service];
  const detail = detailOf(body) || `HTTP ${status}`;
  switch (status) {
    case 400:
      return new ApiRefusal(`${title} refused the question (${detail}). Fix the arguments and ask again.`, status);
    case 401:
      return new ApiRefusal(
        `${title} did not accept the access token (${detail}). The user must sign in to Atlas again and give the MCP server a new token (ATLAS_TOKEN, or the client's Authorization header).`,
        status,
      );
    case 403:
      return new ApiRefusal(
        `No access: ${detail}. The user's role does not allow this; ask about yourself instead, or ask an owner or manager of the organization.`,
        status,
      );
    case 404:
      return new ApiRefusal(
        `Not found: ${detail}. Either it does not exist or the user cannot see it; call list_organizations (then list_members, list_projects, list_tasks) for the ids the user can see.`,
        status,
      );
    case 502:
    case 503:
    case 504:
      return new ApiRefusal(`The ${title} service is down or not ready (${detail}). Try again in a moment.`, status);
    default:
      return new ApiRefusal(`${title} answered ${status} (${detail}).`, status);
  }
}

export interface ApiOptions {
  urls: ServiceUrls;
  /**
   * The user's Atlas access token: every request carries it. A function for a renewable login
   * (`atlas-mcp login`): it gives a fresh token, and is asked again with the refused one after a 401.
   */
  token: string | TokenSource;
  /** Per request (default 15 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A renewable token: `stale` is the token a service just refused. */
export type TokenSource = (stale?: string) => Promise<string>;

export function atlasApi({ urls, token, timeoutMs = 15_000, fetch: fetchFn = fetch }: ApiOptions): AtlasApi {
  const tokenOf: TokenSource = typeof token === 'string' ? () => Promise.resolve(token) : token;
  return {
    async get(service, path, schema, query = {}) {
      const url = new URL(path, urls[service]);
      for (const [key, value] of Object.entries(query))
        if (value !== undefined) url.searchParams.set(key, String(value));
      let response: Response;
      try {
        let bearer = await tokenOf();
        const ask = () =>
          fetchFn(url, {
            headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
            signal: AbortSignal.timeout(timeoutMs),
          });
        response = await ask();
        if (response.status === 401 && typeof token !== 'string') {
          await response.body?.cancel();
          bearer = await tokenOf(bearer); // renewed once; a second 401 is the answer
          response = await ask();
        }
      } catch (error) {
        if (error instanceof ApiRefusal) throw error;
        const { cause } = error as { cause?: { code?: string; message?: string } };
        const reason = cause?.code ?? cause?.message ?? (error as Error).message;
        throw new ApiRefusal(
          `The ${SERVICE_TITLES[service]} service at ${urls[service]} is down (${reason}). Tell the user it cannot be reached; try again later.`,
          null,
        );
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!response.ok) throw refusal(service, response.status, body);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new ApiRefusal(
          `${SERVICE_TITLES[service]} answered in an unexpected shape (${issues}).`,
          response.status,
        );
      }
      return parsed.data;
    },
  };
}
