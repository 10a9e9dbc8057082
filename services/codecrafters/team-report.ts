/**
 * `GET /api/v1/productivity/teams/:organization_id`: an organization's days, cut in its zone, and
 * its members. `average_productive_hours_per_day` is the mean of productive hours over the
 * member-days of the range that have any activity (active seconds > 0): what a typical member's
 * working day held ("the team averaged 6.5 productive hours/day"). Equivalently, total productive
 * seconds / active member-days.
 */
import type { MembershipDoc } from '../../projections/atlas/models.js';
import {
  CODECRAFTERS_COLLECTIONS,
  type OrgDayDoc,
  type OrgMemberDayDoc,
} from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';
import { datesFrom } from '../../write/codecrafters/index.js';
import { hoursOf, meanHours } from './hours.js';
import type { DateRange } from './ranges.js';
import type { TeamAnswer } from './schemas.js';

export interface TeamInputs {
  organization_id: string;
  timezone: string;
  range: DateRange;
  days: readonly OrgDayDoc[];
  memberDays: readonly OrgMemberDayDoc[];
  members: readonly MembershipDoc[];
}

export async function readTeamInputs(
  readModels: ReadModels,
  organization_id: string,
  timezone: string,
  range: DateRange,
): Promise<TeamInputs> {
  const [days, memberDays, members] = await Promise.all([
    readModels.find<OrgDayDoc>(CODECRAFTERS_COLLECTIONS.orgDaily, {
      _id: { $gte: `${organization_id}:${range.from}`, $lte: `${organization_id}:${range.to}` },
    }),
    // `;` sorts right after `:`, so this bound takes every member of the last day.
    readModels.find<OrgMemberDayDoc>(CODECRAFTERS_COLLECTIONS.orgMemberDaily, {
      _id: { $gte: `${organization_id}:${range.from}`, $lt: `${organization_id}:${range.to};` },
    }),
    readModels.find<MembershipDoc>('memberships', { organization_id }),
  ]);
  return { organization_id, timezone, range, days, memberDays, members };
}

export function teamReport(inputs: TeamInputs): TeamAnswer {
  const byDate = new Map(inputs.days.map((day) => [day.date, day]));
  const perMember = new Map<number, { seconds: number; activeDays: number }>();
  let total = 0;
  let memberDays = 0;
  for (const day of inputs.memberDays) {
    if (day.active_seconds <= 0) continue;
    total += day.active_seconds;
    memberDays += 1;
    const member = perMember.get(day.user_id) ?? { seconds: 0, activeDays: 0 };
    member.seconds += day.active_seconds;
    member.activeDays += 1;
    perMember.set(day.user_id, member);
  }
  const days = datesFrom(inputs.range.from, inputs.range.to).map((date) => {
    const day = byDate.get(date);
    const seconds = day?.active_seconds ?? 0;
    const active = day?.member_ids?.length ?? 0;
    return {
      date,
      productive_seconds: seconds,
      productive_hours: hoursOf(seconds),
      active_members: active,
      average_productive_hours_per_member: meanHours(seconds, active),
      keystrokes: day?.keystrokes ?? 0,
      clicks: day?.clicks ?? 0,
      scrolls: day?.scrolls ?? 0,
      mouse_distance_px: day?.mouse_distance_px ?? 0,
    };
  });
  const members = inputs.members
    .map((membership) => {
      const { seconds, activeDays } = perMember.get(membership.user_id) ?? { seconds: 0, activeDays: 0 };
      return {
        user_id: membership.user_id,
        username: membership.username,
        role: membership.role,
        productive_seconds: seconds,
        productive_hours: hoursOf(seconds),
        active_days: activeDays,
        average_productive_hours_per_day: meanHours(seconds, activeDays),
      };
    })
    .sort((a, b) => b.productive_seconds - a.productive_seconds || a.user_id - b.user_id);
  return {
    organization_id: inputs.organization_id,
    timezone: inputs.timezone,
    from: inputs.range.from,
    to: inputs.range.to,
    total_productive_seconds: total,
    total_productive_hours: hoursOf(total),
    active_member_days: memberDays,
    average_productive_hours_per_day: meanHours(total, memberDays),
    days,
    members,
  };
}
