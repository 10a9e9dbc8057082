/**
 * Agent time. In production it is the wall clock. A test may run it faster (a minute in a second)
 * from an origin in the past, so that minutes close quickly and stay within the server's clock
 * skew; timers then wait `agentMs / scale` of real time. Every path is the same code.
 */
export interface Clock {
  now(): number;
  /** Real milliseconds for a span of agent time. */
  realMs(agentMs: number): number;
  /** Resolves after `agentMs` of agent time, or at once when the signal aborts. */
  sleep(agentMs: number, signal?: AbortSignal): Promise<void>;
}

export function agentClock(scale = 1, origin: number | null = null, epoch: number | null = null): Clock {
  const realStart = epoch ?? Date.now();
  const agentStart = origin ?? realStart;
  const now = () => (scale === 1 && origin === null ? Date.now() : agentStart + (Date.now() - realStart) * scale);
  const realMs = (agentMs: number) => Math.max(0, agentMs / scale);
  return {
    now,
    realMs,
    sleep: (agentMs, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const timer = setTimeout(done, realMs(agentMs));
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}
