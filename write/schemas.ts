/**
 * Value shapes shared by every context's events and command inputs, and by the services' routes:
 * ids, instants and dates, roles, time zones, and the rules for names and free text. One source
 * of truth for each; every context imports them from here.
 */
import { z } from 'zod';

export const UserIdSchema = z.int().positive();
export const UuidSchema = z.uuid();
/** An ISO 8601 UTC instant, as `Date.prototype.toISOString` writes it. */
export const InstantSchema = z.iso.datetime();
/** A calendar date without time zone, `YYYY-MM-DD`. */
export const LocalDateSchema = z.iso.date();
export const RoleSchema = z.enum(['owner', 'manager', 'member']);
export type Role = z.infer<typeof RoleSchema>;

/** Letters, digits, `_`, `.`, `-`; starts with a letter, digit or `_`. Unique regardless of case. */
export const UsernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{2,31}$/, '3 to 32 letters, digits, "_", "." or "-"');
export const EmailSchema = z.email().max(254);
export const OrganizationNameSchema = z.string().trim().min(1).max(100);
export const ProjectNameSchema = z.string().trim().min(1).max(200);
export const TaskTitleSchema = z.string().trim().min(1).max(200);
export const DescriptionSchema = z.string().max(10_000);

/** Zones already checked: building an `Intl.DateTimeFormat` costs ~50 µs, and every activity record names two zones. */
const knownZones = new Set<string>();

function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  // Bounded, and only valid names are kept, so a flood of garbage cannot grow it.
  if (knownZones.size < 1_000) knownZones.add(zone);
  return true;
}

/** An IANA time zone; a day of activity is cut in the organization's zone (design §5). */
export const TimeZoneSchema = z.string().min(1).refine(isTimeZone, 'not an IANA time zone');

