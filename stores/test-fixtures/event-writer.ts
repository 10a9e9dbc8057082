/**
 * For tests: a real second Node process (`event-writer-child.ts`) appending to an SQLite event log,
 * `count` events to `stream`, one append each; resolves once it printed "done" and exited 0.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./event-writer-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function appendFromAnotherProcess(file: string, stream: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, stream, String(count)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && output.includes('done') ? resolve() : reject(new Error(`writer process exited ${code}: ${output}`)),
    );
  });
}
