/** What the NexaCore API answers, as zod schemas: they document the routes (OpenAPI) and check each answer. */
import { z } from 'zod';
import { refusalsFrom } from '../../http/index.js';
import { refusalAnswers } from '../problems.js';
import { RoleSchema } from '../../write/schemas.js';

const Id = z.uuid();
const Instant = z.iso.datetime();
const UserId = z.int().positive();

export const LabOut = z
  .object({
    id: Id,
    organization_id: Id,
    lab_name: z.string(),
    domain: z.string().nullable(),
    organization_name: z.string(),
    personal: z.boolean(),
    timezone: z.string(),
    created_at: Instant,
    updated_at: Instant.nullable(),
  })
  .meta({ id: 'LabProfile' });

export const MyLabOut = LabOut.extend({ role: RoleSchema }).meta({ id: 'MyLab' });

export const ResearcherOut = z
  .object({
    id: Id,
    user_id: UserId,
    username: z.string(),
    expertise_domains: z.array(z.string()),
    years_experience: z.int().nullable(),
    created_at: Instant,
    updated_at: Instant.nullable(),
  })
  .meta({ id: 'ResearcherProfile' });

export const LabResearcherOut = ResearcherOut.extend({ role: RoleSchema, joined_at: Instant }).meta({
  id: 'LabResearcher',
});

export const LabResearchersOut = z.object({ organization_id: Id, researchers: z.array(LabResearcherOut) });

const ActivityDayOut = z.object({
  date: z.iso.date(),
  active_seconds: z.number().min(0),
  active_members: z.int().min(0),
});

export const WeekActivityOut = z
  .object({
    week_start: z.iso.date(),
    week_end: z.iso.date(),
    timezone: z.string(),
    active_seconds: z.number().min(0),
    active_hours: z.number().min(0),
    /** Sum over the days of the members active that day. */
    member_days: z.int().min(0),
    days: z.array(ActivityDayOut),
  })
  .meta({ id: 'LabWeekActivity' });

export const AnalyticsOut = z
  .object({
    organization_id: Id,
    lab_name: z.string(),
    domain: z.string().nullable(),
    generated_at: Instant,
    researchers: z.object({
      count: z.int().min(0),
      members: z.array(z.object({ user_id: UserId, username: z.string(), role: RoleSchema })),
    }),
    expertise_distribution: z.record(z.string(), z.int().positive()),
    projects: z.object({ total: z.int().min(0), active: z.int().min(0), archived: z.int().min(0) }),
    tasks: z.object({
      total: z.int().min(0),
      open: z.int().min(0),
      started: z.int().min(0),
      completed: z.int().min(0),
      completion_rate: z.number().min(0).max(1).nullable(),
      median_cycle_time_hours: z.number().min(0).nullable(),
    }),
    activity_this_week: WeekActivityOut.nullable(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'LabAnalytics' });

/** The refusals the routes may answer, for the document; a route picks its own: `...refusals(401, 404)`. */
export const refusals = refusalsFrom(refusalAnswers('A concurrent change won; try again'));
