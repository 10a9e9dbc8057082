/** The Code Crafters write side, as the partner service calls it. */
export * from './events.js';
export { ActivityBatchInput, ActivityRecordInput, MAX_RECORDS_PER_BATCH } from './record.js';
export { CLOCK_SKEW_MS, MAX_AGE_DAYS } from './record.js';
export { NotVisibleYetError, type ActivityFacts, type TaskFacts } from './facts.js';
export {
  logActivity,
  type ActivityDeps,
  type LoggedActivity,
  type RefusedRecord,
  type Sender,
} from './log-activity.js';
export { ActivityDays } from './activity-days.js';
export { updateProfile, UpdateProfileInput, type ProfileDeps, type ProfileChange } from './update-profile.js';
export type { ProfileState } from './profile.js';
export { addDays, datesFrom, daysBetween, localDate, localTime, offsetMinutes } from './local-time.js';
