/**
 * `atlas-agent login`: three ways to sign in, as the partner guide names them. `--token` takes an
 * access token (pasted, or `-` for stdin); `--username U --password-stdin` reads the password from
 * stdin, never from the command line; `--browser` runs the device flow (RFC 8628): it prints a code
 * and a URL, opens the browser where it can, and polls Atlas at the interval it was given.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { AtlasApi, type Tokens } from '../api/atlas.js';
import { NetworkError, ProblemError } from '../api/http.js';
import { writeCredentials } from '../home/credentials.js';
import { credentialsOf } from '../home/session.js';
import { CommandError, type Io } from './io.js';

/** The options of `login`, for node:util's parseArgs (the agent's CLI and atlas-mcp's share them). */
export const LOGIN_ARGS = {
  token: { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  browser: { type: 'boolean' },
  'no-open': { type: 'boolean' },
} as const;

/** The parsed `login` arguments as options. */
export const loginOptionsOf = (v: {
  token?: string;
  username?: string;
  'password-stdin'?: boolean;
  browser?: boolean;
  'no-open'?: boolean;
}): LoginOptions => ({
  token: v.token,
  username: v.username,
  passwordStdin: v['password-stdin'] === true,
  browser: v.browser === true,
  open: v['no-open'] !== true,
});

export interface LoginOptions {
  token?: string;
  username?: string;
  passwordStdin?: boolean;
  browser?: boolean;
  open?: boolean;
  /** Shown on the approval page for the browser sign-in (default "atlas-agent on <host>"). */
  clientName?: string;
}

function jwtExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}

const explain = (error: unknown, what: string): never => {
  if (error instanceof NetworkError) throw new CommandError(`${what}: ${error.message}`);
  if (error instanceof ProblemError) throw new CommandError(`${what}: ${error.message} (${error.status})`);
  throw error;
};

export async function login(io: Io, options: LoginOptions): Promise<void> {
  const ways = [options.token !== undefined, options.username !== undefined, options.browser === true].filter(Boolean);
  if (ways.length !== 1)
    throw new CommandError(
      'sign in one way: --token TOKEN | --token - | --username NAME --password-stdin | --browser',
      2,
    );
  const atlas = new AtlasApi(io.settings.atlasUrl);
  if (options.token !== undefined) return loginWithToken(io, atlas, options.token);
  if (options.username !== undefined) {
    if (!options.passwordStdin)
      throw new CommandError(
        '--username needs --password-stdin: the password is read from stdin, never from the command line',
        2,
      );
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    if (!password) throw new CommandError('no password on stdin', 2);
    const tokens = await atlas.login(options.username, password).catch((e: unknown) => explain(e, 'cannot sign in'));
    return save(io, atlas, tokens, 'password');
  }
  return loginWithBrowser(io, atlas, options.open !== false, options.clientName ?? `atlas-agent on ${os.hostname()}`);
}

async function loginWithToken(io: Io, atlas: AtlasApi, given: string): Promise<void> {
  const token = (given === '-' ? await io.readStdin() : given).trim();
  if (!token) throw new CommandError('no token given', 2);
  const me = await atlas.me(token).catch((e: unknown) => explain(e, 'the token was not accepted'));
  const exp = jwtExpiry(token);
  const expires_in = exp ? Math.max(1, exp - Math.floor(Date.now() / 1000)) : 900;
  writeCredentials(
    io.settings.home,
    credentialsOf(io.settings.atlasUrl, me, { access_token: token, expires_in, refresh_token: null }, 'token'),
  );
  io.out(
    `Signed in as ${me.username} (user ${me.id}) with a pasted token; it cannot be renewed, so sign in again when it expires (in ${Math.round(expires_in / 60)} min).\n`,
  );
}

async function save(io: Io, atlas: AtlasApi, tokens: Tokens, method: 'password' | 'browser'): Promise<void> {
  const me = await atlas
    .me(tokens.access_token)
    .catch((e: unknown) => explain(e, 'signed in, but Atlas does not answer'));
  writeCredentials(io.settings.home, credentialsOf(io.settings.atlasUrl, me, tokens, method));
  io.out(`Signed in as ${me.username} (user ${me.id}).\n`);
}

function openBrowser(url: string, env: NodeJS.ProcessEnv): boolean {
  const command =
    process.platform === 'darwin'
      ? 'open'
      : process.platform === 'win32'
        ? 'cmd'
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? 'xdg-open'
          : null;
  if (!command) return false;
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

async function loginWithBrowser(io: Io, atlas: AtlasApi, open: boolean, clientName: string): Promise<void> {
  const code = await atlas
    .deviceCode(clientName.slice(0, 100))
    .catch((e: unknown) => explain(e, 'cannot start the sign-in'));
  io.out(`To sign in, open ${code.verification_uri} and enter the code ${code.user_code}\n`);
  io.out(`(or open ${code.verification_uri_complete})\n`);
  if (open && openBrowser(code.verification_uri_complete, io.env)) io.out('Opened your browser.\n');
  let interval = code.interval;
  const deadline = Date.now() + code.expires_in * 1000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    try {
      const tokens = await atlas.deviceToken(code.device_code);
      return save(io, atlas, tokens, 'browser');
    } catch (error) {
      if (error instanceof NetworkError) continue; // keep polling: the code is still good
      if (!(error instanceof ProblemError)) throw error;
      const reason = error.problem.error;
      if (reason === 'authorization_pending') continue;
      if (reason === 'slow_down') {
        interval += 5;
        continue;
      }
      if (reason === 'access_denied') throw new CommandError('the sign-in was denied in the browser');
      if (reason === 'expired_token') break;
      if (error.status === 429) {
        interval = Math.max(interval, error.retryAfterSeconds ?? interval * 2);
        continue;
      }
      throw new CommandError(`cannot sign in: ${error.message} (${error.status})`);
    }
  }
  throw new CommandError('the code expired before it was approved; run `atlas-agent login --browser` again');
}
