/** What each dashboard bench measure is given: one system, one browser, one signed-up person. */
import type { Browser } from 'playwright-core';
import type { DashboardSystem } from '../dashboard/e2e/browser.js';
import type { Person } from '../dashboard/e2e/people.js';
import type { Figure } from './figure.js';

export interface DashboardBenchContext {
  system: DashboardSystem;
  browser: Browser;
  /** Signed up, owner (so manager) of their personal organization. */
  person: Person;
}

export type DashboardMeasure = (context: DashboardBenchContext) => Promise<Figure[]>;
