/**
 * The services' live streams (server-sent events), read with fetch() because EventSource cannot
 * send the bearer token. The contract the services follow:
 *
 * - Code Crafters `GET /api/v1/productivity/live?organization_id=…`: `event: activity`,
 *   `data: {organization_id, user_id, dates?}`;
 * - Atlas `GET /api/v1/organizations/:id/live`: `event: organization|member|project|task`,
 *   `data: {organization_id, project_id?, task_id?, user_id?, type}`;
 * - ScoreSquad `GET /api/v1/performance/organizations/:organization_id/live`: `event: rating`,
 *   `data: {organization_id, user_id}`;
 * - every frame has `id: <global position>`, sent back as `Last-Event-ID` on a reconnection;
 *   `event: reset` means refetch everything; `event: expired` means the access token expired and
 *   the server closed the stream; `: keep-alive` every 15 s; a `retry:` hint.
 *
 * `openLive` keeps one stream open until stopped: it reconnects with backoff after an error or a
 * drop, at once with a renewed token after `expired` or a 401, and slowly (every minute) when the
 * service has no such route (404) or refuses it (403), so a view works, on its timer, without it.
 */
import { z } from 'zod';
import type { DashboardService } from '../../services.js';
import { reconnectDelay } from '../lib/backoff.js';
import type { LiveState } from '../lib/live-state.js';
import { SseParser } from '../lib/sse.js';
import { tokenSource, urlOf } from './client.js';

/** The live routes, per organization: Code Crafters' activity, Atlas's changes, ScoreSquad's ratings. */
export const livePaths = {
  activity: (organizationId: string) =>
    `/api/v1/productivity/live?organization_id=${encodeURIComponent(organizationId)}`,
  organization: (organizationId: string) => `/api/v1/organizations/${encodeURIComponent(organizationId)}/live`,
  ratings: (organizationId: string) => `/api/v1/performance/organizations/${encodeURIComponent(organizationId)}/live`,
};

/** What a notice may carry, over the three services' contracts (only the organization is always there). */
export const NoticeData = z.looseObject({
  organization_id: z.string(),
  user_id: z.number().optional(),
  dates: z.array(z.string()).optional(),
  project_id: z.string().optional(),
  task_id: z.string().optional(),
  type: z.string().optional(),
});
export type NoticeData = z.infer<typeof NoticeData>;

export interface LiveNotice {
  /** `activity`, `member`, `task`, `rating`, … or `reset` (refetch everything). */
  event: string;
  /** The frame's id (the global position), '' when it had none. */
  id: string;
  /** The data, when it is what the contract says; null otherwise (the notice still counts). */
  data: NoticeData | null;
}

export interface LiveOptions {
  service: DashboardService;
  /** The route, with its query, e.g. `/api/v1/productivity/live?organization_id=…`. */
  path: string;
  onNotice(notice: LiveNotice): void;
  onState(state: LiveState): void;
}

/** Three keep-alives missed: the connection is dead even if no error says so. */
const SILENCE_MS = 45_000;
/** A route that is not there (yet), or refused: ask again this rarely. */
const UNAVAILABLE_MS = 60_000;
/** A stream that stayed open this long was not a failure: the backoff starts over. */
const STABLE_MS = 30_000;

type Outcome =
  | { kind: 'signed-out' }
  /** The token was refused (401), or expired (`expired`) after `openMs`, and was renewed. */
  | { kind: 'renewed'; refused: boolean; openMs: number }
  | { kind: 'unavailable' }
  | { kind: 'dropped'; openMs: number };

function parseData(text: string): NoticeData | null {
  try {
    const parsed = NoticeData.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Opens the stream and keeps it open; returns what stops it. */
export function openLive(options: LiveOptions): () => void {
  const stopped = new AbortController();
  const state = { lastEventId: '', retryMs: undefined as number | undefined };

  void (async () => {
    let failures = 0;
    options.onState('connecting');
    while (!stopped.signal.aborted) {
      const outcome = await connect(options, state, stopped.signal, () => options.onState('live'));
      if (stopped.signal.aborted) break;
      switch (outcome.kind) {
        case 'signed-out':
          options.onState('off');
          return;
        case 'renewed':
          // After `expired` on a stream that served a while, straight back (the page stays "Live");
          // a refused token, or one the server calls expired at once (clocks apart), is a failure.
          if (!outcome.refused && outcome.openMs >= STABLE_MS) {
            failures = 0;
            break;
          }
          failures += 1;
          if (failures > 1) {
            await sleep(reconnectDelay(failures, { baseMs: state.retryMs, random: Math.random() }), stopped.signal);
          }
          break;
        case 'unavailable':
          failures = 0;
          options.onState('unavailable');
          await sleep(UNAVAILABLE_MS * (0.75 + Math.random() / 2), stopped.signal);
          break;
        case 'dropped':
          failures = outcome.openMs >= STABLE_MS ? 1 : failures + 1;
          options.onState('reconnecting');
          await sleep(reconnectDelay(failures, { baseMs: state.retryMs, random: Math.random() }), stopped.signal);
          break;
      }
    }
  })();

  return () => stopped.abort();
}

async function connect(
  { service, path, onNotice }: LiveOptions,
  state: { lastEventId: string; retryMs: number | undefined },
  stopped: AbortSignal,
  opened: () => void,
): Promise<Outcome> {
  const tokens = tokenSource();
  const token = tokens ? await tokens.accessToken() : null;
  if (!tokens || !token) return { kind: 'signed-out' };

  const attempt = new AbortController();
  const stop = () => attempt.abort();
  stopped.addEventListener('abort', stop, { once: true });
  const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
  if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
  let expired = false;
  let openedAt = 0;
  let silence: ReturnType<typeof setTimeout> | undefined;
  const listen = () => {
    clearTimeout(silence);
    silence = setTimeout(stop, SILENCE_MS);
  };

  try {
    const response = await fetch(urlOf(service, path), { headers, cache: 'no-store', signal: attempt.signal });
    if (response.status === 401) {
      await response.body?.cancel();
      const renewed = await tokens.renewAfterRejection(token);
      return renewed ? { kind: 'renewed', refused: true, openMs: 0 } : { kind: 'signed-out' };
    }
    if ([403, 404, 405, 501].includes(response.status)) {
      await response.body?.cancel();
      return { kind: 'unavailable' };
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
      await response.body?.cancel();
      return { kind: 'dropped', openMs: 0 };
    }

    openedAt = Date.now();
    opened();
    listen();
    const parser = new SseParser(
      {
        message: ({ type: event, data, lastEventId }) => {
          if (event === 'expired') {
            expired = true;
            stop();
            return;
          }
          onNotice({ event, id: lastEventId, data: event === 'reset' ? null : parseData(data) });
        },
        retry: (ms) => (state.retryMs = ms),
      },
      state.lastEventId,
    );
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        listen();
        parser.feed(value);
        state.lastEventId = parser.lastEventId;
      }
    } finally {
      parser.end();
      state.lastEventId = parser.lastEventId;
      void reader.cancel().catch(() => undefined);
    }
  } catch {
    // a network error, the silence timer, `expired`, or stop: decided below
  } finally {
    clearTimeout(silence);
    stopped.removeEventListener('abort', stop);
  }

  const openMs = openedAt ? Date.now() - openedAt : 0;
  if (expired) {
    return (await tokens.renewAfterRejection(token))
      ? { kind: 'renewed', refused: false, openMs }
      : { kind: 'signed-out' };
  }
  return { kind: 'dropped', openMs };
}
