/**
 * The dashboard's server (`npm start`, part `dashboard`, :5173): one origin for the built app and
 * the four APIs. `/<service>/…` is forwarded (`forward.ts`); `/healthz` says it is up; everything
 * else is the app's files (`static-files.ts`). Plain node:http: a proxy streams, and there is no
 * route to declare.
 */
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { internalProblem, listen, type Listening, type Logger } from '../../http/index.js';
import { answerJson, answerProblem, commonHeaders } from './answer.js';
import { forward, forwardingOf, type Upstream } from './forward.js';
import { staticFiles } from './static-files.js';

/** Request bodies the dashboard passes on: above the services' own limit (1 MB), so theirs answers first. */
export const MAX_FORWARDED_BODY_BYTES = 2 * 1024 * 1024;

export interface DashboardServerOptions {
  /** The built app: `dashboard/dist`. */
  dist: string;
  upstreams: readonly Upstream[];
  logger: Logger;
  maxBodyBytes?: number;
}

export interface DashboardHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Closes the kept-alive connections to the services. */
  close(): void;
}

export function dashboardHandler(options: DashboardServerOptions): DashboardHandler {
  const { upstreams, logger } = options;
  const files = staticFiles(options.dist);
  const agent = new Agent({ keepAlive: true });
  const forwarding = { agent, logger, maxBodyBytes: options.maxBodyBytes ?? MAX_FORWARDED_BODY_BYTES };

  return {
    handle(req, res) {
      commonHeaders(res);
      const target = req.url ?? '';
      const to = forwardingOf(target, upstreams);
      if (to) {
        forward(req, res, to, forwarding);
        return;
      }
      if (target === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        answerJson(req, res, 200, {
          status: 'ok',
          services: upstreams.map((u) => ({ service: u.service, url: u.origin })),
        });
        return;
      }
      files(req, res).catch((error: unknown) => {
        logger.error({ err: error, url: target }, 'the dashboard could not answer');
        answerProblem(req, res, internalProblem());
      });
    },
    close: () => agent.destroy(),
  };
}

/** Listens on `port` (0: any free one); `close()` also ends open answers (server-sent events). */
export async function startDashboardServer(
  options: DashboardServerOptions & { port: number; host: string },
): Promise<Listening> {
  const handler = dashboardHandler(options);
  const listening = await listen({ callback: () => handler.handle }, options.port, options.host);
  return {
    ...listening,
    async close() {
      const closed = listening.close();
      listening.server.closeAllConnections();
      handler.close();
      await closed;
    },
  };
}
