/** NexaCore (:8001): labs (Atlas organizations), researchers (Atlas users) and lab analytics. */
import { z } from 'zod';
import { Role } from './atlas.js';
import { call } from './client.js';

export const Lab = z.object({
  id: z.string(),
  organization_id: z.string(),
  lab_name: z.string(),
  domain: z.string().nullable(),
  organization_name: z.string(),
  personal: z.boolean(),
  timezone: z.string(),
  created_at: z.string(),
  updated_at: z.string().nullable(),
});
export type Lab = z.infer<typeof Lab>;

export const Researcher = z.object({
  id: z.string(),
  user_id: z.number(),
  username: z.string(),
  expertise_domains: z.array(z.string()),
  years_experience: z.number().nullable(),
  created_at: z.string(),
  updated_at: z.string().nullable(),
});
export type Researcher = z.infer<typeof Researcher>;

export const LabResearcher = Researcher.extend({ role: Role, joined_at: z.string() });
export type LabResearcher = z.infer<typeof LabResearcher>;

export const LabResearchers = z.object({ organization_id: z.string(), researchers: z.array(LabResearcher) });

export const WeekActivity = z.object({
  week_start: z.string(),
  week_end: z.string(),
  timezone: z.string(),
  active_seconds: z.number(),
  /** active_seconds / 3600, to the hundredth (services/nexacore/figures.ts). */
  active_hours: z.number(),
  member_days: z.number(),
  days: z.array(z.object({ date: z.string(), active_seconds: z.number(), active_members: z.number() })),
});
export type WeekActivity = z.infer<typeof WeekActivity>;

export const LabAnalytics = z.object({
  organization_id: z.string(),
  lab_name: z.string(),
  domain: z.string().nullable(),
  generated_at: z.string(),
  researchers: z.object({
    count: z.number(),
    members: z.array(z.object({ user_id: z.number(), username: z.string(), role: Role })),
  }),
  /** Domain → how many researchers name it; most named first (the answer's order is kept). */
  expertise_distribution: z.record(z.string(), z.number()),
  projects: z.object({ total: z.number(), active: z.number(), archived: z.number() }),
  tasks: z.object({
    total: z.number(),
    open: z.number(),
    started: z.number(),
    completed: z.number(),
    completion_rate: z.number().nullable(),
    median_cycle_time_hours: z.number().nullable(),
  }),
  activity_this_week: WeekActivity.nullable(),
  notes: z.array(z.string()),
});
export type LabAnalytics = z.infer<typeof LabAnalytics>;

/** `PATCH /labs/:id`: either field or both; `domain: null` (or "") clears it. */
export interface LabEdit {
  lab_name?: string;
  domain?: string | null;
}

/** `PUT /researchers/:user_id`: the whole statement (both fields). */
export interface ResearcherStatement {
  expertise_domains: string[];
  years_experience: number;
}

const lab = (id: string) => `/api/v1/labs/${encodeURIComponent(id)}`;

export const nexacore = {
  lab: (organizationId: string) => call('nexacore', 'GET', lab(organizationId), { schema: Lab }),
  editLab: (organizationId: string, edit: LabEdit) =>
    call('nexacore', 'PATCH', lab(organizationId), { body: edit, schema: Lab }),
  researchers: (organizationId: string) =>
    call('nexacore', 'GET', `${lab(organizationId)}/researchers`, { schema: LabResearchers }),
  analytics: (organizationId: string) =>
    call('nexacore', 'GET', `${lab(organizationId)}/analytics`, { schema: LabAnalytics }),
  researcher: (userId: number) => call('nexacore', 'GET', `/api/v1/researchers/${userId}`, { schema: Researcher }),
  updateResearcher: (userId: number, statement: ResearcherStatement) =>
    call('nexacore', 'PUT', `/api/v1/researchers/${userId}`, { body: statement, schema: Researcher }),
};
