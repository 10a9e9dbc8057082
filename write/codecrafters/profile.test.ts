import { describe, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import { DEFAULT_PROFILE } from './events.js';
import { profile, type ProfileEvent, type UpdateProfile } from './profile.js';

const given = deciderSpec(profile);
const now = new Date('2025-03-12T10:00:00Z');
const update = (changes: UpdateProfile['changes'], actor_id = 7): UpdateProfile => ({
  type: 'UpdateProfile',
  user_id: 7,
  changes,
  actor_id,
  now,
});
const updated = (settings: Partial<typeof DEFAULT_PROFILE>, at = now): ProfileEvent => ({
  type: 'codecrafters.ProductivityProfileUpdated',
  data: { user_id: 7, ...DEFAULT_PROFILE, ...settings, updated_by: 7, updated_at: at.toISOString() },
});

describe('productivity profile decider', () => {
  it('records the whole settings when the user changes some, from the defaults', () => {
    given([])
      .when(update({ idle_threshold_minutes: 10, timezone: 'Asia/Kolkata' }))
      .then([updated({ idle_threshold_minutes: 10, timezone: 'Asia/Kolkata' })]);
  });

  it('keeps the fields a change leaves out', () => {
    const earlier = updated({ idle_threshold_minutes: 10 }, new Date('2025-03-01T00:00:00Z'));
    given([earlier])
      .when(update({ tracking_enabled: false }))
      .then([updated({ idle_threshold_minutes: 10, tracking_enabled: false })]);
  });

  it('appends nothing when nothing changes', () => {
    given([updated({ idle_threshold_minutes: 10 })])
      .when(update({ idle_threshold_minutes: 10 }))
      .thenNothing();
    given([])
      .when(update({ tracking_enabled: true }))
      .thenNothing();
  });

  it('refuses a change by anyone but the user', () => {
    given([])
      .when(update({ idle_threshold_minutes: 10 }, 8))
      .thenThrows('forbidden');
  });

  it('refuses work hours that start when they end', () => {
    given([])
      .when(update({ work_hours_end: '09:00' }))
      .thenThrows('invalid', /differ/);
  });
});
