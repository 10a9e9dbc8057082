/** The `kv` entries of agent.db, and their shapes: what `start` writes and the other commands read or change. */
import type { Profile } from '../counting/gate.js';
import type { TallySnapshot } from '../counting/minute-tally.js';

export interface RunStatus {
  pid: number;
  started_at: number;
  /** Agent time of the last write; `status` calls a run whose heartbeat is old "not running". */
  heartbeat_at: number;
  /** Real time of the last write. */
  heartbeat_real_at: number;
  recording: boolean;
  reason: string | null;
  dry_run: boolean;
  hook_events: number;
  minutes_queued_total: number;
  next_send_at: number | null;
}

export interface Delivery {
  at: number;
  result: 'accepted' | 'refused' | 'retrying' | 'sign_in_again';
  detail: string;
  accepted?: number;
  refused?: number;
}

export interface Refusal {
  at: number;
  minute_start: string;
  record_id: string;
  problem: unknown;
}

export interface Keys {
  device_id: string;
  send_offset_ms: number;
  pause: { until: number | null } | null;
  task: { task_id: string; title: string } | null;
  profile: { profile: Profile; fetched_at: number };
  checkpoint: { snapshot: TallySnapshot; taken_at: number };
  status: RunStatus;
  last_delivery: Delivery;
  last_refusal: Refusal;
  auth: { ok: boolean; detail: string };
}

export type Key = keyof Keys;

export interface KvStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Typed access to the kv entries. */
export const stateOf = (kv: KvStore) => ({
  get: <K extends Key>(key: K): Keys[K] | undefined => kv.get<Keys[K]>(key),
  set: <K extends Key>(key: K, value: Keys[K]): void => kv.set(key, value),
  delete: (key: Key): void => kv.delete(key),
});
