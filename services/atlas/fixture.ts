/**
 * Tests only: the Atlas API as `createAtlasService` builds it, on an ephemeral port, over a real
 * SQLite event store and a real signing key in a fresh temp dir. The clock can be moved forward
 * (login windows, refresh expiry) and scrypt runs at a cheaper (still real) cost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect } from 'vitest';
import { createLogger, listen } from '../../http/index.js';
import { openSqliteEventStore } from '../../stores/events/sqlite.js';
import { WrongExpectedRevisionError, type EventStore } from '../../stores/events/port.js';
import { StateCache } from '../../write/state-cache.js';
import type { AccessTokenSettings } from '../../write/atlas/auth/access-token.js';
import { loadOrCreateSigningKey, type SigningKey } from '../../write/atlas/auth/signing-key.js';
import { defaultDeviceFlow, type DeviceFlowOptions } from '../service.js';
import type { DeviceLimits } from './device-limits.js';
import type { LoginLimits } from './login-limit.js';
import { createAtlasService } from './service.js';
import { atlasProjections } from '../../projections/atlas/index.js';
import { createReadModels } from '../../projections/read-models.js';
import { openSqliteReadStore } from '../../stores/reads/sqlite.js';

export const PASSWORD = 'correct horse battery';
export const TOKENS: AccessTokenSettings = { issuer: 'atlas', audience: 'atlas-services', ttlSeconds: 900 };
export const REFRESH_TTL_SECONDS = 3600;

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: any;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is (not JSON-encoded) when a string and `raw` is set. */
  raw?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface SignedUp {
  id: number;
  username: string;
  organization_id: string;
  token: string;
  refresh_token: string;
}

export interface AtlasUnderTest {
  url: string;
  store: EventStore & { refusedAppends: number };
  key: SigningKey;
  dataDir: string;
  /** Moves the service's clock forward. */
  advance(seconds: number): void;
  head(): Promise<number>;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  register(username: string): Promise<{ id: number; organization_id: string }>;
  login(username: string, password?: string): Promise<Answer>;
  /** Registers and logs in. */
  signUp(username: string): Promise<SignedUp>;
  /**
   * A process restart: stops this service and closes its stores, then starts a new service on the
   * same files (same key, same clock offset), with nothing of this one's memory. Use the one it
   * answers from then on; closing that one removes the data dir.
   */
  restart(): Promise<AtlasUnderTest>;
  close(): Promise<void>;
}

export interface AtlasOptions {
  loginLimits?: LoginLimits;
  /** Let every store call yield to the event loop first, as a networked store does (see `observed`). */
  remoteLikeStore?: boolean;
  /** The device flow's settings (default: the settings' defaults). */
  deviceFlow?: Partial<DeviceFlowOptions>;
  deviceLimits?: DeviceLimits;
}

/** Where `restart` picks up: the data dir and the clock's offset. */
interface Resumed {
  dataDir: string;
  offsetMs: number;
}

export async function startAtlas(options: AtlasOptions = {}, resumed?: Resumed): Promise<AtlasUnderTest> {
  const dataDir = resumed?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-api-'));
  const store = observed(
    openSqliteEventStore({ file: path.join(dataDir, 'events.db') }),
    options.remoteLikeStore ?? false,
  );
  const key = loadOrCreateSigningKey(dataDir);
  let offsetMs = resumed?.offsetMs ?? 0;
  // The list routes read Atlas's read models; these tests drive the command routes, so the read
  // store is real but no projector fills it.
  const reads = openSqliteReadStore({ file: path.join(dataDir, 'reads.db') });
  const app = createAtlasService(
    {
      events: store,
      readModels: createReadModels({ reads, projections: atlasProjections }),
      auth: {
        keyForKid: async (kid) => (kid === key.kid ? key.publicKey : undefined),
        issuer: TOKENS.issuer,
        audience: TOKENS.audience,
      },
      logger: createLogger({ name: 'atlas-test', level: 'silent' }),
      clock: () => new Date(Date.now() + offsetMs),
      cache: new StateCache(),
      lag: async () => [],
      issuing: {
        key,
        tokens: TOKENS,
        refreshTtlSeconds: REFRESH_TTL_SECONDS,
        passwordCost: { N: 2 ** 12, r: 8, p: 1 },
        deviceFlow: { ...defaultDeviceFlow, ...options.deviceFlow },
      },
    },
    {
      ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
      ...(options.deviceLimits ? { deviceLimits: options.deviceLimits } : {}),
    },
  );
  const server = await listen(app, 0);
  const call = (method: string, urlPath: string, init: CallOptions = {}) => request(server.url, method, urlPath, init);

  async function register(username: string) {
    const answer = await call('POST', '/api/v1/auth/register', {
      body: { username, email: `${username}@example.com`, password: PASSWORD },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return { id: answer.body.id as number, organization_id: answer.body.organization.id as string };
  }
  const login = (username: string, password = PASSWORD) =>
    call('POST', '/api/v1/auth/login', { body: { username, password } });

  return {
    url: server.url,
    store,
    key,
    dataDir,
    advance: (seconds) => {
      offsetMs += seconds * 1000;
    },
    head: () => store.headPosition(),
    call,
    register,
    login,
    async signUp(username) {
      const registered = await register(username);
      const tokens = await login(username);
      expect(tokens.status).toBe(200);
      return { ...registered, username, token: tokens.body.access_token, refresh_token: tokens.body.refresh_token };
    },
    async restart() {
      await server.close();
      await store.close();
      await reads.close();
      return startAtlas(options, { dataDir, offsetMs });
    },
    async close() {
      await server.close();
      await store.close();
      await reads.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The event store as the service sees it, counting the appends it refused as concurrent.
 * With `yieldFirst`, every call first gives other requests a turn: the embedded store answers
 * synchronously under its promises, so in one process a request's read-decide-append never
 * interleaves with another's; EventStoreDB is across a network, where they do. The SQLite store
 * stays real; only the turn is added, so concurrent commands really collide.
 */
export function observed(store: EventStore, yieldFirst: boolean): EventStore & { refusedAppends: number } {
  const turn = () => (yieldFirst ? nextTurn() : Promise.resolve());
  const observedStore = {
    kind: store.kind,
    refusedAppends: 0,
    async append(...args: Parameters<EventStore['append']>) {
      await turn();
      try {
        return await store.append(...args);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) observedStore.refusedAppends += 1;
        throw error;
      }
    },
    readStream: async (...args: Parameters<EventStore['readStream']>) => (await turn(), store.readStream(...args)),
    readAll: async (...args: Parameters<EventStore['readAll']>) => (await turn(), store.readAll(...args)),
    scan: (...args: Parameters<EventStore['scan']>) => store.scan(...args),
    headPosition: () => store.headPosition(),
    subscribe: (...args: Parameters<EventStore['subscribe']>) => store.subscribe(...args),
    probe: () => store.probe(),
    close: () => store.close(),
  };
  return observedStore;
}

/** One HTTP request against a base URL: JSON in, JSON (or text) out. */
export async function request(
  base: string,
  method: string,
  urlPath: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(base + urlPath, { method, headers, ...(body === undefined ? {} : { body }) });
  if (/^text\/event-stream/.test(response.headers.get('content-type') ?? '')) {
    // A live stream does not end: its first chunk is the answer (services/live/stream-fixture.ts reads streams).
    const reader = response.body!.getReader();
    const first = await reader.read();
    await reader.cancel();
    return { status: response.status, headers: response.headers, body: new TextDecoder().decode(first.value) };
  }
  const text = await response.text();
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, body: isJson && text !== '' ? JSON.parse(text) : text };
}

/** Asserts an RFC 9457 problem of this status and kind; returns the document. */
export function expectProblem(answer: Answer, status: number, kind: string) {
  const where = JSON.stringify(answer.body);
  expect(answer.status, where).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body, where).toMatchObject({
    type: `https://atlas.dev/problems/${kind}`,
    status,
    title: expect.any(String),
    detail: expect.any(String),
  });
  return answer.body as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: { pointer: string; detail: string }[];
  };
}

/** The pointers of a validation problem, sorted. */
export function pointersOf(answer: Answer): string[] {
  const document = expectProblem(answer, 400, 'validation');
  expect(Array.isArray(document.errors), 'a validation problem lists its errors').toBe(true);
  return document.errors!.map((e) => e.pointer).sort();
}

/** Real ids to put into path templates, by the kind of resource a parameter names. */
export interface Ids {
  organization: string;
  project: string;
  task: string;
  user: number;
}

/** The collection a path parameter follows says which id it takes (`/organizations/{id}`). */
const idAfter: Record<string, keyof Ids> = {
  organizations: 'organization',
  projects: 'project',
  tasks: 'task',
  members: 'user',
  users: 'user',
};

/**
 * `/api/v1/tasks/{id}/start` → `/api/v1/tasks/<task id>/start`. A parameter after an unknown
 * collection fails loudly, so that a new route cannot slip through the route-wide tests untested.
 */
export function fillPath(template: string, ids: Ids): string {
  const segments = template.split('/');
  return segments
    .map((segment, i) => {
      if (!/^\{\w+\}$/.test(segment)) return segment;
      // The audit route takes a whole stream name: the organization's is the one every test has.
      if (segments[i - 1] === 'streams') return `atlas-organization-${ids.organization}`;
      const kind = idAfter[segments[i - 1] ?? ''];
      if (kind === undefined)
        throw new Error(`no id for ${segment} in ${template}: teach fillPath which resource it names`);
      return encodeURIComponent(String(ids[kind]));
    })
    .join('/');
}

export interface Operation {
  method: string;
  /** OpenAPI template, e.g. `/api/v1/tasks/{id}/start`. */
  path: string;
  requiresToken: boolean;
  /** The JSON schema of the body, when the route takes one. */
  body?: { properties?: Record<string, unknown>; required?: string[] };
}

/** Every operation of a service, read from its own `/openapi.json`. */
export async function operationsOf(base: string): Promise<Operation[]> {
  const document = (await request(base, 'GET', '/openapi.json')).body as {
    paths: Record<
      string,
      Record<string, { security?: unknown[]; requestBody?: { content: Record<string, { schema: Operation['body'] }> } }>
    >;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      requiresToken: (operation.security ?? []).length > 0,
      ...(operation.requestBody ? { body: operation.requestBody.content['application/json']!.schema } : {}),
    })),
  );
}
