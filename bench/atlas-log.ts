/**
 * A synthetic but catalogue-valid log for the real read models: each append is one organization's
 * story, as Atlas, NexaCore, Code Crafters and ScoreSquad would write it: users registered and
 * added as members, projects, tasks through their lifecycle, reviews and feedback, and (most of
 * the log, as in production) the agent's activity minutes: one device per user, and now and then a
 * second one on the same minute, counting what the minute has left (at most 60 s per user-minute).
 *
 * Every event of the first batch is validated against the catalogue, so the figure measures the
 * projections on data they accept, not on events they skip.
 */
import { randomUUID } from 'node:crypto';
import { newEvent } from '../stores/events/conformance-fixtures.js';
import type { NewEvent } from '../stores/events/port.js';
import { definitionOf, parseEventData } from '../write/catalogue.js';

const MEMBERS = 20;
const PROJECTS = 4;
const TASKS_PER_PROJECT = 25;
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 9, 1, 8, 0, 0);

function event(type: string, data: Record<string, unknown>, userId: number, at: number): NewEvent {
  const occurred_at = new Date(at).toISOString();
  return newEvent(type, data, { user_id: userId, occurred_at, schema_version: definitionOf(type).version });
}

const iso = (at: number) => new Date(at).toISOString();
const date = (at: number) => iso(at).slice(0, 10);

/** The structural part of one organization's story (everything but activity), in order. */
function organizationStory(index: number): {
  events: NewEvent[];
  organizationId: string;
  users: number[];
  tasks: { id: string; project: string }[];
} {
  const organizationId = randomUUID();
  const users = Array.from({ length: MEMBERS }, (_, k) => index * MEMBERS + k + 1);
  const owner = users[0]!;
  const events: NewEvent[] = [];
  let at = START;
  for (const user of users) {
    events.push(
      event(
        'atlas.UserRegistered',
        {
          user_id: user,
          username: `user_${user}`,
          email: `user_${user}@example.com`,
          password_hash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
          personal_organization_id: randomUUID(),
          registered_at: iso(at),
        },
        user,
        at,
      ),
    );
  }
  events.push(
    event(
      'atlas.OrganizationCreated',
      {
        organization_id: organizationId,
        name: `Org ${index}`,
        owner_id: owner,
        personal: false,
        timezone: 'UTC',
        created_at: iso(at),
      },
      owner,
      at,
    ),
  );
  users.forEach((user, k) =>
    events.push(
      event(
        'atlas.MemberAdded',
        {
          organization_id: organizationId,
          user_id: user,
          username: `user_${user}`,
          role: k === 0 ? 'owner' : k < 3 ? 'manager' : 'member',
          added_by: owner,
          added_at: iso(at),
        },
        owner,
        at,
      ),
    ),
  );
  const tasks: { id: string; project: string }[] = [];
  for (let p = 0; p < PROJECTS; p += 1) {
    const project = randomUUID();
    events.push(
      event(
        'atlas.ProjectCreated',
        {
          project_id: project,
          organization_id: organizationId,
          name: `Project ${p}`,
          description: null,
          created_by: owner,
          created_at: iso(at),
        },
        owner,
        at,
      ),
    );
    for (let t = 0; t < TASKS_PER_PROJECT; t += 1) {
      const task = randomUUID();
      const assignee = users[(p * TASKS_PER_PROJECT + t) % MEMBERS]!;
      const due = date(at + 3 * DAY_MS);
      const base = { task_id: task, project_id: project, organization_id: organizationId };
      at += 60_000;
      events.push(
        event(
          'atlas.TaskCreated',
          { ...base, title: `Task ${t}`, description: null, due_date: due, created_by: owner, created_at: iso(at) },
          owner,
          at,
        ),
      );
      events.push(
        event(
          'atlas.TaskAssigned',
          {
            ...base,
            assignee_id: assignee,
            assignee_username: `user_${assignee}`,
            previous_assignee_id: null,
            due_date: due,
            assigned_by: owner,
            assigned_at: iso(at),
          },
          owner,
          at,
        ),
      );
      events.push(
        event(
          'atlas.TaskStarted',
          { ...base, assignee_id: assignee, due_date: due, started_by: assignee, started_at: iso(at) },
          assignee,
          at,
        ),
      );
      const done = at + (1 + (t % 5)) * DAY_MS;
      events.push(
        event(
          'atlas.TaskCompleted',
          {
            ...base,
            assignee_id: assignee,
            due_date: due,
            started_at: iso(at),
            completed_by: assignee,
            completed_at: iso(done),
          },
          assignee,
          done,
        ),
      );
      tasks.push({ id: task, project });
    }
    for (let k = 1; k < MEMBERS; k += 1) {
      const from = users[k]!;
      const to = users[(k + 1) % MEMBERS]!;
      events.push(
        event(
          'scoresquad.FeedbackGiven',
          {
            feedback_id: randomUUID(),
            project_id: project,
            organization_id: organizationId,
            from_user_id: from,
            to_user_id: to,
            period: '2026-10',
            score: 1 + (k % 5),
            comment: '',
            given_at: iso(at),
          },
          from,
          at,
        ),
      );
    }
  }
  for (const user of users.slice(1)) {
    events.push(
      event(
        'scoresquad.ReviewSubmitted',
        {
          review_id: randomUUID(),
          employee_id: user,
          reviewer_id: owner,
          organization_id: organizationId,
          period: '2026-10',
          scores: { quality: 4, delivery: 3, collaboration: 5 },
          comments: '',
          submitted_at: iso(at),
        },
        owner,
        at,
      ),
    );
  }
  return { events, organizationId, users, tasks };
}

/**
 * One agent minute of `user`, on `task` when given, as the user's activity day counts it: the
 * laptop's record first; on every seventh minute a phone's too, counting what the minute has left.
 */
function activityMinute(
  user: number,
  organizationId: string,
  minute: number,
  task: { id: string; project: string } | null,
  device: 'laptop' | 'phone' = 'laptop',
): NewEvent {
  const at = START + minute * 60_000;
  const laptopSeconds = 30 + (minute % 31);
  const active_seconds = device === 'laptop' ? laptopSeconds : 10 + (minute % 41);
  const counted_seconds = device === 'laptop' ? active_seconds : Math.min(active_seconds, 60 - laptopSeconds);
  return event(
    'codecrafters.ActivityRecorded',
    {
      device_id: `${device}-${user}`,
      minute_start: iso(at),
      tz_offset_minutes: 0,
      active_seconds,
      counted_seconds,
      counted_active_minute: device === 'laptop',
      keystrokes: minute % 90,
      clicks: minute % 7,
      scrolls: minute % 11,
      mouse_distance_px: (minute * 37) % 4_000,
      task_id: task?.id ?? null,
      user_id: user,
      project_id: task?.project ?? null,
      organization_id: organizationId,
      org_timezone: 'UTC',
      org_date: date(at),
      user_timezone: 'UTC',
      user_date: date(at),
      user_hour: new Date(at).getUTCHours(),
    },
    user,
    at,
  );
}

let validated = false;

/** `size` events of one organization's story, activity filling what the structure leaves. */
export function organizationBatch(size: number, index: number): { stream: string; events: NewEvent[] } {
  const story = organizationStory(index);
  const events = story.events.slice(0, size);
  for (let minute = 0; events.length < size; minute += 1) {
    const user = story.users[minute % MEMBERS]!;
    const task = minute % 3 === 0 ? null : story.tasks[minute % story.tasks.length]!;
    const userMinute = Math.floor(minute / MEMBERS);
    events.push(activityMinute(user, story.organizationId, userMinute, task));
    if (userMinute % 7 === 3 && events.length < size)
      events.push(activityMinute(user, story.organizationId, userMinute, task, 'phone'));
  }
  if (!validated) {
    for (const e of events) parseEventData(e.type as Parameters<typeof parseEventData>[0], e.data);
    validated = true;
  }
  return { stream: `bench-organization-${story.organizationId}`, events };
}
