/**
 * Who everyone is beyond Atlas: the lab's name and field (NexaCore, by the owner), each
 * researcher's expertise (NexaCore, by themselves), and each person's productivity settings (Code
 * Crafters, by themselves): their time zone, their working hours, and the demo organization as
 * where their activity goes. Every one of these is a statement of the whole value, so sending it
 * again changes nothing.
 */
import type { Account } from './accounts.js';
import type { CodeCraftersClient, NexaCoreClient } from './api/partners.js';
import { ORGANIZATION } from './people.js';
import { inParallel } from './pool.js';
import type { RhythmName } from './rhythms.js';

const WORK_HOURS: Record<RhythmName, [string, string]> = {
  regular: ['09:00', '17:30'],
  early_bird: ['06:30', '15:00'],
  night_owl: ['14:00', '01:00'],
  part_timer: ['09:00', '13:00'],
  flexible: ['08:00', '16:00'],
  on_leave: ['09:00', '17:30'],
};

export async function describeLab(nexacore: NexaCoreClient, owner: Account, organizationId: string): Promise<void> {
  await nexacore.updateLab(await owner.token(), organizationId, {
    lab_name: ORGANIZATION.lab_name,
    domain: ORGANIZATION.domain,
  });
}

export async function describeResearchers(nexacore: NexaCoreClient, accounts: readonly Account[]): Promise<void> {
  await inParallel(accounts, 4, async (account) => {
    await nexacore.stateExpertise(await account.token(), account.user_id, {
      expertise_domains: [...account.person.expertise],
      years_experience: account.person.years_experience,
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sets everyone's settings, then waits until Code Crafters' read model shows them: a minute is
 * attributed to an organization when it is stored, so none may be sent before the setting holds.
 */
export async function setWorkSettings(
  codecrafters: CodeCraftersClient,
  accounts: readonly Account[],
  organizationId: string,
): Promise<void> {
  await inParallel(accounts, 4, async (account) => {
    const [start, end] = WORK_HOURS[account.person.rhythm];
    const token = await account.token();
    await codecrafters.updateProfile(token, account.user_id, {
      timezone: account.person.timezone,
      default_organization_id: organizationId,
      work_hours_start: start,
      work_hours_end: end,
      tracking_enabled: true,
    });
    for (let attempt = 0; ; attempt++) {
      const shown = await codecrafters.profile(token, account.user_id);
      if (shown.default_organization_id === organizationId && shown.timezone === account.person.timezone) return;
      if (attempt >= 100) throw new Error(`Code Crafters does not show ${account.person.username}'s new settings`);
      await sleep(100);
    }
  });
}
