/**
 * A terminal progress bar over log positions, with events/s and ETA, for the `atlas` CLI.
 * Silent when the stream is not a terminal (cli-progress draws nothing there).
 */
import cliProgress from 'cli-progress';
import type { BatchProgress } from './runner.js';

export interface PositionBar {
  /** Feed it `onBatch`. */
  update(progress: BatchProgress): void;
  stop(): void;
}

export function positionBar(label: string, total: number, stream: NodeJS.WritableStream = process.stderr): PositionBar {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | position {value}/{total} | {speed} events/s | ETA {eta_formatted}`,
      stream,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(Math.max(total, 1), 0, { speed: 0 });
  return {
    update(progress) {
      const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
      bar.update(Math.min(progress.position, Math.max(total, 1)), {
        speed: Math.round(progress.total_events / seconds).toLocaleString('en-US'),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
