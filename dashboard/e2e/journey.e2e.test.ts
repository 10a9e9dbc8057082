/**
 * A team lead's day in the real dashboard, in Chromium, at 1280 and 390 px, against `npm start`
 * on a temporary data dir: create an organization, a project and a task through the forms; add a
 * member by username; approve a device code on /get-token and see the device flow hand out
 * tokens; post activity through the ingest API and see the team chart change without a reload
 * (the canvas drawn, the average shown equal to the API's); complete the task and see the rating
 * change on an open performance page; open the audit view of that task. Screenshots of each step
 * are in test-artifacts/screenshots/.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useDashboard, WIDTHS, type Person } from './fixture.js';

const ui = useDashboard();

/** A minute's wait at most for what the read models and the live stream bring. */
const SETTLE = { timeout: 60_000 };
const pathOf = (page: Page) => new URL(page.url()).pathname;

async function api<T>(
  base: string,
  method: string,
  path: string,
  who: Person | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who) headers['authorization'] = `Bearer ${who.tokens.access_token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** `count` minutes of activity ending a few minutes ago, all on today's UTC date (none in the future). */
function recentMinutes(count: number, taskId: string | null): Record<string, unknown>[] {
  const now = Date.now();
  const midnight = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const last = Math.floor(now / 60_000) * 60_000 - 60_000;
  const first = Math.max(midnight, last - (count - 1) * 60_000);
  const records: Record<string, unknown>[] = [];
  for (let at = first; at <= last; at += 60_000) {
    records.push({
      id: randomUUID(),
      device_id: 'journey-laptop',
      minute_start: new Date(at).toISOString(),
      tz_offset_minutes: 0,
      active_seconds: 60,
      keystrokes: 80,
      clicks: 5,
      scrolls: 2,
      mouse_distance_px: 1500,
      task_id: taskId,
    });
  }
  return records;
}

/** Whether an ECharts canvas on the page has anything drawn on it (not one flat colour). */
async function canvasDrawn(page: Page): Promise<boolean> {
  // A script as text: it runs in the page, whose DOM this Node program's types do not know.
  return (await page.evaluate(`[...document.querySelectorAll('canvas')].some((canvas) => {
    if (canvas.width === 0 || canvas.height === 0) return false;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (!pixels) return false;
    for (let i = 4; i < pixels.length; i += 4 * 97) if (pixels[i] !== pixels[0] || pixels[i + 3] !== pixels[3]) return true;
    return false;
  })`)) as boolean;
}

describe.skipIf(!ui.available).each(WIDTHS)('a team lead at %i px', (width) => {
  it('runs an organization, connects a device, watches the team live, rates and audits', async () => {
    const atlas = ui.system.urls.atlas;
    const crafters = ui.system.urls.codecrafters;
    const owner = await ui.register(`olga_${width}`);
    const mia = await ui.register(`mia_${width}`);
    const page = await ui.page(width);
    await ui.signIn(page, owner, '/organizations');

    // An organization, through the form.
    const orgName = `Vision Lab ${width}`;
    await page.getByLabel('Organization name').fill(orgName);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: orgName, level: 1 }).waitFor(SETTLE);
    const organizationId = pathOf(page).split('/')[2]!;
    expect(pathOf(page)).toBe(`/organizations/${organizationId}`);

    // A member, by username.
    await page.getByLabel('User id or username').fill(mia.username);
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('cell', { name: mia.username }).first().waitFor(SETTLE);

    // A project and a task in it.
    await page.getByLabel('Project name').fill('Apollo');
    await page.getByRole('button', { name: 'Create project' }).click();
    const taskForm = page.getByRole('form', { name: 'New task in Apollo' });
    await taskForm.waitFor(SETTLE);
    await taskForm.getByLabel('Title').fill('Calibrate the camera');
    await taskForm.getByRole('button', { name: 'Create task' }).click();
    const taskLink = page.getByRole('link', { name: 'Calibrate the camera' });
    await taskLink.waitFor(SETTLE);
    await ui.screenshot(page, 'journey-organization');
    expect(await ui.overflowX(page)).toBe(0);

    // The task's page: assign it to Mia.
    await taskLink.click();
    await page.getByRole('heading', { name: 'Calibrate the camera', level: 1 }).waitFor(SETTLE);
    const taskId = pathOf(page).split('/')[2]!;
    await ui.screenshot(page, 'journey-task');
    await page.getByRole('combobox', { name: /^Assign to/ }).selectOption({ label: `${mia.username} (member)` });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect
      .poll(
        async () =>
          (await api<{ assignee_id: number | null }>(atlas, 'GET', `/api/v1/tasks/${taskId}`, owner)).body.assignee_id,
        SETTLE,
      )
      .toBe(mia.id);

    // The desktop agent asks for a device code; the owner approves it on /get-token.
    const codes = await api<{ device_code: string; user_code: string; verification_uri_complete: string }>(
      atlas,
      'POST',
      '/api/v1/auth/device/code',
      null,
      { client_name: `atlas-agent on journey-${width}` },
    );
    expect(codes.status).toBe(200);
    const verification = new URL(codes.body.verification_uri_complete);
    expect(verification.pathname).toBe('/get-token');
    await page.goto(`${verification.pathname}${verification.search}`);
    await expect.poll(() => page.getByLabel('Device code').inputValue()).toBe(codes.body.user_code);
    await page.getByText(`atlas-agent on journey-${width}`).first().waitFor(SETTLE);
    await ui.screenshot(page, 'journey-device-pending');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('The device is connected. You can close this page.').waitFor(SETTLE);
    await ui.screenshot(page, 'journey-device-connected');
    const redeemed = await api<{ access_token: string; refresh_token: string }>(
      atlas,
      'POST',
      '/api/v1/auth/device/token',
      null,
      { device_code: codes.body.device_code },
    );
    expect(redeemed.status).toBe(200);
    const asDevice = await fetch(`${atlas}/api/v1/me`, {
      headers: { authorization: `Bearer ${redeemed.body.access_token}` },
    });
    expect(((await asDevice.json()) as { id: number }).id).toBe(owner.id);

    // Mia's minutes count for this organization; the owner watches the team view.
    const profile = await api(crafters, 'PUT', `/api/v1/productivity/profiles/${mia.id}`, mia, {
      default_organization_id: organizationId,
    });
    expect(profile.status).toBe(200);
    const records = recentMinutes(90, taskId);
    const from = String(records[0]!['minute_start']).slice(0, 10);
    const to = new Date().toISOString().slice(0, 10);
    const team = await ui.page(width);
    await ui.signIn(team, owner, `/organizations/${organizationId}/productivity?from=${from}&to=${to}`);
    await team.getByRole('heading', { name: /Team productivity/, level: 1 }).waitFor(SETTLE);
    await team
      .getByText(/No activity|no activity/)
      .first()
      .waitFor(SETTLE);
    await team.evaluate(() => ((globalThis as unknown as { journeyMarker: number }).journeyMarker = 42));

    const logged = await api<{ accepted?: number }>(crafters, 'POST', '/api/v1/activity/log', mia, { records });
    expect(logged.status).toBeLessThan(300);

    const average = team.getByTestId('team-average');
    await average.waitFor(SETTLE);
    const answer = await api<{ average_productive_hours_per_day: number }>(
      crafters,
      'GET',
      `/api/v1/productivity/teams/${organizationId}?from=${from}&to=${to}`,
      owner,
    );
    expect(answer.body.average_productive_hours_per_day).toBeGreaterThan(0);
    await expect.poll(() => average.textContent(), SETTLE).toBe(String(answer.body.average_productive_hours_per_day));
    // No reload happened: the marker set before the batch is still on the page.
    expect(await team.evaluate(() => (globalThis as unknown as { journeyMarker?: number }).journeyMarker)).toBe(42);
    await expect.poll(() => canvasDrawn(team), SETTLE).toBe(true);
    await ui.screenshot(team, 'journey-team-live');
    expect(await ui.overflowX(team)).toBe(0);

    // The performance page is open while Mia completes her task: her rating changes on it.
    const performance = await ui.page(width);
    await ui.signIn(performance, owner, `/organizations/${organizationId}/performance`);
    const rating = performance.getByTestId(`rating-${mia.id}`).first();
    await rating.waitFor(SETTLE);
    const before = (await rating.textContent())?.trim();
    const asMia = await ui.page(width);
    await ui.signIn(asMia, mia, `/tasks/${taskId}`);
    await asMia.getByRole('button', { name: 'Complete', exact: true }).click();
    await asMia
      .getByText(/completed/i)
      .first()
      .waitFor(SETTLE);
    await expect.poll(async () => (await rating.textContent())?.trim(), SETTLE).not.toBe(before);
    await ui.screenshot(performance, 'journey-rating-changed');

    // The audit view of that task: who did what, when.
    await page.goto(`/audit/task/${taskId}`);
    await page.getByText('Task completed').first().waitFor(SETTLE);
    await page.getByText('Task created').first().waitFor(SETTLE);
    await page.getByText(mia.username).first().waitFor(SETTLE);
    await ui.screenshot(page, 'journey-audit');
    expect(await ui.overflowX(page)).toBe(0);
  });
});
