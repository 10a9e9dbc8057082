/**
 * Who sees which notice, and what one viewer is sent of a run of items: pure.
 *
 * The items come in log order. A role change of the viewer in their organization changes what
 * they see from its position on. Consecutive notices the viewer sees may be merged into one
 * (`LiveSource.merge`), which carries the position of the last: a client that received it has
 * been sent everything up to there, so resuming after its id loses nothing and repeats nothing.
 */
import { managesTeam } from '../../projections/atlas/access.js';
import type { LiveItem, LiveSource, Notice, Viewer } from './notice.js';

/** Atlas's rule: every member of the organization sees all of it. */
export const everyMember = (viewer: Viewer, notice: Notice): boolean =>
  notice.organization_id === viewer.organization_id;

/** The partners' rule: owners and managers see their members'; a plain member only their own. */
export const teamOrOwn = (viewer: Viewer, notice: Notice): boolean =>
  notice.organization_id === viewer.organization_id &&
  (managesTeam(viewer.role) || (notice.user_id !== undefined && notice.user_id === viewer.user_id));

export interface Seen {
  /** The viewer after the run's role changes. */
  viewer: Viewer;
  notices: Notice[];
}

/** What the viewer is sent of `items` (those after `after` only), and their role after them. */
export function noticesFor(
  source: Pick<LiveSource, 'sees' | 'merge'>,
  viewer: Viewer,
  items: readonly LiveItem[],
  after = 0,
): Seen {
  let current = viewer;
  const notices: Notice[] = [];
  for (const item of items) {
    if (item.position <= after) continue;
    if (item.kind === 'role') {
      if (item.organization_id === current.organization_id && item.user_id === current.user_id)
        current = { ...current, role: item.role };
      continue;
    }
    const { kind: _kind, ...next } = item;
    if (!source.sees(current, next)) continue;
    const previous = notices.at(-1);
    const merged = previous && source.merge?.(previous, next);
    if (merged) notices[notices.length - 1] = merged;
    else notices.push(next);
  }
  return { viewer: current, notices };
}
