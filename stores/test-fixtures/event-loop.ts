/**
 * For tests: how long this process's event loop was held up while something went on
 * (`perf_hooks.monitorEventLoopDelay`), in milliseconds.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
}

export function watchEventLoop(): { stop(): LoopDelay } {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      return { maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), meanMs: ms(histogram.mean) };
    },
  };
}
