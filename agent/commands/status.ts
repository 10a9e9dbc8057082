/** `atlas-agent status [--json]`: who is signed in, whether it tracks and why not, the task, the queue, the last delivery and refusal. */
import path from 'node:path';
import { readCredentials } from '../home/credentials.js';
import { lockHolder } from '../home/file-lock.js';
import { AgentQueue } from '../home/queue.js';
import { stateOf } from '../run/state-keys.js';
import type { Io } from './io.js';

export const START_LOCK = 'start.lock';

export interface StatusReport {
  signed_in: { user_id: number; username: string; method: string; renewable: boolean } | null;
  auth: { ok: boolean; detail: string } | null;
  running: boolean;
  pid: number | null;
  tracking: 'tracking' | 'paused' | 'not running';
  reason: string | null;
  dry_run: boolean;
  task: { task_id: string; title: string } | null;
  paused_until: string | null;
  device_id: string | null;
  queue_depth: number;
  refused_total: number;
  last_delivery: { at: string; result: string; detail: string } | null;
  last_refusal: { at: string; minute_start: string; record_id: string; problem: unknown } | null;
  next_send_at: string | null;
  hook_events: number | null;
}

const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

export function statusReport(io: Io): StatusReport {
  const credentials = readCredentials(io.settings.home);
  // Reading changes nothing: no home, no database is made for it.
  const queue = AgentQueue.openExisting(io.settings.home) ?? AgentQueue.open(':memory:');
  try {
    const state = stateOf(queue);
    const run = state.get('status');
    const pid = lockHolder(path.join(io.settings.home, START_LOCK));
    const running = pid !== null && run?.pid === pid;
    const pause = state.get('pause');
    const delivery = state.get('last_delivery');
    const refusal = state.get('last_refusal');
    const auth = state.get('auth') ?? null;
    return {
      signed_in: credentials && {
        user_id: credentials.user_id,
        username: credentials.username,
        method: credentials.method,
        renewable: credentials.refresh_token !== null,
      },
      auth: credentials ? auth : { ok: false, detail: 'not signed in: run `atlas-agent login`' },
      running,
      pid: running ? pid : null,
      tracking: !running ? 'not running' : run.recording ? 'tracking' : 'paused',
      reason: running ? run.reason : null,
      dry_run: running ? run.dry_run : false,
      task: state.get('task') ?? null,
      paused_until: pause ? (pause.until === null ? 'resume' : iso(pause.until)) : null,
      device_id: state.get('device_id') ?? null,
      queue_depth: queue.depth(),
      refused_total: queue.refusedCount(),
      last_delivery: delivery ? { at: iso(delivery.at)!, result: delivery.result, detail: delivery.detail } : null,
      last_refusal: refusal ? { ...refusal, at: iso(refusal.at)! } : null,
      next_send_at: running ? iso(run.next_send_at) : null,
      hook_events: running ? run.hook_events : null,
    };
  } finally {
    queue.close();
  }
}

export function status(io: Io, json: boolean): void {
  const s = statusReport(io);
  if (json) {
    io.out(`${JSON.stringify(s, null, 2)}\n`);
    return;
  }
  const lines = [
    `Signed in: ${s.signed_in ? `${s.signed_in.username} (user ${s.signed_in.user_id}, by ${s.signed_in.method}${s.signed_in.renewable ? '' : ', not renewable'})` : 'no — run `atlas-agent login`'}`,
    ...(s.auth && !s.auth.ok && s.signed_in ? [`Sign in again: ${s.auth.detail}`] : []),
    `Agent: ${s.tracking}${s.reason ? ` (${s.reason})` : ''}${s.dry_run ? ' [dry run]' : ''}${s.pid ? `, pid ${s.pid}` : ''}`,
    `Task: ${s.task ? `${s.task.title} (${s.task.task_id})` : 'none'}`,
    ...(s.paused_until ? [`Paused until: ${s.paused_until}`] : []),
    `Queue: ${s.queue_depth} minute(s) waiting${s.refused_total ? `, ${s.refused_total} refused and set aside` : ''}`,
    `Last delivery: ${s.last_delivery ? `${s.last_delivery.at} ${s.last_delivery.result}: ${s.last_delivery.detail}` : 'none yet'}`,
    ...(s.last_refusal
      ? [
          `Last refusal: minute ${s.last_refusal.minute_start} at ${s.last_refusal.at}: ${JSON.stringify(s.last_refusal.problem)}`,
        ]
      : []),
    ...(s.next_send_at ? [`Next send: ${s.next_send_at}`] : []),
  ];
  io.out(`${lines.join('\n')}\n`);
}
