/**
 * What a file in the dashboard's build is, by its extension: the `Content-Type` it is sent with,
 * and whether it is worth compressing (text is; images and fonts are compressed already).
 */
import path from 'node:path';

interface Kind {
  type: string;
  compressible: boolean;
}

const text = (type: string): Kind => ({ type: `${type}; charset=utf-8`, compressible: true });
const binary = (type: string, compressible = false): Kind => ({ type, compressible });

const kinds: Record<string, Kind> = {
  '.html': text('text/html'),
  '.js': text('text/javascript'),
  '.mjs': text('text/javascript'),
  '.css': text('text/css'),
  '.json': text('application/json'),
  '.map': text('application/json'),
  '.webmanifest': text('application/manifest+json'),
  '.txt': text('text/plain'),
  '.xml': text('application/xml'),
  '.svg': text('image/svg+xml'),
  '.wasm': binary('application/wasm', true),
  '.png': binary('image/png'),
  '.jpg': binary('image/jpeg'),
  '.jpeg': binary('image/jpeg'),
  '.gif': binary('image/gif'),
  '.webp': binary('image/webp'),
  '.avif': binary('image/avif'),
  '.ico': binary('image/x-icon'),
  '.woff2': binary('font/woff2'),
  '.woff': binary('font/woff'),
  '.ttf': binary('font/ttf'),
};

/** Unknown extensions are opaque bytes: with `nosniff`, the browser will not guess. */
const unknown: Kind = binary('application/octet-stream');

export function kindOf(file: string): Kind {
  return kinds[path.extname(file).toLowerCase()] ?? unknown;
}
