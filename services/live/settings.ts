/** The live routes' numbers (docs/live.md), one set per service; tests lower some of them. */
export interface LiveSettings {
  /** How often the projections' checkpoints are read while an event waits for them. */
  pollMs: number;
  /** Events read from the log at once (the watcher's subscription, a resume's backlog). */
  pageSize: number;
  /** A resume more events behind than this gets one `reset` instead of the missed notices. */
  maxBacklog: number;
  /** Streams open at once per user and service; the next is a 429. */
  maxPerUser: number;
  /** The `retry:` hint: how long a client waits before it reconnects. */
  retryMs: number;
  /** The `: keep-alive` comment's interval. */
  heartbeatMs: number;
  /** First delay before the watcher follows the log again after a store failed it; doubles up to 30 s. */
  restartMs: number;
}

export const defaultLiveSettings: LiveSettings = {
  pollMs: 50,
  pageSize: 1000,
  maxBacklog: 10_000,
  maxPerUser: 8,
  retryMs: 3000,
  heartbeatMs: 15_000,
  restartMs: 1000,
};
