/** The pure rules under the dashboard's files: request paths, Accept-Encoding, Accept, If-None-Match. */
import { describe, expect, it } from 'vitest';
import { acceptsGzip, acceptsHtml, stillFresh } from './negotiation.js';
import { hasExtension, requestPath } from './request-path.js';

describe('requestPath', () => {
  it('splits a path into decoded segments, without the query, empty segments dropped', () => {
    expect(requestPath('/organizations/a%20b//lab?next=/x#top')).toEqual({
      ok: true,
      segments: ['organizations', 'a b', 'lab'],
    });
    expect(requestPath('/')).toEqual({ ok: true, segments: [] });
  });

  it.each(['/..', '/a/../b', '/%2e%2e/x', '/..%2fx', '/a/./b', '/.git/config', '/a/%5c..', '/x\\y'])(
    'refuses %s with a 404',
    (target) => expect(requestPath(target)).toMatchObject({ ok: false, status: 404 }),
  );

  it.each(['/a%00b', '/%zz', 'x/y', '*', 'http://example.com/'])('refuses %s with a 400', (target) =>
    expect(requestPath(target)).toMatchObject({ ok: false, status: 400 }),
  );

  it('tells a file from a page by the last segment', () => {
    expect(hasExtension(['assets', 'app-1.js'])).toBe(true);
    expect(hasExtension(['organizations', 'x', 'lab'])).toBe(false);
    expect(hasExtension([])).toBe(false);
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.5', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip;q=0, *', false],
    ['*;q=0', false],
    ['identity', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => expect(acceptsGzip(header)).toBe(expected));
});

describe('acceptsHtml', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['application/xhtml+xml', true],
    ['*/*', false],
    ['application/json', false],
    ['text/html;q=0', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => expect(acceptsHtml(header)).toBe(expected));
});

describe('stillFresh', () => {
  it('matches the tag, weakly, in a list, or *', () => {
    expect(stillFresh('"abc"', '"abc"')).toBe(true);
    expect(stillFresh('W/"abc"', '"abc"')).toBe(true);
    expect(stillFresh('"x", "abc"', '"abc"')).toBe(true);
    expect(stillFresh('*', '"abc"')).toBe(true);
    expect(stillFresh('"abc-gz"', '"abc"')).toBe(false);
    expect(stillFresh(undefined, '"abc"')).toBe(false);
  });
});
