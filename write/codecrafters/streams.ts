/**
 * Code Crafters stream names. Activity streams are bounded: one per user per UTC day (at most
 * 1,440 minutes, a little more with several devices), so no stream grows without end.
 */
export const activityStream = (userId: number, utcDate: string): string => `codecrafters-activity-${userId}-${utcDate}`;

export const profileStream = (userId: number): string => `codecrafters-profile-${userId}`;
