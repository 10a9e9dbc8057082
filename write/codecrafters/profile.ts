/**
 * The productivity profile decider: a user's tracking settings. Only the user themself changes
 * them; a change that changes nothing appends nothing. Every event carries the whole settings, so
 * a reader never has to merge.
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import {
  DEFAULT_PROFILE,
  ProductivityProfileUpdated,
  profileSettingsOf,
  type ProfileSettings,
  type ProfileUpdatedData,
} from './events.js';

export interface UpdateProfile {
  type: 'UpdateProfile';
  user_id: number;
  /** Only the fields to change. */
  changes: Partial<ProfileSettings>;
  actor_id: number;
  now: Date;
}

export type ProfileCommand = UpdateProfile;
export type ProfileEvent = { type: typeof ProductivityProfileUpdated.type; data: ProfileUpdatedData };

export interface ProfileState {
  settings: ProfileSettings;
  /** When the user last changed them; null while they are the defaults. */
  updated_at: string | null;
}

const sameSettings = (a: ProfileSettings, b: ProfileSettings): boolean =>
  (Object.keys(a) as (keyof ProfileSettings)[]).every((key) => a[key] === b[key]);

export const profile: Decider<ProfileCommand, ProfileEvent, ProfileState> = {
  initialState: { settings: DEFAULT_PROFILE, updated_at: null },

  evolve(_state, event) {
    return { settings: profileSettingsOf(event.data), updated_at: event.data.updated_at };
  },

  decide(command, state) {
    if (command.actor_id !== command.user_id) {
      throw new DomainError('forbidden', 'only the user themself changes their productivity profile');
    }
    const defined = Object.fromEntries(Object.entries(command.changes).filter(([, value]) => value !== undefined));
    const settings: ProfileSettings = { ...state.settings, ...defined };
    if (settings.work_hours_start === settings.work_hours_end) {
      throw new DomainError('invalid', 'work_hours_end must differ from work_hours_start', '/work_hours_end');
    }
    if (sameSettings(settings, state.settings)) return [];
    return [
      {
        type: ProductivityProfileUpdated.type,
        data: {
          user_id: command.user_id,
          ...settings,
          updated_by: command.actor_id,
          updated_at: command.now.toISOString(),
        },
      },
    ];
  },
};
