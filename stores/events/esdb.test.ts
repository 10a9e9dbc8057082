/**
 * The conformance suite against a real EventStoreDB, when ESDB_URL points at one
 * (`docker compose up eventstore`, then ESDB_URL=esdb://localhost:2113?tls=false).
 * The suite tolerates a server that already holds events: each test uses its own streams.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeEventStoreConformance } from './conformance.js';
import { newEvent } from './conformance-fixtures.js';
import { openEsdbEventStore } from './esdb.js';
import { openEventStore } from './open.js';
import { EventStoreUnavailableError } from './port.js';

const url = process.env.ESDB_URL;

if (!url) {
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\n!! EventStoreDB conformance suite SKIPPED: set ESDB_URL=esdb://localhost:2113?tls=false (docker compose up eventstore)\n${line}\n`,
  );
}

describe.skipIf(!url)('EventStoreDB adapter', () => {
  describeEventStoreConformance('esdb', () => openEsdbEventStore({ url: url! }));

  it('is what openEventStore picks when ESDB_URL is set', async () => {
    const store = openEventStore({ dataDir: '/nonexistent', ESDB_URL: url });
    expect(store.kind).toBe('esdb');
    await store.close();
  });
});

/** A TCP port on which nothing listens (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('EventStoreDB adapter without a server', () => {
  it('reports an unreachable server as EventStoreUnavailableError', async () => {
    const store = openEsdbEventStore({ url: `esdb://127.0.0.1:${await closedPort()}?tls=false` });
    await expect(store.append('s-1', [newEvent()])).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await store.close();
  });
});
