/**
 * Entry of the store's worker threads, in plain JavaScript on purpose: a worker thread does not
 * inherit the main thread's TypeScript loader (tsx, or vitest's), so a `.ts` module registers
 * tsx (a dependency of the project) before it is imported. `workerData.entry` is its URL.
 */
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
