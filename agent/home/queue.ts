/**
 * The agent's durable state, one SQLite file (`agent.db`, WAL, synchronous FULL): the queue of
 * closed minutes, and a few settings (`kv`). A minute is written here, with its record id, before
 * anything is sent, so a crash never loses a closed minute and a re-send never makes a new id.
 *
 * A minute is `queued` until the server accepts it (`delivered`), or `refused`: moved aside with
 * the server's problem, shown by `status`, never retried. Delivered minutes are kept 35 days, so
 * the user (and the fault test) can add up what this machine sent.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ActivityRecord } from '../api/codecrafters.js';

export type MinuteState = 'queued' | 'delivered' | 'refused';

export interface QueuedMinute {
  seq: number;
  record: ActivityRecord;
}

export interface RefusedMinute {
  seq: number;
  record: ActivityRecord;
  problem: unknown;
  refused_at: number;
}

export interface Totals {
  minutes: number;
  active_seconds: number;
  keystrokes: number;
  clicks: number;
  scrolls: number;
  mouse_distance_px: number;
}

const KEEP_DELIVERED_MS = 35 * 86_400_000;

export class AgentQueue {
  private readonly db: Database.Database;

  private constructor(file: string) {
    this.db = new Database(file, { timeout: 5_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS minutes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        minute_start INTEGER NOT NULL UNIQUE,
        record TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'refused')),
        attempts INTEGER NOT NULL DEFAULT 0,
        settled_at INTEGER,
        problem TEXT
      );
      CREATE INDEX IF NOT EXISTS minutes_by_state ON minutes (state, seq);
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  /** Opens `agent.db` in the agent's home when it exists (for `status`, which changes nothing), or null. */
  static openExisting(home: string): AgentQueue | null {
    const file = path.join(home, 'agent.db');
    return existsSync(file) ? new AgentQueue(file) : null;
  }

  /** Opens (creating) `agent.db` in the agent's home; `:memory:` for a dry run. */
  static open(home: string | ':memory:'): AgentQueue {
    if (home === ':memory:') return new AgentQueue(':memory:');
    mkdirSync(home, { recursive: true, mode: 0o700 });
    chmodSync(home, 0o700);
    const file = path.join(home, 'agent.db');
    const queue = new AgentQueue(file);
    // The user's activity is theirs alone, like the credentials: the database and its WAL files.
    for (const part of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(part)) chmodSync(part, 0o600);
    return queue;
  }

  close(): void {
    this.db.close();
  }

  /**
   * Queues closed minutes and stores the open minute's checkpoint in one transaction, so a crash
   * leaves either both or neither. A minute already queued (same minute_start) keeps its first record.
   */
  enqueue(records: ActivityRecord[], checkpoint?: { key: string; value: unknown }): number {
    const insert = this.db.prepare(
      `INSERT INTO minutes (id, minute_start, record, state) VALUES (?, ?, ?, 'queued') ON CONFLICT DO NOTHING`,
    );
    const tx = this.db.transaction(() => {
      let added = 0;
      for (const r of records) added += insert.run(r.id, Date.parse(r.minute_start), JSON.stringify(r)).changes;
      if (checkpoint) this.setRaw(checkpoint.key, checkpoint.value);
      return added;
    });
    return tx();
  }

  /** The oldest queued minutes, at most `limit`. */
  nextBatch(limit: number): QueuedMinute[] {
    const rows = this.db
      .prepare(`SELECT seq, record FROM minutes WHERE state = 'queued' ORDER BY seq LIMIT ?`)
      .all(limit) as { seq: number; record: string }[];
    return rows.map((row) => ({ seq: row.seq, record: JSON.parse(row.record) as ActivityRecord }));
  }

  markAttempted(seqs: number[]): void {
    const stmt = this.db.prepare(`UPDATE minutes SET attempts = attempts + 1 WHERE seq = ?`);
    this.db.transaction(() => seqs.forEach((seq) => stmt.run(seq)))();
  }

  markDelivered(seqs: number[], at: number): void {
    const stmt = this.db.prepare(
      `UPDATE minutes SET state = 'delivered', settled_at = ? WHERE seq = ? AND state = 'queued'`,
    );
    this.db.transaction(() => seqs.forEach((seq) => stmt.run(at, seq)))();
  }

  markRefused(refusals: { seq: number; problem: unknown }[], at: number): void {
    const stmt = this.db.prepare(
      `UPDATE minutes SET state = 'refused', settled_at = ?, problem = ? WHERE seq = ? AND state = 'queued'`,
    );
    this.db.transaction(() => refusals.forEach((r) => stmt.run(at, JSON.stringify(r.problem), r.seq)))();
  }

  depth(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM minutes WHERE state = 'queued'`).get() as { n: number }).n;
  }

  refusedCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM minutes WHERE state = 'refused'`).get() as { n: number }).n;
  }

  refused(limit = 20): RefusedMinute[] {
    const rows = this.db
      .prepare(`SELECT seq, record, problem, settled_at FROM minutes WHERE state = 'refused' ORDER BY seq DESC LIMIT ?`)
      .all(limit) as { seq: number; record: string; problem: string; settled_at: number }[];
    return rows.map((r) => ({
      seq: r.seq,
      record: JSON.parse(r.record) as ActivityRecord,
      problem: JSON.parse(r.problem) as unknown,
      refused_at: r.settled_at,
    }));
  }

  /** Has this minute a record already (queued, delivered or refused)? */
  holds(minuteStart: number): boolean {
    return this.db.prepare(`SELECT 1 FROM minutes WHERE minute_start = ?`).get(minuteStart) !== undefined;
  }

  /** What this machine recorded, by state: the fault test compares `delivered` with the server's totals. */
  totals(state: MinuteState): Totals {
    const rows = this.db.prepare(`SELECT record FROM minutes WHERE state = ?`).all(state) as { record: string }[];
    const totals: Totals = {
      minutes: 0,
      active_seconds: 0,
      keystrokes: 0,
      clicks: 0,
      scrolls: 0,
      mouse_distance_px: 0,
    };
    for (const { record } of rows) {
      const r = JSON.parse(record) as ActivityRecord;
      totals.minutes++;
      totals.active_seconds += r.active_seconds;
      totals.keystrokes += r.keystrokes;
      totals.clicks += r.clicks;
      totals.scrolls += r.scrolls;
      totals.mouse_distance_px += r.mouse_distance_px;
    }
    return totals;
  }

  /** Forgets delivered and refused minutes settled more than 35 days ago (queued ones are kept until they go). */
  prune(now: number): number {
    return this.db
      .prepare(`DELETE FROM minutes WHERE state IN ('delivered', 'refused') AND settled_at < ?`)
      .run(now - KEEP_DELIVERED_MS).changes;
  }

  get<T>(key: string): T | undefined {
    const row = this.db.prepare(`SELECT value FROM kv WHERE key = ?`).get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.setRaw(key, value);
  }

  delete(key: string): void {
    this.db.prepare(`DELETE FROM kv WHERE key = ?`).run(key);
  }

  private setRaw(key: string, value: unknown): void {
    this.db
      .prepare(`INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
      .run(key, JSON.stringify(value));
  }
}
