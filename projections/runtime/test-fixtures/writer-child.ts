/**
 * Another process appending to the test log while a projector runs live:
 *   node --import tsx writer-child.ts <dir> <stream> <count>
 * Appends <count> `Noted` events to <stream>, one append each, then prints `done`.
 */
import { openSqliteEventStore } from '../../../stores/events/sqlite.js';
import { newEvent } from './projections.js';
import { storeFiles } from './stores.js';

const [dir, stream, count] = process.argv.slice(2);
if (!dir || !stream || !count) throw new Error('usage: writer-child.ts <dir> <stream> <count>');
const events = openSqliteEventStore({ file: storeFiles(dir).events });
for (let i = 0; i < Number(count); i += 1) await events.append(stream, [newEvent('Noted', { i })]);
await events.close();
process.stdout.write('done\n');
