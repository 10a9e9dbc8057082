/**
 * A process that takes one page of a scan on the reader thread and then abandons it, neither
 * pulling again nor closing the store (`sqlite-scan.test.ts`): it must still exit by itself.
 * Args: <file>.
 */
import { newEvent } from '../events/conformance-fixtures.js';
import { openSqliteEventStore } from '../events/sqlite.js';

const store = openSqliteEventStore({ file: process.argv[2]!, scanThreadMinEvents: 0 });
await store.append(
  's',
  Array.from({ length: 50 }, () => newEvent()),
);
const pages = store.scan({ after: 0, upTo: 50, pageSize: 5 })[Symbol.asyncIterator]();
const first = await pages.next();
process.stdout.write(`took ${first.value?.length ?? 0}\n`);
