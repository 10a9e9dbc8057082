/**
 * Tests only: talking to Atlas and ScoreSquad over real HTTP as real users (registered and logged
 * in through Atlas), polling eventually consistent reads with a deadline, and forging tokens.
 */
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { expect } from 'vitest';
import { PASSWORD, request, type Answer } from '../atlas/fixture.js';

export { expectProblem, request, type Answer } from '../atlas/fixture.js';

export interface Person {
  id: number;
  token: string;
  /** The personal organization made at registration. */
  personal: string;
}

export function ok(answer: Answer, status = 200) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
}

const as = (base: string) => (who: Person | null, method: string, path: string, body?: unknown) =>
  request(base, method, path, { ...(who ? { token: who.token } : {}), ...(body === undefined ? {} : { body }) });

export function clients(atlas: string, squad: string) {
  const onAtlas = as(atlas);
  return {
    onAtlas,
    onSquad: as(squad),
    /** Registers and logs in (once: scrypt makes each login cost). */
    async person(username: string): Promise<Person> {
      const body = { username, email: `${username}@example.com`, password: PASSWORD };
      const registered = ok(await request(atlas, 'POST', '/api/v1/auth/register', { body }), 201);
      const tokens = ok(await request(atlas, 'POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } }));
      return { id: registered.id, token: tokens.access_token, personal: registered.organization.id };
    },
    /** A task in the project, assigned; its id. */
    async task(by: Person, projectId: string, assignee: Person, due_date: string | null): Promise<string> {
      const created = ok(
        await onAtlas(by, 'POST', `/api/v1/projects/${projectId}/tasks`, {
          title: 'Ship it',
          ...(due_date ? { due_date } : {}),
        }),
        201,
      );
      ok(await onAtlas(by, 'POST', `/api/v1/tasks/${created.id}/assign`, { user_id: assignee.id }));
      return created.id;
    },
  };
}

/** Polls a read until it satisfies `done` (reads are eventually consistent), with a deadline. */

export async function eventually(read: () => Promise<Answer>, done: (body: any) => boolean): Promise<any> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await read();
    if (answer.status === 200 && done(answer.body)) return answer.body;
    if (Date.now() > deadline) throw new Error(`still not there: ${answer.status} ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Tokens that must not pass: signed by a stranger's key under Atlas's kid, and a real token whose
 * `sub` was edited afterwards.
 */
export async function forgedTokens(atlas: string, real: string, asUserId: number): Promise<string[]> {
  const jwks = ok(await request(atlas, 'GET', '/.well-known/jwks.json'));
  const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const forged = jwt.sign({ username: 'someone' }, stranger, {
    algorithm: 'ES256',
    keyid: jwks.keys[0].kid,
    issuer: 'atlas',
    audience: 'atlas-services',
    subject: String(asUserId),
    expiresIn: 900,
  });
  const [header, payload, signature] = real.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: String(asUserId) };
  const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  return [forged, tampered, 'not.a.token'];
}
