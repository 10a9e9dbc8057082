/**
 * The built app, as files: `GET`/`HEAD` only, safe paths (`request-path.ts`, `build-files.ts`),
 * the right content type, gzip for text when the browser takes it, entity tags and 304s.
 *
 * Caching: hashed files under `/assets/` never change (`immutable`, a year); `index.html` and the
 * rest are revalidated on every use (`no-cache` + ETag), so a new build is seen at once.
 * A page of the app (`/organizations/x/lab`: no extension, asked for as HTML) is `index.html`,
 * so a deep link works on reload; a missing file is a 404 problem.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Problem, notFound } from '../../http/index.js';
import { answerProblem, pageHeaders } from './answer.js';
import { BuildFileCache, findFile, type BuildFile } from './build-files.js';
import { kindOf } from './content-types.js';
import { acceptsGzip, acceptsHtml, stillFresh } from './negotiation.js';
import { hasExtension, requestPath } from './request-path.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** Below this, gzip saves less than its own header costs. */
const GZIP_FROM_BYTES = 512;

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function staticFiles(root: string, cache = new BuildFileCache()): StaticHandler {
  async function send(req: IncomingMessage, res: ServerResponse, found: BuildFile, cacheControl: string) {
    const kind = kindOf(found.file);
    const file = await cache.load(found);
    const gzip =
      kind.compressible && file.body.length >= GZIP_FROM_BYTES && acceptsGzip(req.headers['accept-encoding']);
    const etag = gzip ? file.gzipEtag : file.etag;
    if (kind.type.startsWith('text/html')) pageHeaders(res);
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', etag);
    if (kind.compressible) res.setHeader('Vary', 'Accept-Encoding');
    if (stillFresh(req.headers['if-none-match'], etag)) {
      res.writeHead(304).end();
      return;
    }
    const body = gzip ? await file.gzip() : file.body;
    res.writeHead(200, {
      'Content-Type': kind.type,
      'Content-Length': body.length,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  return async function serveStatic(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answerProblem(
        req,
        res,
        new Problem('method-not-allowed', `${req.method ?? ''} is not allowed here; allowed: GET, HEAD`, {
          headers: { Allow: 'GET, HEAD' },
        }),
      );
      return;
    }
    const target = requestPath(req.url ?? '');
    if (!target.ok) {
      answerProblem(
        req,
        res,
        target.status === 400 ? new Problem('malformed-request', target.detail) : notFound(target.detail),
      );
      return;
    }
    const { segments } = target;
    const found = segments.length > 0 ? await findFile(root, segments) : null;
    if (found) {
      await send(req, res, found, segments[0] === 'assets' && segments.length > 1 ? IMMUTABLE : REVALIDATE);
      return;
    }
    const page =
      segments.length === 0 || (!hasExtension(segments) && segments[0] !== 'assets' && acceptsHtml(req.headers.accept));
    if (page) {
      const index = await findFile(root, ['index.html']);
      if (index) {
        await send(req, res, index, REVALIDATE);
        return;
      }
      answerProblem(
        req,
        res,
        new Problem(
          'unavailable',
          'the dashboard is not built: dashboard/dist/index.html is missing (npm run build:dashboard, or restart npm start)',
        ),
      );
      return;
    }
    const shown = (req.url ?? '').split('?', 1)[0];
    answerProblem(req, res, notFound(`there is no file ${shown} in the dashboard`));
  };
}
