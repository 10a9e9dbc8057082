/**
 * A service's live streams: its one watcher, the per-user bound, and the opening of a stream,
 * whose every refusal (404, 429, 503) comes before the stream starts, as a problem document.
 *
 * Opening, in order: reserve one of the user's streams; join the watcher, which gives its
 * position; read the viewer (after that position is known, so that the role read is at least as
 * new as the position, and role changes after it come through the stream); read what a resumed
 * stream missed; then start the stream. It ends when the token expires (`event: expired`), the
 * client goes away, or the server closes; then it leaves the watcher and frees its slot.
 */
import type Koa from 'koa';
import {
  accessTokenExpiry,
  openEventStream,
  tooManyRequests,
  type AtlasUser,
  type EventStreamSpec,
  type KitContext,
  type RouteResult,
} from '../../http/index.js';
import type { ServiceDeps } from '../service.js';
import { missedItems, type Missed } from './backlog.js';
import { LiveConnection } from './connection.js';
import type { LiveSource, Viewer } from './notice.js';
import { defaultLiveSettings, type LiveSettings } from './settings.js';
import { liveStreamSpec, type NoticeEvents } from './stream-spec.js';
import { LiveWatcher, type Release } from './watcher.js';

export interface OpenRequest {
  user: AtlasUser;
  /** The parsed `Last-Event-ID` header (`parseLastEventId`), checked before anything else. */
  lastEventId: number | undefined;
  /** The viewer as the read models have them now, or the route's refusal (404). */
  viewer(): Promise<Viewer>;
}

/** The longest timer Node keeps (about 24.8 days); a token lives far less. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class LiveHub {
  readonly watcher: LiveWatcher;
  readonly spec: EventStreamSpec;
  readonly #deps: Pick<ServiceDeps, 'events'>;
  readonly #source: LiveSource;
  readonly #settings: LiveSettings;
  readonly #open = new Map<number, number>();

  constructor(
    deps: Pick<ServiceDeps, 'events' | 'lag' | 'logger'>,
    source: LiveSource,
    notices: NoticeEvents,
    settings: Partial<LiveSettings> = {},
  ) {
    this.#deps = deps;
    this.#source = source;
    this.#settings = { ...defaultLiveSettings, ...settings };
    this.spec = liveStreamSpec(notices);
    this.watcher = new LiveWatcher(deps, source, this.#settings);
  }

  /** Streams open now, of one user or of everyone. */
  streams(userId?: number): number {
    if (userId !== undefined) return this.#open.get(userId) ?? 0;
    let total = 0;
    for (const count of this.#open.values()) total += count;
    return total;
  }

  async open(ctx: KitContext, request: OpenRequest): Promise<RouteResult> {
    const userId = request.user.user_id;
    const free = this.#reserve(userId);
    const buffered: Release[] = [];
    let deliver: ((release: Release) => void) | undefined;
    let leave: (() => void) | undefined;
    try {
      const joined = await this.watcher.join((release) => (deliver ? deliver(release) : buffered.push(release)));
      leave = joined.leave;
      const viewer = await request.viewer();
      const missed: Missed | undefined =
        request.lastEventId === undefined
          ? undefined
          : await missedItems(this.#deps.events, this.#source, {
              after: request.lastEventId,
              upTo: joined.position,
              max: this.#settings.maxBacklog,
              pageSize: this.#settings.pageSize,
            });

      // Nothing is refused from here on: the answer is the stream.
      const stream = openEventStream(ctx, this.spec, {
        retryMs: this.#settings.retryMs,
        heartbeatMs: this.#settings.heartbeatMs,
      });
      const log = ctx.state.log;
      const connection = new LiveConnection(stream, this.#source, viewer, log);
      connection.start(joined.position, missed);
      for (const release of buffered.splice(0)) connection.release(release);
      deliver = (release) => connection.release(release);

      const expiresAt = accessTokenExpiry(ctx);
      const expiry =
        expiresAt === undefined
          ? undefined
          : setTimeout(() => connection.expire(), Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS)).unref();
      const ended = () => {
        clearTimeout(expiry);
        joined.leave();
        free();
        log.info({ live: this.#source.name, notices: connection.sent }, 'live stream ended');
      };
      if (stream.closed.aborted) ended();
      else stream.closed.addEventListener('abort', ended, { once: true });
      return { status: 200, body: stream.body, headers: { ...stream.headers } };
    } catch (error) {
      leave?.();
      free();
      throw error;
    }
  }

  /** One more stream for the user, or a 429; the function frees it (once). */
  #reserve(userId: number): () => void {
    const open = this.#open.get(userId) ?? 0;
    if (open >= this.#settings.maxPerUser) {
      throw tooManyRequests(
        `at most ${this.#settings.maxPerUser} live streams per user are open at once here: close one first`,
        5,
      );
    }
    this.#open.set(userId, open + 1);
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      const left = (this.#open.get(userId) ?? 1) - 1;
      if (left > 0) this.#open.set(userId, left);
      else this.#open.delete(userId);
    };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app's state and context
const hubs = new WeakMap<Koa<any, any>, LiveHub>();

/** Remembers the live hub of a service's app, for `liveHubOf`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app's state and context
export function withLiveHub<App extends Koa<any, any>>(app: App, hub: LiveHub): App {
  hubs.set(app, hub);
  return app;
}

/** The live hub of a service's app (tests: how many streams are open, whether the watcher runs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app's state and context
export function liveHubOf(app: Koa<any, any>): LiveHub {
  const hub = hubs.get(app);
  if (!hub) throw new Error('this app has no live route');
  return hub;
}
