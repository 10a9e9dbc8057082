/**
 * What one viewer is sent of a run of items (pure): the scope rules, role changes from their
 * position on, merges of consecutive notices only, and nothing at or before the stream's position.
 */
import { describe, expect, it } from 'vitest';
import { codecraftersLive } from '../codecrafters/live-routes.js';
import { notice, roleChange, type LiveItem, type Notice, type Viewer } from './notice.js';
import { everyMember, noticesFor, teamOrOwn } from './scope.js';

const ORG = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const ALICE = 1;
const BOB = 2;

const activity = (position: number, user_id: number, date: string, organization_id = ORG): LiveItem =>
  notice({
    position,
    event: 'activity',
    organization_id,
    user_id,
    data: { organization_id, user_id, dates: [date] },
  });
const member = (role: Viewer['role'], user_id = ALICE): Viewer => ({ user_id, organization_id: ORG, role });
const shown = (notices: Notice[]) => notices.map((n) => [n.position, n.user_id, (n.data.dates as string[]).join(',')]);

describe('the scope rules', () => {
  const own = { position: 1, event: 'x', data: {}, organization_id: ORG, user_id: ALICE };
  const theirs = { ...own, user_id: BOB };
  const organizations = { ...own, user_id: undefined };

  it("team or own: owners and managers see the organization's; a member only their own; nobody another organization's", () => {
    for (const role of ['owner', 'manager'] as const) {
      expect([own, theirs, organizations].map((n) => teamOrOwn(member(role), n))).toEqual([true, true, true]);
    }
    expect([own, theirs, organizations].map((n) => teamOrOwn(member('member'), n))).toEqual([true, false, false]);
    expect(teamOrOwn(member('owner'), { ...own, organization_id: OTHER })).toBe(false);
  });

  it('every member: any role sees all of their organization, nothing of another', () => {
    expect(everyMember(member('member'), theirs)).toBe(true);
    expect(everyMember(member('member'), { ...theirs, organization_id: OTHER })).toBe(false);
  });
});

describe('noticesFor', () => {
  it("merges one member's consecutive activity into one notice with the last position and every day", () => {
    const items = [activity(3, BOB, '2026-03-02'), activity(4, BOB, '2026-03-01'), activity(5, BOB, '2026-03-02')];
    expect(shown(noticesFor(codecraftersLive, member('manager'), items).notices)).toEqual([
      [5, BOB, '2026-03-01,2026-03-02'],
    ]);
  });

  it("merges only what is consecutive in what the viewer sees: another member's notice between them keeps them apart", () => {
    const items = [activity(3, BOB, 'a'), activity(4, ALICE, 'b'), activity(5, BOB, 'c')];
    expect(shown(noticesFor(codecraftersLive, member('manager'), items).notices)).toEqual([
      [3, BOB, 'a'],
      [4, ALICE, 'b'],
      [5, BOB, 'c'],
    ]);
    // For Bob (a member), Alice's is not there: his two are consecutive, and one.
    expect(shown(noticesFor(codecraftersLive, member('member', BOB), items).notices)).toEqual([[5, BOB, 'a,c']]);
  });

  it("applies a role change of the viewer from its position on, and not another member's or organization's", () => {
    const items = [
      activity(1, BOB, 'a'),
      roleChange({ position: 2, organization_id: OTHER, user_id: ALICE, role: 'manager' }),
      roleChange({ position: 3, organization_id: ORG, user_id: BOB, role: 'manager' }),
      activity(4, BOB, 'b'),
      roleChange({ position: 5, organization_id: ORG, user_id: ALICE, role: 'manager' }),
      activity(6, BOB, 'c'),
      roleChange({ position: 7, organization_id: ORG, user_id: ALICE, role: 'member' }),
      activity(8, BOB, 'd'),
    ];
    const seen = noticesFor(codecraftersLive, member('member'), items);
    expect(shown(seen.notices)).toEqual([[6, BOB, 'c']]);
    expect(seen.viewer.role).toBe('member');
  });

  it('skips what is at or before the position the stream is at', () => {
    const items = [activity(3, ALICE, 'a'), activity(4, ALICE, 'b'), activity(5, ALICE, 'c')];
    expect(shown(noticesFor(codecraftersLive, member('member'), items, 4).notices)).toEqual([[5, ALICE, 'c']]);
  });

  it('without a merge, sends every notice', () => {
    const items = [activity(3, BOB, 'a'), activity(4, BOB, 'b')];
    expect(noticesFor({ sees: teamOrOwn }, member('owner'), items).notices).toHaveLength(2);
  });
});
