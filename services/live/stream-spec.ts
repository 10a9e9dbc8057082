/**
 * What every live stream carries besides its service's notices, and the responses a live route
 * declares: the stream (200), the outsider's 404, the per-user bound's 429.
 */
import { z } from 'zod';
import type { EventStreamSpec, Route } from '../../http/index.js';

export type NoticeEvents = EventStreamSpec['events'];

const Reason = z.object({ reason: z.string() });

/** The stream's own events, the same on every service. */
export const streamEvents: NoticeEvents = {
  ready: {
    description:
      'Sent once at the start, after what was missed since Last-Event-ID: the stream is live from `position` ' +
      '(also its id). Fetch (again) what you show now; notices follow.',
    data: z.object({ position: z.int().nonnegative() }),
  },
  reset: {
    description: 'Last-Event-ID was too far behind (or unknown): the missed notices are not sent; refetch everything.',
    data: Reason,
  },
  expired: {
    description:
      'The access token expired and the stream ends: reconnect with a fresh token and the Last-Event-ID (its id).',
    data: Reason,
  },
};

export function liveStreamSpec(notices: NoticeEvents): EventStreamSpec {
  const clash = Object.keys(notices).filter((name) => name in streamEvents);
  if (clash.length > 0) throw new Error(`live notices may not be named ${clash.join(', ')}`);
  return { events: { ...notices, ...streamEvents }, resumable: true };
}

/** The responses of a live route. */
export function liveResponses(spec: EventStreamSpec, notFound: string): Route['responses'] {
  return {
    200: { description: 'Server-sent events (docs/live.md), until the token expires', eventStream: spec },
    404: { description: `${notFound} (problem+json)` },
    429: { description: 'Too many live streams open for this user at once (problem+json)' },
  };
}
