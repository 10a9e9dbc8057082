/**
 * What the live routes send (docs/live.md): notices derived from log events, a viewer's scope,
 * and what each service says about its own events (`LiveSource`). A notice names what changed
 * (its kind, ids, the affected dates at most), never a record's content: the client refetches
 * the figures it shows, through the routes that check who may see them.
 */
import type { StoredEvent } from '../../stores/events/port.js';
import type { Role } from '../../write/schemas.js';

/** One notice, derived from one log event; sent once the read models it is about have the event. */
export interface Notice {
  /** The event's global position: the notice's SSE id. */
  position: number;
  /** The SSE event name: `activity`, `task`, `rating`, ... */
  event: string;
  /** What is sent: kind, ids, dates. */
  data: Record<string, unknown>;
  /** The organization the event belongs to. */
  organization_id: string;
  /** Whose it is, when it is one member's (a plain member sees only their own). */
  user_id?: number;
}

/** A member's role in an organization from this position on: a viewer's scope follows it. */
export interface RoleChange {
  position: number;
  organization_id: string;
  user_id: number;
  role: Role;
}

export type LiveItem = ({ kind: 'notice' } & Notice) | ({ kind: 'role' } & RoleChange);

/** Who is watching, in which organization, with the role that decides what they see. */
export interface Viewer {
  user_id: number;
  organization_id: string;
  role: Role;
}

/** What a service's live route is about; everything but `projections` is pure. */
export interface LiveSource {
  /** For logs, e.g. `codecrafters`. */
  name: string;
  /**
   * The projections whose read models the notices are about (and the memberships, which decide
   * the viewer's role): a notice waits until every one of them has committed past its event.
   */
  projections: readonly string[];
  /** The items of one stored event; most events give none. */
  itemsOf(event: StoredEvent): readonly LiveItem[];
  /** The scope rule: whether the viewer may be sent the notice. */
  sees(viewer: Viewer, notice: Notice): boolean;
  /**
   * One notice saying what two consecutive ones say (the same member's activity: their dates
   * merged), or undefined when they differ. Optional: without it every notice is sent.
   */
  merge?(previous: Notice, next: Notice): Notice | undefined;
}

export const notice = (fields: Notice): LiveItem => ({ kind: 'notice', ...fields });
export const roleChange = (fields: RoleChange): LiveItem => ({ kind: 'role', ...fields });
