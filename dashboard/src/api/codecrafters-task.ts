/**
 * Code Crafters (:8002): the time spent on one task (`GET /api/v1/productivity/tasks/:task_id`).
 * Owners and managers get every user's time (`scope: team`); a member gets their own (`own`).
 * Hours are the API's (two decimals, services/codecrafters/hours.ts): shown as they come.
 */
import { z } from 'zod';
import { call } from './client.js';

export const TaskTimeUser = z.object({
  user_id: z.number(),
  username: z.string().nullable(),
  productive_seconds: z.number(),
  productive_hours: z.number(),
  active_minutes: z.number(),
  first_activity_at: z.string(),
  last_activity_at: z.string(),
});
export type TaskTimeUser = z.infer<typeof TaskTimeUser>;

export const TaskTime = z.object({
  task_id: z.string(),
  title: z.string(),
  project_id: z.string(),
  organization_id: z.string(),
  status: z.enum(['open', 'started', 'completed']),
  scope: z.enum(['team', 'own']),
  total_productive_seconds: z.number(),
  total_productive_hours: z.number(),
  active_minutes: z.number(),
  first_activity_at: z.string().nullable(),
  last_activity_at: z.string().nullable(),
  users: z.array(TaskTimeUser),
});
export type TaskTime = z.infer<typeof TaskTime>;

export const taskTime = (taskId: string) =>
  call('codecrafters', 'GET', `/api/v1/productivity/tasks/${encodeURIComponent(taskId)}`, { schema: TaskTime });
