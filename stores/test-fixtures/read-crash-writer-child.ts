/**
 * Child process of sqlite-crash.test.ts: applies `crashBatch`es from the stored checkpoint on,
 * forever, reporting progress on stdout, until the test kills it with SIGKILL.
 * Usage: node --import tsx stores/test-fixtures/read-crash-writer-child.ts <reads.db>
 */
import { openSqliteReadStore } from '../reads/sqlite.js';
import { CRASH_CHECKPOINT, crashBatch } from './read-crash-batches.js';

const file = process.argv[2];
if (!file) throw new Error('usage: writer.ts <reads.db>');
const store = openSqliteReadStore({ file });
let position = await store.checkpoint(CRASH_CHECKPOINT);
for (;;) {
  position += 1;
  await store.applyBatch(crashBatch(position), { name: CRASH_CHECKPOINT, position });
  process.stdout.write(`applied ${position}\n`);
}
