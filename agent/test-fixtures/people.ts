/** Users for the agent suites, made through the real Atlas and Code Crafters APIs. */
export interface Person {
  id: number;
  username: string;
  password: string;
  token: string;
  organization_id: string;
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function registerPerson(atlasUrl: string, username: string): Promise<Person> {
  const password = `pw-${username}-correct-horse`;
  const registered = await json<{ id: number; personal_organization_id: string }>(
    await fetch(`${atlasUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, email: `${username}@example.com`, password }),
    }),
    'register',
  );
  const tokens = await json<{ access_token: string }>(
    await fetch(`${atlasUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }),
    'login',
  );
  return {
    id: registered.id,
    username,
    password,
    token: tokens.access_token,
    organization_id: registered.personal_organization_id,
  };
}

export async function api<T>(
  url: string,
  token: string,
  method = 'GET',
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Work hours that hold `now` in UTC, the whole day but one minute; and a short idle threshold. */
export async function trackAllDay(codecraftersUrl: string, person: Person, idle_threshold_minutes = 1): Promise<void> {
  const answer = await api(`${codecraftersUrl}/api/v1/productivity/profiles/${person.id}`, person.token, 'PUT', {
    work_hours_start: '00:00',
    work_hours_end: '23:59',
    timezone: 'UTC',
    idle_threshold_minutes,
  });
  if (answer.status !== 200) throw new Error(`profile: ${answer.status} ${JSON.stringify(answer.body)}`);
}

export interface DayTotals {
  productive_seconds: number;
  active_minutes: number;
  keystrokes: number;
  clicks: number;
  scrolls: number;
  mouse_distance_px: number;
}

/** Code Crafters' user answer over the days that hold `fromMs`..now, added up. */
export async function serverTotals(codecraftersUrl: string, person: Person, fromMs: number): Promise<DayTotals> {
  const from = new Date(fromMs).toISOString().slice(0, 10);
  const to = new Date().toISOString().slice(0, 10);
  const answer = await api<{ days: DayTotals[] }>(
    `${codecraftersUrl}/api/v1/productivity/users/${person.id}?from=${from}&to=${to}`,
    person.token,
  );
  if (answer.status !== 200) throw new Error(`user answer: ${answer.status} ${JSON.stringify(answer.body)}`);
  const sum = (key: keyof DayTotals) => answer.body.days.reduce((total, day) => total + day[key], 0);
  return {
    productive_seconds: sum('productive_seconds'),
    active_minutes: sum('active_minutes'),
    keystrokes: sum('keystrokes'),
    clicks: sum('clicks'),
    scrolls: sum('scrolls'),
    mouse_distance_px: sum('mouse_distance_px'),
  };
}
