/**
 * How long a live stream waits before it connects again: the server's `retry` hint (or a second)
 * after the first failure, doubled after each failure in a row up to a ceiling, with "equal
 * jitter" (half fixed, half random) so that many tabs a restart dropped do not all come back in
 * the same instant. Pure: the random number is an argument.
 */
export interface BackoffOptions {
  /** The base delay: the server's `retry` hint, else 1 s. */
  baseMs?: number;
  /** The ceiling (never below the base). Default 30 s. */
  maxMs?: number;
  /** A number in [0, 1). */
  random?: number;
}

export function reconnectDelay(
  failures: number,
  { baseMs = 1000, maxMs = 30_000, random = 0.5 }: BackoffOptions = {},
): number {
  const ceiling = Math.max(maxMs, baseMs);
  const step = Math.min(ceiling, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + (step / 2) * random);
}
