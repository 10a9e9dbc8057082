/**
 * Lets a request learn that its server is closing. `listen.ts` marks every request with its
 * server's signal; an answer that would otherwise last as long as the client stays (an event
 * stream) ends when it fires, so that `close()` does not wait for clients that never hang up.
 */
import type { IncomingMessage } from 'node:http';

const signals = new WeakMap<IncomingMessage, AbortSignal>();

export function markClosing(request: IncomingMessage, signal: AbortSignal): void {
  signals.set(request, signal);
}

/** Aborted once the server that took the request starts closing; undefined outside `listen`. */
export function closingSignalOf(request: IncomingMessage): AbortSignal | undefined {
  return signals.get(request);
}
