/**
 * Whether the agent records right now, and if not, why: the pure rule behind `status`. Nothing is
 * recorded while the user paused it, while tracking is off in their productivity profile, or
 * outside the profile's work hours (in the profile's effective time zone; a range such as
 * 22:00–06:00 wraps past midnight).
 */

export interface Profile {
  tracking_enabled: boolean;
  idle_threshold_minutes: number;
  work_hours_start: string;
  work_hours_end: string;
  effective_timezone: string;
}

export interface Pause {
  /** Epoch ms when a timed pause ends; null for a pause until `resume`. */
  until: number | null;
}

export type Gate =
  | { recording: true }
  | { recording: false; reason: 'paused' | 'tracking_disabled' | 'outside_work_hours' | 'no_profile'; detail: string };

const minutesOf = (clock: string): number => {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight of `now` in `zone`. */
export function localMinuteOfDay(now: number, zone: string): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, format);
  }
  const parts = format.formatToParts(new Date(now));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/** Is `now` within `[start, end)` of the profile's working day (wrapping past midnight when start > end)? */
export function withinWorkHours(now: number, profile: Profile): boolean {
  const at = localMinuteOfDay(now, profile.effective_timezone);
  const start = minutesOf(profile.work_hours_start);
  const end = minutesOf(profile.work_hours_end);
  return start < end ? at >= start && at < end : at >= start || at < end;
}

export function gate(now: number, pause: Pause | null, profile: Profile | null): Gate {
  if (pause && (pause.until === null || now < pause.until)) {
    const detail =
      pause.until === null
        ? 'paused until `atlas-agent resume`'
        : `paused until ${new Date(pause.until).toISOString()}`;
    return { recording: false, reason: 'paused', detail };
  }
  if (!profile) return { recording: false, reason: 'no_profile', detail: 'waiting for your productivity profile' };
  if (!profile.tracking_enabled)
    return {
      recording: false,
      reason: 'tracking_disabled',
      detail: 'tracking is disabled in your productivity profile',
    };
  if (!withinWorkHours(now, profile))
    return {
      recording: false,
      reason: 'outside_work_hours',
      detail: `outside your work hours (${profile.work_hours_start}–${profile.work_hours_end} ${profile.effective_timezone})`,
    };
  return { recording: true };
}
