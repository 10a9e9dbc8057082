/**
 * The real dashboard in Debian's Chromium, for the browser suites (`fixture.ts`) and the bench
 * (`bench/dashboard.ts`): the whole system in a child process with the dashboard among its parts,
 * Chromium through playwright-core, pages at the two widths the dashboard is made for, what goes
 * wrong on a page (console errors, uncaught errors, CSP violations), and screenshots in
 * `test-artifacts/screenshots/` (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, removeDir, startSystem, tempDir, type SystemProcess } from '../../agent/test-fixtures/processes.js';
import { ensureDashboardBuilt } from '../../system/dashboard/build.js';
import { dashboardServices, prefixOf } from '../services.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
];
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

/** The widths the dashboard is made for: a laptop and a phone. */
export const VIEWPORTS = { 1280: { width: 1280, height: 800 }, 390: { width: 390, height: 844 } } as const;
export type Width = keyof typeof VIEWPORTS;
export const WIDTHS = [1280, 390] as const satisfies readonly Width[];

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

/** In CI a suite that cannot run fails; on a laptop without Chromium it is skipped, with a banner. */
export function requireChromium(): boolean {
  if (chromiumAvailable()) return true;
  if (process.env.CI)
    throw new Error(`${CHROMIUM} is required in CI for the browser suites (apt-get install chromium)`);
  console.warn(`\n*** dashboard browser suites skipped: ${CHROMIUM} is missing (apt-get install chromium) ***\n`);
  return false;
}

/** Playwright starts it on a fresh profile (a user-data dir of its own, removed on close). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/** The dashboard's build, made once for every suite of a run (`ensureDashboardBuilt` locks and skips when fresh). */
export async function buildDashboardOnce(): Promise<void> {
  await ensureDashboardBuilt({ onProgress: (message) => console.log(`dashboard e2e: ${message}`) });
}

/** The whole system as `npm start` runs it, with the dashboard, on a temp data dir and free ports. */
export interface DashboardSystem extends SystemProcess {
  dashboardUrl: string;
}

export async function startDashboardSystem(env: NodeJS.ProcessEnv = {}): Promise<DashboardSystem> {
  await buildDashboardOnce();
  const dataDir = tempDir('atlas-dashboard-e2e-');
  const system = await startSystem(dataDir, env, { parts: 'all' });
  return {
    ...system,
    dashboardUrl: system.dashboardUrl!,
    async stop() {
      await system.stop();
      removeDir(dataDir);
    },
  };
}

/**
 * What went wrong on a page: console errors, uncaught errors and CSP violations. A service's
 * refusal (a 4xx from `/<service>/…`) is not one: Chromium logs it as a console error, but the
 * page is meant to show it (tests check what is shown). A 5xx, or a missing file, is.
 */
export interface PageFaults {
  list(): string[];
}

const API_PREFIXES = dashboardServices.map((service) => `${prefixOf(service)}/`);
const REFUSED = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

export async function watchPage(context: BrowserContext, page: Page): Promise<PageFaults> {
  const faults: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    if (
      REFUSED.test(message.text()) &&
      API_PREFIXES.some((prefix) => new URL(where, 'http://x').pathname.startsWith(prefix))
    )
      return;
    faults.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => faults.push(`uncaught: ${error.message}`));
  await context.exposeBinding('__atlasCspViolation', (_source, text: string) => faults.push(`CSP violation: ${text}`));
  // Runs in the page, before its own scripts (a string: this file is typed for Node, not the DOM).
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      window.__atlasCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
        ' at ' + event.sourceFile + ':' + event.lineNumber);
    });`,
  });
  return { list: () => [...faults] };
}

/** A page at `width`, on a context of its own (its own storage: its own session). */
export async function openPage(
  browser: Browser,
  baseURL: string,
  width: Width,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page; faults: PageFaults }> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[width],
    baseURL,
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const faults = await watchPage(context, page);
  return { context, page, faults };
}

/** Saves the whole page as `test-artifacts/screenshots/<name>-<width>.png`; answers the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}-${page.viewportSize()?.width ?? 'page'}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** How far the page scrolls sideways (0: it fits the width, as it must at 390 px). */
export const overflowX = (page: Page): Promise<number> =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
