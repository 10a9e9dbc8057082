/**
 * Tests only: signing users up through Atlas's real HTTP API, waiting for read models, filling
 * NexaCore's path templates, and a stand-in for Code Crafters' per-organization-per-day rollup.
 */
import { expect } from 'vitest';
import type { Projection } from '../../projections/projection.js';
import { eventReader } from '../../projections/event-reader.js';
import { eventually as pollUntil } from '../../projections/runtime/test-fixtures/stores.js';
import { TaskCompleted } from '../../write/atlas/events.js';
import { request } from '../atlas/fixture.js';

export { request, expectProblem, pointersOf, operationsOf, type Answer } from '../atlas/fixture.js';

export const PASSWORD = 'correct horse battery';

export interface SignedUp {
  id: number;
  username: string;
  organization_id: string;
  token: string;
}

export async function signUp(atlas: string, username: string): Promise<SignedUp> {
  const registered = await request(atlas, 'POST', '/api/v1/auth/register', {
    body: { username, email: `${username}@example.com`, password: PASSWORD },
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const login = await request(atlas, 'POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } });
  expect(login.status).toBe(200);
  return {
    id: registered.body.id,
    username,
    organization_id: registered.body.organization.id,
    token: login.body.access_token,
  };
}

/** The runtime fixtures' `eventually`, with what it waits for said first. */
export const eventually = <T>(
  check: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> => pollUntil(check, timeoutMs, what);

/** `/api/v1/labs/{organization_id}` → a real path, by the parameter's name. */
export function fillPath(template: string, ids: { organization_id: string; user_id: number | string }): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'organization_id') return ids.organization_id;
    if (name === 'user_id') return String(ids.user_id);
    throw new Error(`no id for {${name}} in ${template}: teach fillPath which resource it names`);
  });
}

/**
 * Stands in for Code Crafters' `org_daily_activity` rollup, fed by Atlas events so that a test
 * needs no agent: every completed task counts 1800 active seconds and one active member on the
 * (UTC) day it was completed.
 */
const readCompletion = eventReader(TaskCompleted);

export const activityRollupStandIn: Projection = {
  name: 'test_org_daily_activity',
  version: 1,
  collections: { org_daily_activity: { indexes: [{ keys: { organization_id: 1, date: 1 } }] } },
  project(stored) {
    const event = readCompletion(stored);
    if (event === null) return [];
    const { organization_id, completed_at } = event.data;
    const date = completed_at.slice(0, 10);
    return [
      {
        kind: 'update',
        collection: 'org_daily_activity',
        filter: { _id: `${organization_id}:${date}` },
        update: {
          $setOnInsert: { organization_id, date },
          $inc: { active_seconds: 1800 },
          $addToSet: { member_ids: stored.position },
        },
        upsert: true,
      },
    ];
  },
};
