/**
 * The dashboard in Chromium (the real build, served by the system's dashboard part):
 *
 * - initial load: the gzip size of the JavaScript and CSS a fresh load of a page fetches, from
 *   Chromium's network events, each file gzipped from dashboard/dist at level 9; for /login and
 *   for a signed-in /organizations/<id>/productivity. Target (the dashboard's issue): at most
 *   400 kB (1 kB = 1,000 bytes, as Vite prints sizes), shown as the ratio to it.
 *
 * - live-update latency (`live-latency.ts`): from an agent batch accepted to the figure changing
 *   in an open team page, p50 and p99, at a steady load; target p99 at most 1 s.
 *
 * Each figure is one `DashboardMeasure` of the list at the end, all on one system, one browser
 * and one signed-up person.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { chromiumAvailable, launchChromium, openPage, startDashboardSystem } from '../dashboard/e2e/browser.js';
import { logIn, registerPerson } from '../dashboard/e2e/people.js';
import { DASHBOARD_DIR } from '../system/dashboard/build.js';
import { figure, type Bench, type Figure } from './figure.js';
import type { DashboardBenchContext, DashboardMeasure } from './dashboard-measure.js';
import { liveUpdateLatency } from './live-latency.js';

const TARGET_KB = 400;

/** The same-origin JS and CSS files a fresh load of `target` fetches (a new context: no cache). */
async function assetsLoaded(context: DashboardBenchContext, target: string, signedIn: boolean): Promise<string[]> {
  const origin = new URL(context.system.dashboardUrl).origin;
  const { context: browserContext, page } = await openPage(context.browser, context.system.dashboardUrl, 1280);
  try {
    if (signedIn) {
      const tokens = await logIn(context.system.urls.atlas, context.person.username, context.person.password);
      const session = JSON.stringify({
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        expires_at: Date.now() + tokens.expires_in * 1000,
      });
      // Signed in before the page's first script runs, so that the first load is of `target` itself.
      await browserContext.addInitScript({
        content: `if (!localStorage.getItem('atlas.session')) localStorage.setItem('atlas.session', ${JSON.stringify(session)});`,
      });
    }
    const assets = new Set<string>();
    page.on('response', (response) => {
      const url = new URL(response.url());
      const type = response.request().resourceType();
      if (url.origin === origin && (type === 'script' || type === 'stylesheet') && response.ok())
        assets.add(url.pathname);
    });
    // Not 'networkidle': a signed-in view keeps its live streams open. Its heading is drawn once
    // its own chunk (and the charts' with it) has run.
    await page.goto(target, { waitUntil: 'load' });
    await page.locator('main h1').first().waitFor({ timeout: 30_000 });
    if (new URL(page.url()).pathname !== target.split('?')[0])
      throw new Error(`the bench asked for ${target} and landed on ${page.url()}`);
    return [...assets].sort();
  } finally {
    await browserContext.close();
  }
}

const gzipKb = (pathname: string): number =>
  gzipSync(readFileSync(path.join(DASHBOARD_DIR, 'dist', ...pathname.split('/').filter(Boolean))), {
    level: constants.Z_BEST_COMPRESSION,
  }).length / 1000;

/** The initial load's JS + CSS, gzipped, for the sign-in page and a signed-in team page. */
const initialLoad: DashboardMeasure = async (context) => {
  const pages = [
    { name: '/login', target: '/login', signedIn: false },
    {
      name: '/organizations/:id/productivity (signed in)',
      target: `/organizations/${context.person.personal_organization_id}/productivity`,
      signedIn: true,
    },
  ];
  const figures: Figure[] = [];
  for (const { name, target, signedIn } of pages) {
    const assets = await assetsLoaded(context, target, signedIn);
    const sizes = assets.map((asset) => ({ asset, kb: gzipKb(asset) }));
    const total = sizes.reduce((sum, { kb }) => sum + kb, 0);
    process.stdout.write(
      `  ${name}: ${sizes.map(({ asset, kb }) => `${path.basename(asset)} ${kb.toFixed(1)}`).join(', ')} kB\n`,
    );
    figures.push(
      figure(
        `dashboard initial load, ${name}: JS+CSS gzip`,
        'kB',
        total,
        { name: 'the target', value: TARGET_KB },
        { value: TARGET_KB, better: 'lower' },
      ),
    );
  }
  return figures;
};

const measures: DashboardMeasure[] = [initialLoad, liveUpdateLatency];

async function benchDashboard(): Promise<Figure[]> {
  if (!chromiumAvailable()) {
    process.stdout.write('  skipped: the dashboard bench needs /usr/bin/chromium\n');
    return [];
  }
  const system = await startDashboardSystem();
  const browser = await launchChromium();
  try {
    const person = await registerPerson(system.urls.atlas, 'bench_dashboard');
    const figures: Figure[] = [];
    for (const measure of measures) figures.push(...(await measure({ system, browser, person })));
    return figures;
  } finally {
    await browser.close();
    await system.stop();
  }
}

export const dashboardBench: Bench = { name: 'dashboard in Chromium (real build, real system)', run: benchDashboard };
