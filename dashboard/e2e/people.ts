/**
 * People for the browser suites, made through the real Atlas API, and signed in on a page the way
 * the dashboard keeps a session (`localStorage['atlas.session']`, dashboard/src/stores/session.ts),
 * for suites about something else than signing in.
 */
import type { Page } from 'playwright-core';

export interface Person {
  id: number;
  username: string;
  password: string;
  personal_organization_id: string;
  tokens: { access_token: string; refresh_token: string; expires_in: number };
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const passwordOf = (username: string): string => `pw-${username}-correct-horse`;

export async function logIn(atlasUrl: string, username: string, password = passwordOf(username)) {
  return json<Person['tokens']>(await post(`${atlasUrl}/api/v1/auth/login`, { username, password }), 'login');
}

export async function registerPerson(atlasUrl: string, username: string): Promise<Person> {
  const password = passwordOf(username);
  const user = await json<{ id: number; personal_organization_id: string }>(
    await post(`${atlasUrl}/api/v1/auth/register`, { username, email: `${username}@example.com`, password }),
    'register',
  );
  return {
    id: user.id,
    username,
    password,
    personal_organization_id: user.personal_organization_id,
    tokens: await logIn(atlasUrl, username, password),
  };
}

/** The session as the dashboard keeps it (dashboard/src/stores/session.ts). */
export interface StoredSession {
  access_token: string;
  refresh_token: string;
  /** Epoch ms when the access token expires. */
  expires_at: number;
}

const SESSION_KEY = 'atlas.session';

/** The page's `window`, as far as these functions use it (they run in the page). */
interface PageWindow {
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

export async function readSession(page: Page): Promise<StoredSession | null> {
  const text = await page.evaluate<string | null, string>(
    (key) => (globalThis as unknown as PageWindow).localStorage.getItem(key),
    SESSION_KEY,
  );
  return text === null ? null : (JSON.parse(text) as StoredSession);
}

export async function writeSession(page: Page, session: StoredSession): Promise<void> {
  await page.evaluate<void, [string, string]>(
    ([key, value]) => (globalThis as unknown as PageWindow).localStorage.setItem(key, value),
    [SESSION_KEY, JSON.stringify(session)],
  );
}

/** Signs `person` in on `page` with tokens of their own, then opens `path`. */
export async function signInOnPage(page: Page, atlasUrl: string, person: Person, path = '/'): Promise<void> {
  const tokens = await logIn(atlasUrl, person.username, person.password);
  await page.goto('/login');
  await writeSession(page, {
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    expires_at: Date.now() + tokens.expires_in * 1000,
  });
  await page.goto(path);
}
