/**
 * The MCP server over Streamable HTTP (:8004), stateless: every `POST /mcp` carries an Atlas access
 * token (verified like every service does: ES256 against Atlas's key, `iss` and `aud`
 * `atlas-services`), and gets a server of its own that speaks with that token. Without a valid
 * token: 401 with `WWW-Authenticate: Bearer resource_metadata=…`, pointing at the RFC 9728
 * metadata, which names Atlas as the authorization server. `GET /mcp` and `DELETE /mcp` are 405:
 * stateless, there is neither a server-initiated stream nor a session to end (the transport spec
 * allows the 405).
 */
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import Koa from 'koa';
import { requireAtlasToken, type AuthOptions, type KitState, type Logger } from '../http/index.js';
import type { ServiceUrls } from './api.js';
import { createAtlasMcpServer, MCP_SERVER_VERSION } from './server.js';

export const METADATA_PATH = '/.well-known/oauth-protected-resource';

export interface McpHttpOptions {
  urls: ServiceUrls;
  auth: AuthOptions;
  logger: Logger;
  clock?: () => Date;
}

const problem = (ctx: Koa.Context, status: number, title: string, detail: string) => {
  ctx.status = status;
  ctx.type = 'application/problem+json';
  ctx.body = { type: `https://atlas.dev/problems/${title.toLowerCase().replace(/ /g, '-')}`, title, status, detail };
};

const originOf = (ctx: Koa.Context) => `${ctx.protocol}://${ctx.host}`;

export function mcpHttpApp(options: McpHttpOptions): Koa<KitState> {
  const { urls, logger } = options;
  const verify = requireAtlasToken(options.auth);
  const app = new Koa<KitState>();
  app.silent = true;

  app.use(async (ctx, next) => {
    if (ctx.path === '/healthz' && ctx.method === 'GET') {
      ctx.body = { status: 'ok', service: 'mcp', version: MCP_SERVER_VERSION };
      return;
    }
    // RFC 9728 §3: at the root, and with the resource's path (`/mcp`) appended.
    if ((ctx.path === METADATA_PATH || ctx.path === `${METADATA_PATH}/mcp`) && ctx.method === 'GET') {
      ctx.body = {
        resource: `${originOf(ctx)}/mcp`,
        authorization_servers: [urls.atlas],
        bearer_methods_supported: ['header'],
        resource_name: 'Atlas MCP server',
      };
      return;
    }
    if (ctx.path !== '/mcp') return problem(ctx, 404, 'Not Found', `no route ${ctx.method} ${ctx.path}`);
    try {
      await verify(ctx as never, next);
    } catch (error) {
      if ((error as { status?: number }).status !== 401) throw error;
      ctx.set('WWW-Authenticate', `Bearer resource_metadata="${originOf(ctx)}${METADATA_PATH}"`);
      problem(ctx, 401, 'Unauthorized', 'an Atlas access token is required: Authorization: Bearer <token>');
    }
  });

  app.use(async (ctx) => {
    if (ctx.method !== 'POST') {
      ctx.set('Allow', 'POST');
      return problem(ctx, 405, 'Method Not Allowed', 'this server is stateless: POST /mcp only');
    }
    const token = ctx.headers.authorization!.split(' ')[1]!;
    const server = createAtlasMcpServer({ urls, token, ...(options.clock ? { clock: options.clock } : {}) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    ctx.respond = false;
    ctx.res.on('close', () => {
      transport.close().catch((error: unknown) => logger.warn({ err: error }, 'closing an MCP transport failed'));
      server.close().catch((error: unknown) => logger.warn({ err: error }, 'closing an MCP server failed'));
    });
    await server.connect(transport);
    await transport.handleRequest(ctx.req, ctx.res);
  });
  return app;
}
