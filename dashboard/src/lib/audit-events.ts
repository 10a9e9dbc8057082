/**
 * An audited event in words, for the audit view: its type ("Task completed"), who did it (the
 * username where the organization's members or the events themselves name one), and its data's
 * public fields, labelled, with user ids as names and instants on the viewer's clock.
 */
import { formatDay, formatInstant } from './local-time.js';

/** What the view reads of an event (api/atlas.ts `AuditedEvent`). */
export interface EventLike {
  type: string;
  data: Record<string, unknown>;
  metadata: { user_id: number | null; occurred_at: string };
}

const TITLES: Record<string, string> = {
  'atlas.OrganizationCreated': 'Organization created',
  'atlas.OrganizationRenamed': 'Organization renamed',
  'atlas.MemberAdded': 'Member added',
  'atlas.MemberRoleChanged': "Member's role changed",
  'atlas.ProjectCreated': 'Project created',
  'atlas.ProjectArchived': 'Project archived',
  'atlas.TaskCreated': 'Task created',
  'atlas.TaskAssigned': 'Task assigned',
  'atlas.TaskStarted': 'Task started',
  'atlas.TaskCompleted': 'Task completed',
};

/** `atlas.TaskCompleted` → "Task completed"; a type not known yet is split the same way. */
export function eventTitle(type: string): string {
  const known = TITLES[type];
  if (known) return known;
  const name = type.includes('.') ? type.slice(type.lastIndexOf('.') + 1) : type;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : type;
}

/** User id → username, from the members and from what the events say themselves. */
export function namesOf(
  members: readonly { user_id: number; username?: string | undefined }[],
  events: readonly EventLike[],
): Map<number, string> {
  const names = new Map<number, string>();
  for (const event of events) {
    const { user_id, username, assignee_id, assignee_username } = event.data;
    if (typeof user_id === 'number' && typeof username === 'string') names.set(user_id, username);
    if (typeof assignee_id === 'number' && typeof assignee_username === 'string') {
      names.set(assignee_id, assignee_username);
    }
  }
  for (const member of members) if (member.username) names.set(member.user_id, member.username);
  return names;
}

/** A user by name where known: "ana", else "user #7". */
export function userName(id: number, names: ReadonlyMap<number, string>): string {
  return names.get(id) ?? `user #${id}`;
}

/** Who did it: the event's user, or Atlas itself when no user acted. */
export function actorOf(event: EventLike, names: ReadonlyMap<number, string>): string {
  return event.metadata.user_id === null ? 'Atlas' : userName(event.metadata.user_id, names);
}

export interface EventField {
  key: string;
  label: string;
  text: string;
}

/** Never shown, whatever a stream carries: anything that smells of a secret or an address. */
const SECRET = /password|hash|secret|token|email/i;
/** Shown through the user id they name. */
const NAMES = new Set(['username', 'assignee_username']);

const USER_KEY = /(_id|_by)$/;

/** `assigned_by` → "Assigned by", `assignee_id` → "Assignee", `due_date` → "Due date"; `user_id` (the member an organization event is about) → "Member". */
export function fieldLabel(key: string): string {
  if (key === 'user_id') return 'Member';
  const words = key.replace(/_id$/, '').replace(/_/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

function fieldText(key: string, value: unknown, names: ReadonlyMap<number, string>, locale?: string): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return USER_KEY.test(key) ? userName(value, names) : String(value);
  if (typeof value === 'string') {
    if (key.endsWith('_at')) return formatInstant(value, locale);
    if (key.endsWith('_date')) return formatDay(value, locale);
    return value;
  }
  return JSON.stringify(value);
}

/**
 * The data fields worth reading, in the event's order: not the ids of the organization, project
 * or task the trail is about (the page says which), not the instant the "when" column shows
 * already, not the usernames (they name the user ids), never a secret.
 */
export function publicFields(event: EventLike, names: ReadonlyMap<number, string>, locale?: string): EventField[] {
  const fields: EventField[] = [];
  for (const [key, value] of Object.entries(event.data)) {
    if (SECRET.test(key) || NAMES.has(key)) continue;
    if (key.endsWith('_id') && typeof value === 'string') continue;
    if (
      key.endsWith('_at') &&
      typeof value === 'string' &&
      Date.parse(value) === Date.parse(event.metadata.occurred_at)
    ) {
      continue;
    }
    fields.push({ key, label: fieldLabel(key), text: fieldText(key, value, names, locale) });
  }
  return fields;
}

/**
 * Whether the event after `index` occurred at the same instant (a task completed straight from
 * open is started and completed at once): there is no state between the two to show, so "the
 * state after this event" is offered on the last event of the instant only.
 */
export function sharesInstantWithNext(events: readonly EventLike[], index: number): boolean {
  const next = events[index + 1];
  const event = events[index];
  if (!next || !event) return false;
  return Date.parse(next.metadata.occurred_at) === Date.parse(event.metadata.occurred_at);
}
