/**
 * Signing in, in the real dashboard in Chromium, at 1280 and 390 px: register through the form,
 * land signed in, sign out, sign in through /login, reload a deep link and stay signed in; then
 * the session ends under the page (its refresh token revoked in the API, its access token
 * expired) and the next page is the sign-in page saying so. Screenshots of each step are in
 * test-artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn, passwordOf, readSession, writeSession } from './people.js';
import { useDashboard, WIDTHS } from './fixture.js';

const ui = useDashboard();
const ENDED = 'Your session has ended. Sign in again to go on.';

const signedIn = (page: Page) => page.getByRole('button', { name: 'Sign out' }).waitFor();
const pathOf = (page: Page) => new URL(page.url()).pathname;

describe.skipIf(!ui.available).each(WIDTHS)('signing in at %i px', (width) => {
  it('registers, signs out and in, stays signed in on a reload, and says when the session ended', async () => {
    const username = `dana_${width}`;
    const password = passwordOf(username);
    const page = await ui.page(width);

    await page.goto('/register');
    expect(pathOf(page)).toBe('/register');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Email').fill(`${username}@example.com`);
    await page.getByLabel('Password').fill(password);
    await ui.screenshot(page, 'register');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The bar shows the session as soon as it is stored, a moment before the page moves on.
    await page.waitForURL((url) => url.pathname === '/me/productivity');
    await signedIn(page);
    expect(await ui.overflowX(page)).toBe(0);
    await ui.screenshot(page, 'signed-in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Atlas' }).waitFor();
    expect(pathOf(page)).toBe('/login');
    expect(await readSession(page)).toBeNull();

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await ui.screenshot(page, 'login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    await signedIn(page);

    // A deep link, reloaded: the server answers the app's page, and the session is still there.
    const { access_token } = await logIn(ui.system.urls.atlas, username, password);
    const me = (await (
      await fetch(`${ui.system.urls.atlas}/api/v1/me`, { headers: { authorization: `Bearer ${access_token}` } })
    ).json()) as { personal_organization_id: string };
    const deepLink = `/organizations/${me.personal_organization_id}/lab`;
    await page.goto(deepLink);
    await signedIn(page);
    await page.reload();
    await signedIn(page);
    expect(pathOf(page)).toBe(deepLink);
    await ui.screenshot(page, 'deep-link-reloaded');

    // The session ends under the page: signed out in the API, and the access token has expired.
    const session = (await readSession(page))!;
    const logout = await fetch(`${ui.system.urls.atlas}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: session.refresh_token }),
    });
    expect(logout.status).toBe(204);
    await writeSession(page, { ...session, expires_at: Date.now() - 1000 });
    await page.goto('/organizations');
    await page.getByText(ENDED).waitFor();
    expect(pathOf(page)).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/organizations');
    expect(await page.getByRole('alert').textContent()).toContain(ENDED);
    expect(await ui.overflowX(page)).toBe(0);
    await ui.screenshot(page, 'session-ended');
    await page.emulateMedia({ colorScheme: 'dark' });
    await ui.screenshot(page, 'session-ended-dark');
  });
});
