/** What a command talks to: the settings, its output streams and stdin. Tests hand in their own. */
import type { Settings } from '../settings.js';

export interface Io {
  settings: Settings;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  readStdin: () => Promise<string>;
}

/** A failure the user can act on: printed as one line (no stack), exit code 1 (2 for a usage error). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** `30m`, `2h`, `90s`, `1h30m` in ms. */
export function durationMs(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || !text.trim() || match.slice(1).every((part) => part === undefined))
    throw new CommandError(`"${text}" is not a duration: use e.g. 30m, 2h, 1h30m or 90s`, 2);
  const [, h = '0', m = '0', s = '0'] = match;
  const ms = (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000;
  if (ms <= 0 || ms > 7 * 86_400_000) throw new CommandError('a pause lasts between 1 s and 7 days', 2);
  return ms;
}
