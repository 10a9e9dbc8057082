/**
 * Text that should never be stored is refused (issue 8, part 5), over real HTTP in the real
 * system: names and titles refuse C0/C1 control characters, lone surrogates and bidi override and
 * isolate controls with a 400 that points at the field; free text (descriptions, comments) refuses
 * NUL and lone surrogates but keeps lines and tabs; a JSON body in another charset than UTF-8 is a
 * 415. Each case is tried on every route that takes such a field, and nothing is echoed back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, request, type Answer } from '../services/atlas/fixture.js';
import { signUp, type SignedUp } from '../services/nexacore/test-fixture.js';
import { startTestSystem, type TestSystem } from './test-system.js';

let system: TestSystem;
let owner: SignedUp;
let projectId: string;

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
const RIGHT_TO_LEFT_OVERRIDE = 'invoice\u202Etxt.exe';
const C1_CONTROL = 'a\u0085b';
const ESCAPE = 'a\u001b[31mred';
const FIRST_STRONG_ISOLATE = 'a\u2068b';

/** What no name or title may hold. */
const badNames = { NUL, LONE_SURROGATE, RIGHT_TO_LEFT_OVERRIDE, C1_CONTROL, ESCAPE, FIRST_STRONG_ISOLATE };
/** What no free text may hold. */
const badFreeText = { NUL, LONE_SURROGATE };

function expectRefusedAt(answer: Answer, pointer: string, text: string): void {
  const problem = expectProblem(answer, 400, 'validation');
  expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
  // The refused text is not echoed back.
  expect(JSON.stringify(answer.body)).not.toContain(JSON.stringify(text).slice(1, -1));
}

type Sender = [field: string, send: (text: string) => Promise<Answer>, pointer: string];

/** One test per route and bad text: a 400 at the field's pointer. */
function refusesEach(routes: readonly Sender[], texts: Record<string, string>): void {
  for (const [field, send, pointer] of routes) {
    for (const [name, text] of Object.entries(texts)) {
      it(`a ${field} with ${name} is a 400 at ${pointer}`, async () => {
        expectRefusedAt(await send(text), pointer, text);
      });
    }
  }
}

const urls = () => system.urls as Required<typeof system.urls>;
const call = (service: keyof ReturnType<typeof urls>, method: string, path: string, body: unknown) =>
  request(urls()[service], method, path, { token: owner.token, body });

beforeAll(async () => {
  system = await startTestSystem();
  owner = await signUp(urls().atlas, 'text_owner');
  const project = await call('atlas', 'POST', `/api/v1/organizations/${owner.organization_id}/projects`, {
    name: 'Clean',
  });
  expect(project.status, JSON.stringify(project.body)).toBe(201);
  projectId = project.body.id;
});

afterAll(async () => {
  await system?.stop();
});

describe('names and titles', () => {
  const routes: Sender[] = [
    ['organization name', (t) => call('atlas', 'POST', '/api/v1/organizations', { name: t }), '/body/name'],
    [
      'project name',
      (t) => call('atlas', 'POST', `/api/v1/organizations/${owner.organization_id}/projects`, { name: t }),
      '/body/name',
    ],
    ['task title', (t) => call('atlas', 'POST', `/api/v1/projects/${projectId}/tasks`, { title: t }), '/body/title'],
    [
      'lab name',
      (t) => call('nexacore', 'PATCH', `/api/v1/labs/${owner.organization_id}`, { lab_name: t }),
      '/body/lab_name',
    ],
    [
      'lab domain',
      (t) => call('nexacore', 'PATCH', `/api/v1/labs/${owner.organization_id}`, { domain: t }),
      '/body/domain',
    ],
    [
      'researcher domain',
      (t) =>
        call('nexacore', 'PUT', `/api/v1/researchers/${owner.id}`, {
          expertise_domains: ['NLP', t],
          years_experience: 3,
        }),
      '/body/expertise_domains/1',
    ],
  ];
  refusesEach(routes, badNames);

  it('a name in any script, with emoji (surrogate pairs) and inner spaces, is kept as given', async () => {
    const name = 'Équipe 東京 🚀 مختبر';
    const created = await call('atlas', 'POST', '/api/v1/organizations', { name });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.name).toBe(name);
  });
});

describe('free text', () => {
  const routes: Sender[] = [
    [
      'project description',
      (t) =>
        call('atlas', 'POST', `/api/v1/organizations/${owner.organization_id}/projects`, { name: 'P', description: t }),
      '/body/description',
    ],
    [
      'task description',
      (t) => call('atlas', 'POST', `/api/v1/projects/${projectId}/tasks`, { title: 'T', description: t }),
      '/body/description',
    ],
    [
      'review comments',
      (t) =>
        call('scoresquad', 'POST', '/api/v1/reviews', {
          employee_id: owner.id,
          organization_id: owner.organization_id,
          period: '2026-11',
          scores: { quality: 4, delivery: 4, collaboration: 4 },
          comments: t,
        }),
      '/body/comments',
    ],
    [
      'feedback comment',
      (t) =>
        call('scoresquad', 'POST', '/api/v1/feedback', {
          project_id: projectId,
          to_user_id: owner.id,
          score: 4,
          comment: t,
        }),
      '/body/comment',
    ],
  ];
  refusesEach(routes, badFreeText);

  it('a description keeps its lines and tabs', async () => {
    const description = 'First line\n\tindented\r\nthird';
    const created = await call('atlas', 'POST', `/api/v1/projects/${projectId}/tasks`, { title: 'Lines', description });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.description).toBe(description);
  });
});

describe('the body charset', () => {
  it.each(['iso-8859-1', 'utf-16', 'windows-1252'])('application/json; charset=%s is a 415', async (charset) => {
    const answer = await request(urls().atlas, 'POST', '/api/v1/organizations', {
      token: owner.token,
      raw: JSON.stringify({ name: 'Latin' }),
      headers: { 'content-type': `application/json; charset=${charset}` },
    });
    expectProblem(answer, 415, 'unsupported-media-type');
  });

  it.each(['utf-8', 'UTF-8', 'utf8'])('application/json; charset=%s is read', async (charset) => {
    const answer = await request(urls().atlas, 'POST', '/api/v1/organizations', {
      token: owner.token,
      raw: JSON.stringify({ name: `UTF ${charset}` }),
      headers: { 'content-type': `application/json; charset=${charset}` },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  });
});
