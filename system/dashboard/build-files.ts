/**
 * The files of the dashboard's build, found safely and kept in memory. A file is found only inside
 * the build's folder, after symlinks are followed (a link out of it is no file of ours). Files are
 * small and change only when the build is made again (then their mtime and size do), so each is
 * read once, with its entity tag and, for text, its gzip form made once at level 9.
 */
import { createHash } from 'node:crypto';
import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip, constants as zlib } from 'node:zlib';
import { LRUCache } from 'lru-cache';

const gzipped = promisify(gzip);

export interface BuildFile {
  /** The real path, inside the build. */
  file: string;
  stats: Stats;
}

const missing = (error: unknown) =>
  ['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES'].includes((error as { code?: string }).code ?? '');

/** The file at `segments` under `root`, or null when there is none or it resolves outside `root`. */
export async function findFile(root: string, segments: readonly string[]): Promise<BuildFile | null> {
  try {
    const realRoot = await fsp.realpath(root);
    const real = await fsp.realpath(path.join(realRoot, ...segments));
    if (!real.startsWith(realRoot + path.sep)) return null;
    const stats = await fsp.stat(real);
    return stats.isFile() ? { file: real, stats } : null;
  } catch (error) {
    if (missing(error)) return null;
    throw error;
  }
}

export interface LoadedFile {
  body: Buffer;
  /** A strong tag of the bytes. */
  etag: string;
  /** The gzip form is another representation, with a tag of its own. */
  gzipEtag: string;
  gzip(): Promise<Buffer>;
}

interface Entry {
  mtimeMs: number;
  size: number;
  loaded: LoadedFile;
  gzipBytes: number;
}

export class BuildFileCache {
  private readonly entries: LRUCache<string, Entry>;

  /** `maxBytes`: what the cache holds at most, the plain and gzip forms together. */
  constructor(maxBytes = 64 * 1024 * 1024) {
    this.entries = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.size + entry.gzipBytes),
    });
  }

  async load({ file, stats }: BuildFile): Promise<LoadedFile> {
    const cached = this.entries.get(file);
    if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.loaded;
    const body = await fsp.readFile(file);
    const tag = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    let compressed: Promise<Buffer> | null = null;
    const entry: Entry = {
      mtimeMs: stats.mtimeMs,
      size: body.length,
      gzipBytes: 0,
      loaded: {
        body,
        etag: `"${tag}"`,
        gzipEtag: `"${tag}-gz"`,
        gzip: () =>
          (compressed ??= gzipped(body, { level: zlib.Z_BEST_COMPRESSION }).then((bytes) => {
            entry.gzipBytes = bytes.length;
            // Stored again so that the cache counts the gzip form's size too.
            if (this.entries.get(file) === entry) this.entries.set(file, entry);
            return bytes;
          })),
      },
    };
    this.entries.set(file, entry);
    return entry.loaded;
  }
}
