/**
 * When to try again after a failed send: exponential backoff with full jitter (a random wait
 * between zero and a doubling ceiling, capped), never sooner than the server's `Retry-After`.
 * Full jitter spreads ten thousand agents that lost the server at the same moment.
 */
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 10 * 60_000;

export function backoffMs(
  failures: number,
  retryAfterSeconds: number | null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}

/** The agent's second of each minute for its regular send: fixed per agent, spread over the minute. */
export function sendOffsetMs(random: () => number = Math.random): number {
  return Math.floor(random() * 60_000);
}

/** The next regular send after `now`: the agent's offset within the next minute boundary. */
export function nextSendAt(now: number, offsetMs: number): number {
  const minute = Math.floor(now / 60_000) * 60_000;
  const at = minute + offsetMs;
  return at > now ? at : at + 60_000;
}
