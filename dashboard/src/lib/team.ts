/**
 * The team view's figures, folded from the API's answers without computing any figure anew: the
 * team answer (`GET /api/v1/productivity/teams/:id`) lists every member, so who had no activity is
 * read from it (`active_days` 0); each active member's hours per day come from their own answer
 * narrowed to the organization (`GET /api/v1/productivity/users/:id?organization_id=…`), whose
 * days are cut in the organization's zone like the team's.
 */
export interface MemberFigures {
  user_id: number;
  username: string;
  role: string;
  active_days: number;
}

export interface MemberDays {
  user_id: number;
  days: readonly { date: string; productive_hours: number }[];
}

export interface MemberSeries {
  user_id: number;
  name: string;
  /** The member's `productive_hours` per date of the range, in its order; null where their answer had none. */
  hours: (number | null)[];
}

export const activeMembers = <M extends MemberFigures>(members: readonly M[]): M[] =>
  members.filter((member) => member.active_days > 0);

export const inactiveMembers = <M extends MemberFigures>(members: readonly M[]): M[] =>
  members.filter((member) => member.active_days === 0);

/** One series per active member, in the team answer's order (most time first). */
export function memberSeries(
  dates: readonly string[],
  members: readonly MemberFigures[],
  answers: readonly MemberDays[],
): MemberSeries[] {
  const byUser = new Map(answers.map((answer) => [answer.user_id, answer]));
  return activeMembers(members).map((member) => {
    const days = new Map(byUser.get(member.user_id)?.days.map((day) => [day.date, day.productive_hours]) ?? []);
    return { user_id: member.user_id, name: member.username, hours: dates.map((date) => days.get(date) ?? null) };
  });
}

/** The seed's sentence, with the API's figure as it comes ("The team averaged 6.5 productive hours/day"). */
export const averageSentence = (average: number): string => `The team averaged ${average} productive hours/day`;
