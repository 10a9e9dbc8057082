/**
 * Starts a Koa app on a port (0 = any free one) and hands back a way to stop it cleanly.
 *
 * Some requests never reach Koa: Node's HTTP parser refuses them first (headers over
 * `maxHeaderSize`, 16 KiB by default, are a 431; a request that cannot be parsed, a 400; one too
 * slow to arrive, a 408). Node would answer those with a bare status line; here they are problem
 * documents like every other error (`clientError`). A CONNECT request, which Node hands to the
 * `connect` event instead of the app, goes through the app like any other method (a 405 with
 * `Allow` on a path the service has, else a 404).
 */
import { randomUUID } from 'node:crypto';
import { createServer, ServerResponse, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { markClosing } from './closing.js';
import { Problem, type ProblemKind } from './problem.js';

export interface Listening {
  server: Server;
  port: number;
  /** e.g. `http://127.0.0.1:8001` */
  url: string;
  close(): Promise<void>;
}

const PARSER_REFUSALS: Record<string, { kind: ProblemKind; detail: string }> = {
  HPE_HEADER_OVERFLOW: { kind: 'headers-too-large', detail: 'the request headers are larger than the server accepts' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    kind: 'payload-too-large',
    detail: 'the chunk extensions of the request body are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { kind: 'request-timeout', detail: 'the request did not arrive in time' },
};

/** The raw HTTP/1.1 answer to a request Node's parser refused, as a problem document. */
export function parserRefusal(code: string | undefined): string {
  const { kind, detail } = PARSER_REFUSALS[code ?? ''] ?? {
    kind: 'malformed-request' as const,
    detail: 'the request is not valid HTTP',
  };
  const requestId = randomUUID();
  const problem = new Problem(kind, detail);
  const body = JSON.stringify({ ...problem.toDocument(), request_id: requestId });
  return [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Node's own handling of a parser error (`socketOnError` in `_http_server`), answering a problem document. */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A response of ours already under way on this socket must not be corrupted by a second one.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) socket.write(parserRefusal(error.code));
  socket.destroy(error);
}

/** A CONNECT request goes through the app like any other method. */
function connectThroughApp(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, socket: Duplex) => {
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.on('finish', () => {
      res.detachSocket(socket as Socket);
      socket.end();
    });
    socket.on('error', () => socket.destroy());
    handler(req, res);
  };
}

/** Anything that gives a Node request handler: a Koa app of any state and context. */
export interface HandlerSource {
  callback(): (req: IncomingMessage, res: ServerResponse) => unknown;
}

export function listen(app: HandlerSource, port = 0, host = '127.0.0.1'): Promise<Listening> {
  const closing = new AbortController();
  const callback = app.callback();
  // Each request learns when this server starts closing (`closing.ts`): event streams end then.
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    markClosing(req, closing.signal);
    return callback(req, res);
  };
  const server = createServer(handler);
  server.on('clientError', answerClientError);
  server.on('connect', connectThroughApp(handler));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        port: actual,
        url: `http://${shownHost}:${actual}`,
        close: () =>
          new Promise<void>((done, fail) => {
            closing.abort();
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive sockets would hold close() open until they time out.
            server.closeIdleConnections();
          }),
      });
    });
  });
}
