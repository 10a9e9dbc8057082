/**
 * The server side of `bench/partners.ts`, in a process of its own so that the load generator does
 * not share its event loop (on a 2-core machine, one core each):
 *
 *   node --import tsx bench/partners-server.ts system   the real system (test-system.ts: embedded
 *                                                       SQLite stores, projector, Atlas + partners
 *                                                       and the MCP server on ephemeral 127.0.0.1
 *                                                       ports, temp data dir)
 *   node --import tsx bench/partners-server.ts bare     the baseline: a new Koa app, one middleware
 *                                                       answering a small JSON
 *
 * Started with an IPC channel (`fork`): sends `{ urls }` once listening, and stops (removing the
 * data dir) on the message `stop` or when the parent goes away.
 */
import Koa from 'koa';
import { listen } from '../http/index.js';
import { startTestSystem } from '../system/test-system.js';

export interface ServerReady {
  urls: Record<string, string>;
}

async function start(mode: string | undefined): Promise<{ urls: Record<string, string>; stop: () => Promise<void> }> {
  if (mode === 'system') {
    const system = await startTestSystem();
    return { urls: { ...(system.urls as Record<string, string>), mcp: system.mcpUrl! }, stop: () => system.stop() };
  }
  if (mode === 'bare') {
    const app = new Koa();
    app.use(async (ctx) => {
      ctx.body = { status: 'ok' };
    });
    const listening = await listen(app, 0, '127.0.0.1');
    return { urls: { bare: listening.url }, stop: () => listening.close() };
  }
  throw new Error(`usage: partners-server.ts system|bare (got ${String(mode)})`);
}

if (!process.send) throw new Error('partners-server.ts runs as a child of bench/partners.ts (it needs an IPC channel)');

const server = await start(process.argv[2]);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send({ urls: server.urls } satisfies ServerReady);
