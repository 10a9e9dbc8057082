/**
 * The browser-test fixture. In a test file (or a `describe`):
 *
 *   const ui = useDashboard();
 *   describe.skipIf(!ui.available)('…', () => {
 *     it('…', async () => {
 *       const page = await ui.page(390);            // 390×844; 1280 is 1280×800
 *       await page.goto('/login');                   // relative to the dashboard
 *       await ui.screenshot(page, 'login');          // test-artifacts/screenshots/login-390.png
 *     });
 *   });
 *
 * Once for the file: the dashboard is built (once for the whole run, whichever file comes first:
 * `ensureDashboardBuilt` locks and then finds it fresh), the whole system starts in a child
 * process on a temp data dir and free ports, and Chromium is launched. After each test its pages
 * are closed, and the test fails if one of them had a console error, an uncaught error or a CSP
 * violation (`browser.ts`, `watchPage`). Without /usr/bin/chromium the suite fails in CI and is
 * skipped elsewhere, with a banner.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  openPage,
  overflowX,
  requireChromium,
  screenshot,
  startDashboardSystem,
  type DashboardSystem,
  type PageFaults,
  type Width,
} from './browser.js';
import { registerPerson, signInOnPage, type Person } from './people.js';

export { WIDTHS, type Width } from './browser.js';
export type { Person } from './people.js';

/** Build, start the system and launch Chromium: minutes on a loaded two-core machine. */
const START_TIMEOUT_MS = 240_000;

export interface DashboardFixture {
  /** False when Chromium is missing (outside CI): skip the suite. */
  readonly available: boolean;
  /** The running system: `urls` of the four APIs, `dashboardUrl`, `log()`. */
  readonly system: DashboardSystem;
  /** A page at `width` on a fresh context (storage of its own), watched for faults. */
  page(width: Width, options?: { colorScheme?: 'light' | 'dark' }): Promise<Page>;
  /** `test-artifacts/screenshots/<name>-<width>.png` (the whole page); answers the path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** How far the page scrolls sideways; 0 when it fits. */
  overflowX(page: Page): Promise<number>;
  /** Someone new, registered through Atlas's API (password `passwordOf(username)`). */
  register(username: string): Promise<Person>;
  /** Signs `person` in on `page` (their own tokens in the page's storage), then opens `path`. */
  signIn(page: Page, person: Person, path?: string): Promise<void>;
}

export function useDashboard(env: NodeJS.ProcessEnv = {}): DashboardFixture {
  const available = requireChromium();
  let system: DashboardSystem | undefined;
  let browser: Browser | undefined;
  let open: { context: BrowserContext; faults: PageFaults }[] = [];

  beforeAll(async () => {
    if (!available) return;
    system = await startDashboardSystem(env);
    browser = await launchChromium();
  }, START_TIMEOUT_MS);

  afterEach(async () => {
    const faults = open.flatMap((page) => page.faults.list());
    await Promise.all(open.map((page) => page.context.close()));
    open = [];
    if (faults.length > 0) throw new Error(`the page had faults:\n  ${faults.join('\n  ')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const running = (): DashboardSystem => {
    if (!system) throw new Error('the dashboard system is not running (is Chromium missing?)');
    return system;
  };

  return {
    available,
    get system() {
      return running();
    },
    async page(width, options = {}) {
      if (!browser) throw new Error('Chromium is not running (is it missing?)');
      const opened = await openPage(browser, running().dashboardUrl, width, options);
      open.push(opened);
      return opened.page;
    },
    screenshot,
    overflowX,
    register: (username) => registerPerson(running().urls.atlas, username),
    signIn: (page, person, path) => signInOnPage(page, running().urls.atlas, person, path),
  };
}
