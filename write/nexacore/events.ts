/**
 * The NexaCore event catalogue: what NexaCore itself decides about labs (Atlas organizations) and
 * researchers (Atlas users). Everything else a profile shows comes from Atlas's events.
 *
 * The `*ProfileCreated` events record a profile made on demand (a request came before the
 * projection had made it); they carry the same facts the projection takes from Atlas's events,
 * so that a profile is the same whichever source created it.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event.js';
import { InstantSchema, TimeZoneSchema, UserIdSchema, UsernameSchema, UuidSchema, nameText } from '../schemas.js';

export * from './streams.js';

export const LabNameSchema = nameText(100);
/** A lab's field of research; null when not stated. */
export const DomainSchema = nameText(100, { min: 0 });
export const ExpertiseDomainSchema = nameText(50);
/** 0..20 distinct domains; distinct regardless of case, so "NLP" and "nlp" are one. */
export const ExpertiseDomainsSchema = z
  .array(ExpertiseDomainSchema)
  .max(20)
  .refine((domains) => new Set(domains.map((d) => d.toLowerCase())).size === domains.length, 'domains must be distinct')
  // JSON Schema's uniqueItems is a part of the rule only (it tells case apart); the rest is said.
  .meta({
    uniqueItems: true,
    description:
      'Distinct once trimmed, regardless of letter case ("NLP" and " nlp" are the same domain; a 400 otherwise)',
  });
export const YearsExperienceSchema = z.int().min(0).max(80);

export const LabProfileCreated = defineEvent(
  'nexacore.LabProfileCreated',
  1,
  z.strictObject({
    lab_id: UuidSchema,
    organization_id: UuidSchema,
    /** The name the lab takes from its organization (see `defaultLabName`). */
    lab_name: LabNameSchema,
    organization_name: z.string().min(1),
    personal: z.boolean(),
    timezone: TimeZoneSchema,
    /** The organization's creation: a lab exists since its organization does. */
    created_at: InstantSchema,
    requested_by: UserIdSchema,
  }),
);

export const LabRenamed = defineEvent(
  'nexacore.LabRenamed',
  1,
  z.strictObject({
    organization_id: UuidSchema,
    lab_name: LabNameSchema,
    previous_lab_name: LabNameSchema,
    renamed_by: UserIdSchema,
    renamed_at: InstantSchema,
  }),
);

export const LabDomainChanged = defineEvent(
  'nexacore.LabDomainChanged',
  1,
  z.strictObject({
    organization_id: UuidSchema,
    domain: DomainSchema.min(1).nullable(),
    previous_domain: DomainSchema.min(1).nullable(),
    changed_by: UserIdSchema,
    changed_at: InstantSchema,
  }),
);

export const ResearcherProfileCreated = defineEvent(
  'nexacore.ResearcherProfileCreated',
  1,
  z.strictObject({
    researcher_id: UuidSchema,
    user_id: UserIdSchema,
    username: UsernameSchema,
    /** The user's registration: a researcher exists since their user does. */
    created_at: InstantSchema,
    requested_by: UserIdSchema,
  }),
);

export const ResearcherProfileUpdated = defineEvent(
  'nexacore.ResearcherProfileUpdated',
  1,
  z.strictObject({
    user_id: UserIdSchema,
    expertise_domains: ExpertiseDomainsSchema,
    years_experience: YearsExperienceSchema,
    updated_at: InstantSchema,
  }),
);

export const nexacoreEvents = [
  LabProfileCreated,
  LabRenamed,
  LabDomainChanged,
  ResearcherProfileCreated,
  ResearcherProfileUpdated,
] as const;

export type NexacoreEvent = EventOf<typeof nexacoreEvents>;
export type NexacoreEventOf<Type extends NexacoreEvent['type']> = Extract<NexacoreEvent, { type: Type }>;
