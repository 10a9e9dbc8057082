/**
 * A second process writing to an SQLite event log, for `event-writer.ts`:
 *   node --import tsx stores/test-fixtures/event-writer-child.ts <file> <stream> <count>
 * Appends <count> events to <stream>, one append each (with expected revisions), then prints "done".
 */
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '../events/sqlite.js';

const [file, stream, count] = process.argv.slice(2);
if (!file || !stream || !count) throw new Error('usage: event-writer-child.ts <file> <stream> <count>');

const store = openSqliteEventStore({ file });
for (let revision = 0; revision < Number(count); revision += 1) {
  await store.append(
    stream,
    [
      {
        id: randomUUID(),
        type: 'Ticked',
        data: { revision, pid: process.pid },
        metadata: {
          correlation_id: randomUUID(),
          causation_id: null,
          user_id: null,
          occurred_at: new Date().toISOString(),
          schema_version: 1,
        },
      },
    ],
    { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 },
  );
}
await store.close();
process.stdout.write('done\n');
