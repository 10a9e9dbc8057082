/**
 * Tests only: the whole real system (startTestSystem: every service, the projector, SQLite stores
 * in a temp dir) for the contract and fuzz tests, with each service's OpenAPI document as served
 * and the route definitions it was built from (the zod schemas the answers are checked with).
 * Registration hashes passwords at a test cost, so that a fuzzer may register users by the dozen.
 */
import http from 'node:http';
import type Koa from 'koa';
import { routesOf, type Route } from '../http/index.js';
import { openApiPath } from '../http/openapi.js';
import type { ServiceModule, ServiceName } from '../services/service.js';
import { httpServices } from './services.js';
import { startTestSystem, type TestSystem } from './test-system.js';

/** What the tests read of an OpenAPI document. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

export interface Operation {
  operationId: string;
  parameters?: {
    name: string;
    in: 'path' | 'query' | 'header';
    required: boolean;
    description?: string;
    schema: Record<string, unknown>;
  }[];
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
  responses: Record<
    string,
    {
      description: string;
      headers?: Record<string, unknown>;
      content?: Record<string, { schema: unknown }>;
      /** Problem types this status may carry besides the kit's (`ResponseSpec.problems`). */
      'x-problem-types'?: string[];
    }
  >;
  security: unknown[];
}

export interface ServedService {
  name: ServiceName;
  url: string;
  document: OpenApiDocument;
  routes: readonly Route[];
  /** Each operation of the document with the route it documents. */
  operations: { path: string; method: string; operation: Operation; route: Route }[];
}

export interface ContractSystem {
  system: TestSystem;
  services: ServedService[];
  stop(): Promise<void>;
}

const TEST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

export async function startContractSystem(): Promise<ContractSystem> {
  const apps = new Map<ServiceName, Koa<any, any>>();
  const modules: ServiceModule[] = httpServices.map((module) => ({
    ...module,
    create: (deps) => {
      const app = module.create(
        module.name === 'atlas' && deps.issuing
          ? { ...deps, issuing: { ...deps.issuing, passwordCost: TEST_SCRYPT } }
          : deps,
      );
      apps.set(module.name, app);
      return app;
    },
  }));
  const system = await startTestSystem({ modules });
  const services: ServedService[] = [];
  for (const module of httpServices) {
    const url = system.urls[module.name]!;
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as OpenApiDocument;
    const routes = routesOf(apps.get(module.name)!);
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const route = routes.find((r) => r.method === method.toUpperCase() && openApiPath(r.path) === path);
        if (!route) throw new Error(`${module.name}: ${method} ${path} is documented but no route serves it`);
        return { path, method: method.toUpperCase(), operation, route };
      }),
    );
    services.push({ name: module.name, url, document, routes, operations });
  }
  return { system, services, stop: () => system.stop() };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/**
 * One request as given: the path is sent as it is (no dot-segment folding as `fetch` would do),
 * the body as JSON when there is one.
 */
export function send(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const url = new URL(base);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
          ...options.headers,
        },
      },
      (response) => {
        if (/^text\/event-stream/.test(String(response.headers['content-type']))) {
          // A stream does not end: its first chunk (the retry hint, and what follows it) is the answer.
          response.once('data', (chunk: Buffer) => {
            resolve({ status: response.statusCode ?? 0, headers: response.headers, text: chunk.toString('utf8') });
            response.destroy();
          });
          response.on('error', () => {});
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** The JSON of an answer, or undefined when it has none or it is not JSON. */
export function jsonOf(answer: RawAnswer): unknown {
  if (answer.text === '') return undefined;
  try {
    return JSON.parse(answer.text);
  } catch {
    return undefined;
  }
}
