/** What the request accepts, and whether the browser's copy is still good. Pure functions of headers. */

interface Offer {
  name: string;
  q: number;
}

/** `gzip;q=0.8, br` → offers, each with its weight (RFC 9110 §12.4.2; a missing q is 1). */
function offers(header: string | undefined): Offer[] {
  if (!header) return [];
  return header.split(',').flatMap((part) => {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (!name) return [];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return [{ name, q: Number.isFinite(q) ? q : 0 }];
  });
}

/** `Accept-Encoding` allows gzip: named with q > 0, or `*` with q > 0 and gzip not refused. */
export function acceptsGzip(header: string | undefined): boolean {
  const all = offers(header);
  const gzip = all.find((o) => o.name === 'gzip' || o.name === 'x-gzip');
  if (gzip) return gzip.q > 0;
  return all.some((o) => o.name === '*' && o.q > 0);
}

/**
 * `Accept` names an HTML page: what a browser sends when it navigates (`text/html,…`). `*\/*` alone
 * (fetch, curl) is not enough: a missing file asked for by a script gets a 404, not the app's page.
 */
export function acceptsHtml(header: string | undefined): boolean {
  return offers(header).some((o) => (o.name === 'text/html' || o.name === 'application/xhtml+xml') && o.q > 0);
}

/** `If-None-Match` holds this entity tag, or `*` (weak comparison, RFC 9110 §13.1.2). */
export function stillFresh(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
