/**
 * The OpenAPI documents of the four services, as the real system serves them: a contract test can
 * only fail if no operation hides behind a catch-all. No `default` response anywhere; every
 * operation declares 500; every 4xx and 5xx is a problem document; every operation that requires
 * a token declares 401; and each operation lists exactly what its route declares with the kit's
 * own statuses (`declaredResponses`), the list the running services check their answers against.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredResponses } from '../http/index.js';
import { jsonOf, send, startContractSystem, type ContractSystem } from './contract-fixture.js';

let contract: ContractSystem;
beforeAll(async () => {
  contract = await startContractSystem();
});
afterAll(async () => {
  await contract?.stop();
});

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** Every `responses` object in a document, wherever it is, with where. */
function responsesIn(node: unknown, at = ''): { at: string; responses: Record<string, unknown> }[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => [
    ...(key === 'responses' && typeof value === 'object' && value !== null
      ? [{ at, responses: value as Record<string, unknown> }]
      : []),
    ...responsesIn(value, `${at}/${key}`),
  ]);
}

describe('the OpenAPI document of every service', () => {
  it('is served by all four services, with every route documented', () => {
    expect(contract.services.map((s) => s.name)).toEqual(['atlas', 'nexacore', 'codecrafters', 'scoresquad']);
    for (const service of contract.services) {
      expect(service.document.openapi).toBe('3.1.0');
      expect(service.operations.length, service.name).toBe(service.routes.length);
    }
  });

  it('has no default response anywhere', () => {
    const defaults = contract.services.flatMap((service) =>
      responsesIn(service.document)
        .filter(({ responses }) => 'default' in responses)
        .map(({ at }) => `${service.name}${at}`),
    );
    expect(defaults).toEqual([]);
  });

  it('declares 500 on every operation, and every 4xx and 5xx as a problem document', () => {
    const wrong: string[] = [];
    for (const service of contract.services) {
      for (const { path, method, operation } of service.operations) {
        const where = `${service.name} ${method} ${path}`;
        if (!operation.responses['500']) wrong.push(`${where}: no 500`);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400 && JSON.stringify(response.content) !== JSON.stringify(PROBLEM))
            wrong.push(`${where}: ${status} is not a problem document`);
          if (!/^[1-5][0-9]{2}$/.test(status)) wrong.push(`${where}: ${status} is not a status`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('declares 401 on every operation that requires a token, and only there or where the route says so', () => {
    const wrong: string[] = [];
    for (const service of contract.services) {
      for (const { path, method, operation, route } of service.operations) {
        const where = `${service.name} ${method} ${path}`;
        const bearer = operation.security.length > 0;
        expect(bearer, where).toBe(route.auth === 'required');
        if (bearer && !operation.responses['401']) wrong.push(`${where}: requires a token but declares no 401`);
        if (!bearer && operation.responses['401'] && !(route.responses as Record<number, unknown>)[401])
          wrong.push(`${where}: 401 without a token`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lists for each operation exactly the statuses its route and the kit declare', () => {
    for (const service of contract.services) {
      for (const { path, method, operation, route } of service.operations) {
        expect(Object.keys(operation.responses).map(Number), `${service.name} ${method} ${path}`).toEqual([
          ...declaredResponses(route).keys(),
        ]);
      }
    }
  });

  it('declares 503 on every operation that uses a store, and a success on each', () => {
    for (const service of contract.services) {
      for (const { path, method, operation } of service.operations) {
        const statuses = Object.keys(operation.responses).map(Number);
        expect(
          statuses.some((status) => status < 300),
          `${service.name} ${method} ${path}`,
        ).toBe(true);
        const storeless = path === '/openapi.json' || path === '/.well-known/jwks.json';
        expect(statuses.includes(503), `${service.name} ${method} ${path}`).toBe(!storeless);
      }
    }
  });
});

describe('what every service answers outside its operations', () => {
  it('404 for an unknown path, 405 with Allow for a method a path does not have, 431 for oversized headers; all problem+json', async () => {
    for (const service of contract.services) {
      const unknown = await send(service.url, 'GET', '/api/v1/no-such-thing');
      expect(unknown.status, service.name).toBe(404);
      const wrongMethod = await send(service.url, 'PROPFIND', '/openapi.json');
      expect(wrongMethod.status, service.name).toBe(405);
      expect(wrongMethod.headers.allow, service.name).toBe('HEAD, GET');
      const huge = await send(service.url, 'GET', '/healthz', { headers: { 'x-padding': 'a'.repeat(17_000) } });
      expect(huge.status, service.name).toBe(431);
      for (const [answer, status] of [
        [unknown, 404],
        [wrongMethod, 405],
        [huge, 431],
      ] as const) {
        expect(answer.headers['content-type'], service.name).toMatch(/^application\/problem\+json/);
        expect(jsonOf(answer), service.name).toMatchObject({
          status,
          type: expect.stringMatching(/^https:\/\/atlas\.dev\/problems\//),
        });
      }
    }
  });
});
