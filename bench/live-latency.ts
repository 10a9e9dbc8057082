/**
 * Live-update latency: from an agent batch accepted by Code Crafters (its 202) to the figure it
 * changes on an open team page in Chromium (the team's total productive hours, which every new
 * minute moves by 0.02 h at the page's rounding), p50 and p99, while a second member keeps
 * Code Crafters busy with steady batches of their own. The path measured is the whole loop: the
 * ingest's event, the projector's commit, the service's live watcher, the server-sent event
 * through the dashboard's server, the page's debounced refetch and Vue's render.
 *
 * Baseline: the batch's own answer time (POST to 202) in the same run; target: p99 at most 1 s.
 */
import { randomUUID } from 'node:crypto';
import type { DashboardBenchContext } from './dashboard-measure.js';
import { openPage } from '../dashboard/e2e/browser.js';
import { logIn, registerPerson, writeSession, type Person } from '../dashboard/e2e/people.js';
import { figure, type Figure } from './figure.js';

const SAMPLES = 60;
/** The other member's steady load: one batch of this many minutes every LOAD_EVERY_MS. */
const LOAD_MINUTES = 30;
const LOAD_EVERY_MS = 100;
const TARGET_MS = 1000;

const DAY_MS = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function minute(at: number): Record<string, unknown> {
  return {
    id: randomUUID(),
    device_id: 'bench-laptop',
    minute_start: new Date(at).toISOString(),
    tz_offset_minutes: 0,
    active_seconds: 60,
    keystrokes: 40,
    clicks: 3,
    scrolls: 1,
    mouse_distance_px: 900,
    task_id: null,
  };
}

async function postBatch(url: string, who: Person, records: Record<string, unknown>[]): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/activity/log`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${who.tokens.access_token}` },
    body: JSON.stringify({ records }),
  });
  await response.arrayBuffer();
  if (response.status !== 202 && response.status !== 200)
    throw new Error(`the ingest answered ${response.status} to the bench's batch`);
  return performance.now() - started;
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

export async function liveUpdateLatency({ system, browser, person }: DashboardBenchContext): Promise<Figure[]> {
  const crafters = system.urls.codecrafters;
  // Yesterday (UTC) has 1,440 free minutes whatever the time of day; the page shows yesterday and today.
  const yesterday = Date.parse(`${utcDate(Date.now() - DAY_MS)}T00:00:00Z`);
  const range = `?from=${utcDate(yesterday)}&to=${utcDate(Date.now())}`;
  const target = `/organizations/${person.personal_organization_id}/productivity${range}`;

  const { context, page } = await openPage(browser, system.dashboardUrl, 1280);
  const loader = await registerPerson(system.urls.atlas, `bench_load_${Date.now() % 1_000_000}`);
  let loading = true;
  const load = (async () => {
    // The loader's own minutes: today, walking back from now, in their personal organization.
    let at = Math.floor(Date.now() / 60_000) * 60_000 - 60_000 - 2 * DAY_MS;
    while (loading) {
      const records = Array.from({ length: LOAD_MINUTES }, () => minute((at -= 60_000)));
      const sent = Date.now();
      await postBatch(crafters, loader, records);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, LOAD_EVERY_MS - (Date.now() - sent))));
    }
  })();

  try {
    const tokens = await logIn(system.urls.atlas, person.username, person.password);
    await page.goto('/login');
    await writeSession(page, {
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      expires_at: Date.now() + tokens.expires_in * 1000,
    });
    // A first minute, so that the figure is on the page before the samples.
    await postBatch(crafters, person, [minute(yesterday)]);
    await page.goto(target);
    const total = page.getByTestId('team-total-hours');
    await total.waitFor({ timeout: 60_000 });
    await page.locator('[role="status"][data-state="live"]').waitFor({ timeout: 30_000 });
    // Each change of the figure, stamped in the page with the wall clock (the same machine's).
    // (A script as text: it runs in the page, whose DOM this Node program's types do not know.)
    await page.evaluate(`(() => {
      const target = document.querySelector('[data-testid="team-total-hours"]');
      const seen = (globalThis.benchChanges = []);
      new MutationObserver(() => seen.push({ at: Date.now(), text: target.textContent })).observe(target, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    })()`);

    const latencies: number[] = [];
    const answers: number[] = [];
    for (let i = 1; i <= SAMPLES; i++) {
      const before = (await page.evaluate('globalThis.benchChanges.length')) as number;
      const answerMs = await postBatch(crafters, person, [minute(yesterday + i * 60_000)]);
      const accepted = Date.now();
      answers.push(answerMs);
      const changedAt = await page.waitForFunction(
        (count) => {
          const seen = (globalThis as unknown as { benchChanges: { at: number }[] }).benchChanges;
          return seen.length > count ? seen[count]!.at : false;
        },
        before,
        { timeout: 30_000, polling: 10 },
      );
      latencies.push(((await changedAt.jsonValue()) as number) - accepted);
      // Steady, not back to back: the next batch a moment after the page settled.
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    latencies.sort((a, b) => a - b);
    answers.sort((a, b) => a - b);
    process.stdout.write(
      `  ${SAMPLES} batches under a steady load of ${LOAD_MINUTES}-minute batches every ${LOAD_EVERY_MS} ms\n`,
    );
    return [
      figure('live update, batch accepted → figure changed in the open page, p50', 'ms', quantile(latencies, 0.5), {
        name: 'the batch’s answer time p50',
        value: quantile(answers, 0.5),
      }),
      figure(
        'live update, batch accepted → figure changed in the open page, p99',
        'ms',
        quantile(latencies, 0.99),
        { name: 'the batch’s answer time p99', value: quantile(answers, 0.99) },
        { value: TARGET_MS, better: 'lower' },
      ),
    ];
  } finally {
    loading = false;
    await load.catch(() => undefined);
    await context.close();
  }
}
