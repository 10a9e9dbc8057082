/**
 * Value shapes shared by every context's events and command inputs, and by the services' routes:
 * ids, instants and dates, roles, time zones, and the rules for names and free text. One source
 * of truth for each; every context imports them from here.
 */
import { z } from 'zod';

/** An Atlas user id: the seed's `users.id INTEGER`, a positive safe integer. */
export const UserIdSchema = z.int().positive().max(Number.MAX_SAFE_INTEGER);

/** A user id written in decimal, as in a URL or a query string: no sign, no leading zero, at most 15 digits. */
export const USER_ID_TEXT = /^[1-9][0-9]{0,14}$/;

/** The user id a text names, or null when it names nobody (the caller answers 404 or 400). */
export function userIdOf(text: string): number | null {
  return USER_ID_TEXT.test(text) ? Number(text) : null;
}

/** A user id in a query string, as a number. */
export const UserIdTextSchema = z.string().regex(USER_ID_TEXT, 'a user id (a positive integer)').transform(Number);

export const UuidSchema = z.uuid();
export const isUuid = (text: string): boolean => UuidSchema.safeParse(text).success;
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
/**
 * Characters no name or title may hold: C0 and C1 control characters (NUL, escape, newlines …) and
 * the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which
 * make a name read differently from what it is (`‮txt.exe`).
 */
const NOT_IN_NAMES = /^[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$/;
/** What no text may hold: NUL (cut short by C strings and some stores). */
const NO_NUL = /^[^\u0000]*$/;

/** Well-formed UTF-16: every surrogate in a pair, none alone (a lone one does not survive UTF-8). */
const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;
const LONE_SURROGATE = 'must not contain a lone surrogate (not valid Unicode)';

/**
 * A name that must not be blank. Surrounding whitespace is trimmed before the length is checked;
 * the trim is invisible to JSON Schema, so the document also says what it implies: at least one
 * character that is not whitespace (`\S`).
 */
export const notBlank = { pattern: '\\S', description: 'Not blank; surrounding whitespace is trimmed' } as const;

/** A name or a title: trimmed, 1 (or `min`) to `max` characters, no control or bidi control characters, well-formed. */
export function nameText(max: number, { min = 1 }: { min?: number } = {}) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .regex(NOT_IN_NAMES, 'must not contain control characters or bidirectional controls')
    .regex(WELL_FORMED, LONE_SURROGATE)
    .meta(min > 0 ? notBlank : {});
}

/** Free text (a description, a comment): at most `max` characters, no NUL, well-formed. Lines and tabs are fine. */
export function freeText(max: number, options: { trim?: boolean } = {}) {
  const base = options.trim ? z.string().trim() : z.string();
  return base.max(max).regex(NO_NUL, 'must not contain NUL characters').regex(WELL_FORMED, LONE_SURROGATE);
}

export const OrganizationNameSchema = nameText(100);
export const ProjectNameSchema = nameText(200);
export const TaskTitleSchema = nameText(200);
export const DescriptionSchema = freeText(10_000);

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

/**
 * The canonical zone names of this runtime's ICU, and UTC: every one is accepted. The document
 * lists them as the schema's enum (a refinement is invisible to JSON Schema); the check accepts
 * a little more, the aliases and letter cases Intl knows (`US/Eastern`, `utc`), as it always has.
 */
export const CANONICAL_TIME_ZONES: readonly string[] = [
  ...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']),
].sort();

/** An IANA time zone; a day of activity is cut in the organization's zone (design §5). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .refine(isTimeZone, 'not an IANA time zone')
  .meta({
    id: 'TimeZone',
    description:
      "An IANA time zone: one of these canonical names (this server's Intl.supportedValuesOf('timeZone'), and UTC). " +
      'The aliases and letter cases Intl also knows (US/Eastern, utc) are accepted too; anything else is a 400',
    enum: [...CANONICAL_TIME_ZONES],
  });
