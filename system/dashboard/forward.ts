/**
 * The four APIs on the dashboard's origin: `/<service>/…` goes, without the prefix, to the service
 * (`/atlas/api/v1/me` → `http://127.0.0.1:8000/api/v1/me`), using the table in
 * `dashboard/services.ts`, the same one Vite's dev server uses.
 *
 * Bodies stream both ways and are never held whole: server-sent events arrive frame by frame. The
 * status and the end-to-end headers pass as they are; hop-by-hop ones (RFC 9110 §7.6.1) do not.
 * `X-Forwarded-For`/`-Proto`/`-Host` say who asked. When the browser goes away, the request to
 * the service is cut. A service that does not answer is a 502 problem that names it.
 */
import {
  type Agent,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import { Problem, payloadTooLarge, type Logger } from '../../http/index.js';
import { answerProblem } from './answer.js';

export interface Upstream {
  /** `atlas`, as in `dashboard/services.ts`. */
  service: string;
  /** For people: `Atlas`, `Code Crafters`. */
  title: string;
  /** `/atlas` */
  prefix: string;
  /** `http://127.0.0.1:8000` */
  origin: string;
}

export interface Forwarding {
  upstream: Upstream;
  /** The path and query the service is asked: `/api/v1/me?x=1`. */
  path: string;
}

/** Which service a request target is for (`/atlas`, `/atlas/…`, `/atlas?…`), or null: then it is the app's. */
export function forwardingOf(target: string, upstreams: readonly Upstream[]): Forwarding | null {
  for (const upstream of upstreams) {
    if (!target.startsWith(upstream.prefix)) continue;
    const rest = target.slice(upstream.prefix.length);
    if (rest === '' || rest.startsWith('?')) return { upstream, path: `/${rest}` };
    if (rest.startsWith('/')) return { upstream, path: rest };
  }
  return null;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The end-to-end headers: without the hop-by-hop ones, nor those `Connection` names. */
export function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    kept[name] = value;
  }
  return kept;
}

/** What the service is told about the browser's request. `Host` stays the one the browser used. */
export function forwardedHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const headers = endToEnd(req.headers);
  const address = req.socket.remoteAddress ?? '';
  const before = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = before ? `${String(before)}, ${address}` : address;
  headers['x-forwarded-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  return headers;
}

/** Passes bytes on until `limit`, then fails: the request body is bounded without being held. */
class Bounded extends Transform {
  private seen = 0;
  exceeded = false;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.exceeded = true;
      done(new Error('request body over the limit'));
      return;
    }
    done(null, chunk);
  }
}

export interface ForwardOptions {
  agent: Agent;
  logger: Logger;
  /** Largest request body passed on, in bytes; the services' own (smaller) limits answer first. */
  maxBodyBytes: number;
}

const tooLarge = (limit: number) =>
  payloadTooLarge(`the request body is larger than the dashboard's limit of ${limit} bytes`);

export function forward(req: IncomingMessage, res: ServerResponse, to: Forwarding, options: ForwardOptions): void {
  const { upstream, path } = to;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > options.maxBodyBytes) {
    res.setHeader('Connection', 'close');
    answerProblem(req, res, tooLarge(options.maxBodyBytes));
    return;
  }
  const origin = new URL(upstream.origin);
  const outgoing = request({
    protocol: origin.protocol,
    hostname: origin.hostname.replace(/^\[|\]$/g, ''),
    port: origin.port,
    method: req.method,
    path,
    headers: forwardedHeaders(req),
    agent: options.agent,
  });

  // The browser went away before the answer ended: stop asking the service.
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy();
  });

  outgoing.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
    res.flushHeaders();
    pipeline(answer, res, (error) => {
      if (error) outgoing.destroy();
    });
  });

  const body = new Bounded(options.maxBodyBytes);
  outgoing.on('error', (error: Error & { code?: string }) => {
    if (body.exceeded) {
      res.setHeader('Connection', 'close');
      answerProblem(req, res, tooLarge(options.maxBodyBytes));
      return;
    }
    if (res.destroyed || res.writableEnded) return; // the browser left first
    if (res.headersSent) {
      res.destroy(error); // cut mid-answer: the browser sees the answer end early, not a wrong one
      return;
    }
    options.logger.warn({ service: upstream.service, err: error }, 'a service did not answer the dashboard');
    answerProblem(
      req,
      res,
      new Problem(
        'bad-gateway',
        `${upstream.title} (${upstream.service}) did not answer at ${upstream.origin} (${error.code ?? error.message}). ` +
          `Start it: \`npm start\` runs every part, \`npm start -- ${upstream.service}\` this one.`,
      ),
    );
  });

  req.pipe(body).pipe(outgoing);
  body.on('error', () => {
    req.unpipe(body);
    req.resume(); // read and drop the rest, so that the 413 can be sent
    outgoing.destroy(new Error('request body over the limit'));
  });
}
