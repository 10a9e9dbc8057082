/**
 * The progress bar of the long part (sending the minutes), on stderr, as the `atlas` CLI draws
 * its own (projections/runtime/progress-bar.ts); cli-progress draws nothing when stderr is not
 * a terminal, so a piped or tested run stays quiet.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

export function recordsBar(stream: NodeJS.WritableStream = process.stderr): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: 'activity [{bar}] {percentage}% | {value}/{total} minutes | {speed} minutes/s | ETA {eta_formatted}',
      stream,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = Date.now();
  return {
    start(total) {
      started = Date.now();
      bar.start(Math.max(total, 1), 0, { speed: 0 });
    },
    update(done) {
      const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
      bar.update(done, { speed: Math.round(done / seconds).toLocaleString('en-US') });
    },
    stop() {
      bar.stop();
    },
  };
}
