/**
 * The services' health: whether they answer at all (before anything is written), and, at the
 * end, waiting until their projections have caught up with the log, so that the dashboard shows
 * the whole demo when it is opened. Both read `GET /healthz`, which lists each projection's lag.
 */
import { call, Unreachable } from './api/http.js';
import { Health } from './api/schemas.js';
import type { DemoUrls } from './settings.js';

const SERVICES = ['atlas', 'nexacore', 'codecrafters', 'scoresquad'] as const;

/** The URLs that do not answer (empty when all four do). */
export async function unreachable(urls: DemoUrls): Promise<string[]> {
  const answers = await Promise.all(
    SERVICES.map(async (service) => {
      try {
        await call('GET', `${urls[service]}/healthz`, Health, { timeoutMs: 5_000 });
        return null;
      } catch (error) {
        if (error instanceof Unreachable) return urls[service];
        throw error;
      }
    }),
  );
  return answers.filter((url): url is string => url !== null);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no projection is behind the log (at most `timeoutMs`); answers whether they caught up. */
export async function caughtUp(urls: DemoUrls, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const healths = await Promise.all(SERVICES.map((s) => call('GET', `${urls[s]}/healthz`, Health)));
    const behind = healths.flatMap((h) => h.projections ?? []).some((p) => p.events_behind > 0);
    if (!behind) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}
