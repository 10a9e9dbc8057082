/**
 * Another process holding SQLite locks, as an operator's sqlite3 shell or a backup tool would
 * (`lock-holder.ts` drives it). Reads commands on stdin, one a line, and answers each on stdout:
 *   lock <file>      BEGIN EXCLUSIVE on <file> (a connection per file, kept) → "locked <file>"
 *   release <file>   ROLLBACK                                                 → "released <file>"
 * A failure answers "error <message>". It exits when stdin ends.
 *   node --import tsx stores/test-fixtures/lock-holder-child.ts
 */
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const connections = new Map<string, Database.Database>();

function connection(file: string): Database.Database {
  let db = connections.get(file);
  if (!db) {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000'); // this process may wait: it serves nothing
    connections.set(file, db);
  }
  return db;
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, ...rest] = line.trim().split(' ');
  const file = rest.join(' ');
  try {
    if (command === 'lock') {
      connection(file).exec('BEGIN EXCLUSIVE');
      process.stdout.write(`locked ${file}\n`);
    } else if (command === 'release') {
      connection(file).exec('ROLLBACK');
      process.stdout.write(`released ${file}\n`);
    } else {
      throw new Error(`unknown command ${JSON.stringify(line)}`);
    }
  } catch (error) {
    process.stdout.write(`error ${String((error as Error).message ?? error).replaceAll('\n', ' ')}\n`);
  }
});
lines.on('close', () => {
  for (const db of connections.values()) db.close();
});
