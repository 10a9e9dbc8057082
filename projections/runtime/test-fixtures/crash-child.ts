/**
 * The projector as its own process, for the crash test: runs the test projections over the stores
 * in `<dir>` until they have caught up with the log, printing a line per committed batch, then
 * stops and prints `done`. The test SIGKILLs it at random points and starts it again.
 * With `rebuild`: `atlas rebuild all` instead (from zero, in one pass over the log).
 */
import { openSqliteEventStore } from '../../../stores/events/sqlite.js';
import { openSqliteReadStore } from '../../../stores/reads/sqlite.js';
import { startProjections } from '../projector.js';
import { rebuildAll } from '../rebuild.js';
import { streamCounter, typeTotals } from './projections.js';
import { storeFiles } from './stores.js';

const [dir, mode] = process.argv.slice(2);
if (!dir) throw new Error('usage: crash-child.ts <dir> [rebuild]');
const files = storeFiles(dir);
const events = openSqliteEventStore({ file: files.events });
const reads = openSqliteReadStore({ file: files.reads });
if (mode === 'rebuild') {
  await rebuildAll([streamCounter(), typeTotals()], {
    events,
    reads,
    onBatch: ({ projection, position }) => process.stdout.write(`batch ${projection} ${position}\n`),
  });
  await events.close();
  await reads.close();
  process.stdout.write('done\n');
  process.exit(0);
}
const projector = await startProjections({
  events,
  reads,
  projections: [streamCounter(), typeTotals()],
  onBatch: ({ projection, position }) => process.stdout.write(`batch ${projection} ${position}\n`),
});
for (;;) {
  const lags = await projector.lag();
  if (lags.every((lag) => lag.caught_up)) break;
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await projector.stop();
await events.close();
await reads.close();
process.stdout.write('done\n');
