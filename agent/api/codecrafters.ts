/** The Code Crafters (:8002) calls the agent makes: send a batch, read the profile, check a task. */
import { z } from 'zod';
import { ActivityRecordInput, type ActivityBatchInput } from '../../write/codecrafters/record.js';
import type { Profile } from '../counting/gate.js';
import { call } from './http.js';

/** The record as the server checks it: one contract, shared with the write side. */
export const ActivityRecord = ActivityRecordInput;
export type ActivityRecord = z.infer<typeof ActivityRecord>;

export const LogAnswer = z.object({
  accepted: z.number().int().min(0),
  refused: z.array(
    z.looseObject({ index: z.number().int().min(0), id: z.string(), code: z.string(), reason: z.string() }),
  ),
});
export type LogAnswer = z.infer<typeof LogAnswer>;

const ProfileAnswer = z.looseObject({
  tracking_enabled: z.boolean(),
  idle_threshold_minutes: z.number().int().positive(),
  work_hours_start: z.string().regex(/^\d\d:\d\d$/),
  work_hours_end: z.string().regex(/^\d\d:\d\d$/),
  effective_timezone: z.string().min(1),
});

const TaskAnswer = z.looseObject({ task_id: z.string(), title: z.string().optional() });
export type TaskAnswer = z.infer<typeof TaskAnswer>;

export class CodeCraftersApi {
  constructor(private readonly baseUrl: string) {}

  log(token: string, batch: ActivityBatchInput, signal?: AbortSignal): Promise<LogAnswer> {
    return call(`${this.baseUrl}/api/v1/activity/log`, LogAnswer, { token, body: batch, timeoutMs: 30_000, signal });
  }

  async profile(token: string, user_id: number): Promise<Profile> {
    const p = await call(`${this.baseUrl}/api/v1/productivity/profiles/${user_id}`, ProfileAnswer, { token });
    return {
      tracking_enabled: p.tracking_enabled,
      idle_threshold_minutes: p.idle_threshold_minutes,
      work_hours_start: p.work_hours_start,
      work_hours_end: p.work_hours_end,
      effective_timezone: p.effective_timezone,
    };
  }

  /** 200 when the user may log time on the task (a member of its organization); a 404 ProblemError otherwise. */
  task(token: string, task_id: string): Promise<TaskAnswer> {
    return call(`${this.baseUrl}/api/v1/productivity/tasks/${encodeURIComponent(task_id)}`, TaskAnswer, { token });
  }
}
