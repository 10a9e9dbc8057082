/**
 * A proxy in front of Code Crafters that a fault suite switches: `pass` forwards; `down` stops
 * listening (the agent gets connection refused, as from a stopped server); `unavailable` answers
 * 503 problem+json with `Retry-After`; `hold` forwards a request, lets the server store it, and
 * never answers (so the agent can be killed in the middle of a send, its batch stored).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Mode = 'pass' | 'down' | 'unavailable' | 'hold';

export interface Proxy {
  url: string;
  mode: Mode;
  set(mode: Mode): Promise<void>;
  /** Resolves with the status the server gave the first request held after `hold`. */
  held(): Promise<number>;
  counts: Record<'forwarded' | 'unavailable' | 'held', number>;
  close(): Promise<void>;
}

export async function startProxy(upstream: string): Promise<Proxy> {
  const target = new URL(upstream);
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  let heldResolve: ((status: number) => void) | null = null;
  let heldPromise = new Promise<number>((resolve) => (heldResolve = resolve));
  const proxy: Proxy = {
    url: '',
    mode: 'pass',
    counts: { forwarded: 0, unavailable: 0, held: 0 },
    async set(mode) {
      if (mode === 'hold') heldPromise = new Promise<number>((resolve) => (heldResolve = resolve));
      if (mode === 'down' && proxy.mode !== 'down') await stop();
      if (mode !== 'down' && proxy.mode === 'down') await listen();
      proxy.mode = mode;
    },
    held: () => heldPromise,
    async close() {
      if (proxy.mode !== 'down') await stop();
    },
  };

  const forward = (req: IncomingMessage, res: ServerResponse | null, body: Buffer, done: (status: number) => void) => {
    const upstreamRequest = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          done(answer.statusCode ?? 0);
          if (!res) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    upstreamRequest.on('error', () => res?.destroy());
    upstreamRequest.end(body);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isLog = req.method === 'POST' && req.url === '/api/v1/activity/log';
      if (proxy.mode === 'unavailable' && isLog) {
        proxy.counts.unavailable++;
        res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
        res.end(
          JSON.stringify({
            type: 'https://atlas.dev/problems/unavailable',
            title: 'Service unavailable',
            status: 503,
            detail: 'test outage',
          }),
        );
        return;
      }
      if (proxy.mode === 'hold' && isLog) {
        proxy.counts.held++;
        forward(req, null, body, (status) => heldResolve?.(status)); // stored upstream, never answered
        return;
      }
      proxy.counts.forwarded++;
      forward(req, res, body, () => undefined);
    });
  };

  function listen(): Promise<void> {
    server = createServer(handler);
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        proxy.url = `http://127.0.0.1:${port}`;
        resolve();
      });
    });
  }

  function stop(): Promise<void> {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  await listen();
  return proxy;
}
