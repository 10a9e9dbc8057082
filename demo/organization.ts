/**
 * The demo organization and its members in Atlas: found by name among the owner's organizations
 * (created on the first run, in its time zone), and each person added with their role unless
 * they are a member already (a member's role is left as it is).
 */
import type { Account } from './accounts.js';
import type { AtlasClient } from './api/atlas.js';
import type { Member } from './api/schemas.js';
import { ORGANIZATION } from './people.js';

export interface Organization {
  id: string;
  name: string;
  timezone: string;
  created: boolean;
  /** As Atlas answered them (a created organization's owner, or a found one's members). */
  members: Member[];
}

export async function ensureOrganization(atlas: AtlasClient, owner: Account): Promise<Organization> {
  const token = await owner.token();
  const mine = await atlas.organizations(token);
  const found = mine.find((o) => o.name === ORGANIZATION.name && !o.personal && o.owner_id === owner.user_id);
  if (found) {
    const members = await atlas.members(token, found.id);
    return { id: found.id, name: found.name, timezone: found.timezone, created: false, members };
  }
  // Created now: the read models may not show it for a moment, but the answer has all we need.
  const made = await atlas.createOrganization(token, ORGANIZATION.name, ORGANIZATION.timezone);
  return { id: made.id, name: made.name, timezone: made.timezone, created: true, members: made.members };
}

/** Adds the people who are not members yet; answers every member, with when they joined. */
export async function ensureMembers(
  atlas: AtlasClient,
  owner: Account,
  organization: Organization,
  accounts: readonly Account[],
): Promise<{ members: Member[]; added: number }> {
  const token = await owner.token();
  const members = [...organization.members];
  const present = new Set(members.map((m) => m.user_id));
  let added = 0;
  // One at a time: each addition appends to the organization's one stream.
  for (const account of accounts) {
    if (present.has(account.user_id)) continue;
    members.push(await atlas.addMember(token, organization.id, account.user_id, account.person.role));
    added++;
  }
  return { members, added };
}
