/**
 * How the dashboard's server answers on its own (not forwarded): the headers every answer carries,
 * the page's security headers, and errors as RFC 9457 problem documents, like every service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Problem } from '../../http/index.js';

/**
 * The page's Content-Security-Policy: the built app loads only its own scripts, styles and data
 * (`'self'`: the APIs are on this origin), and no other site may frame it.
 * `style-src-attr 'unsafe-inline'`: ECharts' tooltips are HTML with `style="…"` attributes; style
 * elements and sheets stay `'self'` only, and Vue's and ECharts' style properties (CSSOM) need no
 * exception. `img-src data: blob:`: ECharts' images of a chart.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** On every answer, forwarded ones too (a service's own value wins). */
export function commonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/** On the app's page (index.html). */
export function pageHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** Answers `problem` as `application/problem+json`, or cuts the connection when an answer has begun. */
export function answerProblem(req: IncomingMessage, res: ServerResponse, problem: Problem): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(problem.toDocument((req.url ?? '/').split('?', 1)[0]));
  res.writeHead(problem.status, {
    ...problem.headers,
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function answerJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
