import { randomUUID } from 'node:crypto';
import { newEvent, storedEvent } from '../../stores/events/conformance-fixtures.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../stores/events/port.js';
import { openSqliteEventStore } from '../../stores/events/sqlite.js';
import { openSqliteReadStore } from '../../stores/reads/sqlite.js';
import { createReadModels, type ReadModels } from '../read-models.js';
import { rebuild } from '../runtime/rebuild.js';
import { completionCounts } from './completions.js';
import { performanceProjection, profileUuid, type PerformanceProfileDoc, type ProjectPerformanceDoc } from './index.js';

const ORG_A = '11111111-1111-4111-8111-111111111111';
const ORG_B = '22222222-2222-4222-8222-222222222222';
const PROJECT_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const PROJECT_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function event(type: string, data: Record<string, unknown>): NewEvent {
  return newEvent(type, data, { user_id: 1, occurred_at: '2026-05-01T00:00:00.000Z' });
}

const stored = (e: NewEvent, position = 1): StoredEvent => storedEvent(e, { position });

const memberAdded = (organization_id: string, user_id: number, added_at: string) =>
  event('atlas.MemberAdded', {
    organization_id,
    user_id,
    username: `user${user_id}`,
    role: 'member',
    added_by: 1,
    added_at,
  });

function completed(over: {
  organization_id?: string;
  project_id?: string;
  assignee_id: number | null;
  due_date: string | null;
  started_at: string;
  completed_at: string;
}) {
  return event('atlas.TaskCompleted', {
    task_id: randomUUID(),
    project_id: over.project_id ?? PROJECT_A,
    organization_id: over.organization_id ?? ORG_A,
    assignee_id: over.assignee_id,
    due_date: over.due_date,
    started_at: over.started_at,
    completed_by: 1,
    completed_at: over.completed_at,
  });
}

const review = (
  period: string,
  submitted_at: string,
  scores: { quality: number; delivery: number; collaboration: number },
) =>
  event('scoresquad.ReviewSubmitted', {
    review_id: randomUUID(),
    employee_id: 2,
    reviewer_id: 1,
    organization_id: ORG_A,
    period,
    scores,
    comments: 'ok',
    submitted_at,
  });

const feedback = (from_user_id: number, score: number) =>
  event('scoresquad.FeedbackGiven', {
    feedback_id: randomUUID(),
    project_id: PROJECT_A,
    organization_id: ORG_A,
    from_user_id,
    to_user_id: 2,
    period: '2026-05',
    score,
    comment: '',
    given_at: '2026-05-16T09:00:00.000Z',
  });

describe('completion counts (pure)', () => {
  const base = {
    task_id: randomUUID(),
    project_id: PROJECT_A,
    organization_id: ORG_A,
    assignee_id: 2,
    completed_by: 2,
  };

  it('on time up to the end of the due date in UTC, late from the next UTC day', () => {
    const lastMinute = {
      ...base,
      due_date: '2026-05-10',
      started_at: '2026-05-10T20:00:00.000Z',
      completed_at: '2026-05-10T23:59:59.999Z',
    };
    const nextDay = { ...lastMinute, completed_at: '2026-05-11T00:00:00.000Z' };
    expect(completionCounts(lastMinute)).toEqual({
      completed: 1,
      with_due_date: 1,
      on_time: 1,
      cycle_ms_total: 4 * 3_600_000 - 1,
    });
    expect(completionCounts(nextDay)).toEqual({
      completed: 1,
      with_due_date: 1,
      late: 1,
      cycle_ms_total: 4 * 3_600_000,
    });
  });

  it('a task without a due date is neither on time nor late', () => {
    const task = {
      ...base,
      due_date: null,
      started_at: '2026-05-10T08:00:00.000Z',
      completed_at: '2026-05-10T08:00:00.000Z',
    };
    expect(completionCounts(task)).toEqual({ completed: 1, without_due_date: 1, cycle_ms_total: 0 });
  });

  it('credits the assignee and the project; an unassigned task only the project', () => {
    const writes = performanceProjection.project(
      stored(
        completed({
          assignee_id: null,
          due_date: null,
          started_at: '2026-05-10T08:00:00.000Z',
          completed_at: '2026-05-10T09:00:00.000Z',
        }),
      ),
    );
    expect(writes).toEqual([
      {
        kind: 'update',
        collection: 'project_performance',
        filter: { _id: PROJECT_A },
        update: {
          $setOnInsert: { project_id: PROJECT_A, organization_id: ORG_A },
          $inc: { 'tasks.completed': 1, 'tasks.cycle_ms_total': 3_600_000, 'tasks.without_due_date': 1 },
        },
        upsert: true,
      },
    ]);
  });

  it('ignores events it does not read, without validating them', () => {
    expect(performanceProjection.project(stored(event('atlas.TaskCreated', { anything: true })))).toEqual([]);
  });

  it('refuses an event its catalogue does not vouch for', () => {
    expect(() => performanceProjection.project(stored(event('atlas.TaskCompleted', { task_id: 'nope' })))).toThrow(
      /invalid atlas.TaskCompleted/,
    );
  });
});

describe('profile UUIDs', () => {
  it('are name-based (v5) UUIDs, the same for the same member, distinct across members and organizations', () => {
    const ids = [profileUuid(ORG_A, 2), profileUuid(ORG_A, 3), profileUuid(ORG_B, 2), profileUuid(ORG_B, 3)];
    for (const id of ids) expect(isUuid(id) && uuidVersion(id)).toBe(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect(profileUuid(ORG_A, 2)).toBe(ids[0]);
  });
});

describe('the projection through the runtime (SQLite)', () => {
  let dir: string;
  let profile: (org: string, user: number) => Promise<PerformanceProfileDoc | null>;
  let projectDoc: (id: string) => Promise<ProjectPerformanceDoc | null>;
  let close: () => Promise<void>;
  let readModels: ReadModels;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scoresquad-projection-'));
    const events = openSqliteEventStore({ file: path.join(dir, 'events.db') });
    const reads = openSqliteReadStore({ file: path.join(dir, 'reads.db') });
    await events.append('org-a', [memberAdded(ORG_A, 2, '2026-04-01T10:00:00.000Z')]);
    await events.append('org-b', [
      memberAdded(ORG_B, 2, '2026-04-02T10:00:00.000Z'),
      memberAdded(ORG_B, 3, '2026-04-02T10:00:00.000Z'),
    ]);
    await events.append('tasks', [
      // on time, 15 h 59 min from start to finish
      completed({
        assignee_id: 2,
        due_date: '2026-05-10',
        started_at: '2026-05-10T08:00:00.000Z',
        completed_at: '2026-05-10T23:59:00.000Z',
      }),
      // late
      completed({
        assignee_id: 2,
        due_date: '2026-05-10',
        started_at: '2026-05-11T00:00:00.000Z',
        completed_at: '2026-05-11T00:00:00.000Z',
      }),
      // no due date, in April
      completed({
        assignee_id: 2,
        due_date: null,
        started_at: '2026-04-20T08:00:00.000Z',
        completed_at: '2026-04-20T10:00:00.000Z',
      }),
      // nobody's
      completed({
        assignee_id: null,
        due_date: '2026-05-01',
        started_at: '2026-05-02T08:00:00.000Z',
        completed_at: '2026-05-02T09:00:00.000Z',
      }),
      // another organization
      completed({
        organization_id: ORG_B,
        project_id: PROJECT_B,
        assignee_id: 2,
        due_date: '2026-06-01',
        started_at: '2026-05-02T08:00:00.000Z',
        completed_at: '2026-05-02T09:00:00.000Z',
      }),
    ]);
    await events.append('reviews', [
      review('2026-05', '2026-05-20T10:00:00.000Z', { quality: 5, delivery: 5, collaboration: 4 }),
      // submitted earlier, for an earlier month, appended later: the latest date still wins
      review('2026-04', '2026-05-15T10:00:00.000Z', { quality: 4, delivery: 3, collaboration: 5 }),
    ]);
    await events.append('feedback', [feedback(3, 4), feedback(4, 2)]);
    await rebuild(performanceProjection, { events, reads });
    readModels = createReadModels({ reads, projections: [performanceProjection] });
    profile = (org, user) =>
      readModels.findOne<PerformanceProfileDoc>('performance_profiles', { _id: `${org}:${user}` });
    projectDoc = (id) => readModels.findOne<ProjectPerformanceDoc>('project_performance', { _id: id });
    close = async () => {
      await events.close();
      await reads.close();
    };
  });

  afterAll(async () => {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one profile per member and organization, with every counter', async () => {
    expect(await profile(ORG_A, 2)).toEqual({
      _id: `${ORG_A}:2`,
      id: profileUuid(ORG_A, 2),
      user_id: 2,
      organization_id: ORG_A,
      joined_at: '2026-04-01T10:00:00.000Z',
      tasks: {
        completed: 3,
        with_due_date: 2,
        on_time: 1,
        late: 1,
        without_due_date: 1,
        cycle_ms_total: (15 * 60 + 59) * 60_000 + 2 * 3_600_000,
        by_month: { '2026-05': 2, '2026-04': 1 },
      },
      reviews: { count: 2, quality_total: 9, delivery_total: 8, collaboration_total: 9 },
      feedback: { count: 2, score_total: 6 },
      last_review_date: '2026-05-20',
      last_review_period: '2026-05',
    });
  });

  it("never mixes another organization's numbers in", async () => {
    expect(await profile(ORG_B, 2)).toMatchObject({
      tasks: { completed: 1, with_due_date: 1, on_time: 1, cycle_ms_total: 3_600_000, by_month: { '2026-05': 1 } },
    });
    expect((await profile(ORG_B, 2))?.reviews).toBeUndefined();
  });

  it('gives a member without data an empty profile', async () => {
    expect(await profile(ORG_B, 3)).toEqual({
      _id: `${ORG_B}:3`,
      id: profileUuid(ORG_B, 3),
      user_id: 3,
      organization_id: ORG_B,
      joined_at: '2026-04-02T10:00:00.000Z',
    });
  });

  it('counts per project, assigned or not, with its feedback', async () => {
    expect(await projectDoc(PROJECT_A)).toEqual({
      _id: PROJECT_A,
      project_id: PROJECT_A,
      organization_id: ORG_A,
      tasks: {
        completed: 4,
        with_due_date: 3,
        on_time: 1,
        late: 2,
        without_due_date: 1,
        cycle_ms_total: (15 * 60 + 59) * 60_000 + 3 * 3_600_000,
      },
      feedback: { count: 2, score_total: 6 },
    });
  });

  it('keeps reviews and feedback as records', async () => {
    const reviews = await readModels.find('performance_reviews', { employee_id: 2 }, { sort: { period: 1 } });
    expect(reviews).toEqual([
      expect.objectContaining({
        period: '2026-04',
        reviewer_id: 1,
        organization_id: ORG_A,
        scores: { quality: 4, delivery: 3, collaboration: 5 },
        comments: 'ok',
      }),
      expect.objectContaining({ period: '2026-05', submitted_at: '2026-05-20T10:00:00.000Z' }),
    ]);
    expect(reviews[0]!.id).toBe(reviews[0]!._id);
    const feedback = await readModels.find('peer_feedback', { to_user_id: 2 }, { sort: { from_user_id: 1 } });
    expect(feedback.map((f) => [f.from_user_id, f.score, f.project_id, f.period])).toEqual([
      [3, 4, PROJECT_A, '2026-05'],
      [4, 2, PROJECT_A, '2026-05'],
    ]);
  });
});
