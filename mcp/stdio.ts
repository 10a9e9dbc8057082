/**
 * `npm run mcp` / `atlas-mcp`: the MCP server on stdin/stdout, for desktop assistants. It speaks
 * for the user whose Atlas access token is in `ATLAS_TOKEN`, or, for long use, for the user who
 * signed in with `atlas-mcp login` (the same three ways as the desktop agent; the credentials are
 * kept in `ATLAS_MCP_HOME`, 0600, and the refresh token, which rotates, is stored again on every
 * renewal). The APIs are found at `ATLAS_URL`, `NEXACORE_URL`, `CODECRAFTERS_URL`, `SCORESQUAD_URL`
 * (default: :8000–:8003 on this machine). stdout carries the protocol only: logs go to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
// The sign-in is the desktop agent's: the same three ways, the same 0600 file, the same rotation under a lock.
import { CommandError, readAll, type Io } from '../agent/commands/io.js';
import { LOGIN_ARGS, login, loginOptionsOf } from '../agent/commands/login.js';
import { logout } from '../agent/commands/logout.js';
import { readCredentials } from '../agent/home/credentials.js';
import { Session, SignInAgain } from '../agent/home/session.js';
import { ApiRefusal, localUrls, type ServiceUrls, type TokenSource } from './api.js';
import { createAtlasMcpServer } from './server.js';

const local = localUrls();
const Url = (fallback: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.url().default(fallback));

export const StdioSettings = z.object({
  /** An access token; unset: the login `atlas-mcp login` stored. */
  ATLAS_TOKEN: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  ATLAS_MCP_HOME: z.string().min(1).optional(),
  ATLAS_URL: Url(local.atlas),
  NEXACORE_URL: Url(local.nexacore),
  CODECRAFTERS_URL: Url(local.codecrafters),
  SCORESQUAD_URL: Url(local.scoresquad),
});

/** Where `atlas-mcp login` keeps the credentials (like the agent's home, a folder of its own). */
function mcpHome(env: NodeJS.ProcessEnv, given: string | undefined): string {
  if (given) return path.resolve(given);
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'atlas-mcp');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'atlas-mcp');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'atlas-mcp');
}

/** The stored login as a token source: renewed before it expires and after a 401, under the agent's lock. */
function storedLogin(home: string, atlasUrl: string): TokenSource {
  const session = new Session(home, atlasUrl);
  return async (stale) => {
    try {
      return (await session.accessToken(stale)).token;
    } catch (error) {
      if (error instanceof SignInAgain)
        throw new ApiRefusal(
          `The MCP server is not signed in to Atlas (${error.message}). Tell the user to run \`atlas-mcp login\`.`,
          401,
        );
      throw error;
    }
  };
}

const USAGE = `Usage: atlas-mcp                      serve MCP on stdio (ATLAS_TOKEN, or the stored login)
       atlas-mcp login --browser [--no-open] | --username NAME --password-stdin | --token -
       atlas-mcp logout
Settings: ATLAS_TOKEN, ATLAS_MCP_HOME (default ~/.config/atlas-mcp), ATLAS_URL, NEXACORE_URL, CODECRAFTERS_URL, SCORESQUAD_URL
`;

async function account(command: 'login' | 'logout', args: string[], home: string, urls: ServiceUrls): Promise<number> {
  const io: Io = {
    settings: {
      home,
      atlasUrl: urls.atlas,
      codecraftersUrl: urls.codecrafters,
      clockScale: 1,
      clockOrigin: null,
      clockEpoch: null,
    },
    env: process.env,
    out: (text) => process.stderr.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: () => readAll(process.stdin),
  };
  try {
    if (command === 'logout') await logout(io);
    else {
      let values;
      try {
        ({ values } = parseArgs({
          args,
          options: LOGIN_ARGS,
          strict: true,
        }));
      } catch (error) {
        throw new CommandError((error as Error).message, 2);
      }
      await login(io, { ...loginOptionsOf(values), clientName: `atlas-mcp on ${os.hostname()}` });
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    process.stderr.write(`atlas-mcp: ${error.message}\n${error.exitCode === 2 ? USAGE : ''}`);
    return error.exitCode;
  }
}

async function main(): Promise<void> {
  const parsed = StdioSettings.safeParse(process.env);
  if (!parsed.success) {
    process.stderr.write(
      `atlas-mcp: ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}\n`,
    );
    process.exit(2);
  }
  const s = parsed.data;
  const urls: ServiceUrls = {
    atlas: s.ATLAS_URL,
    nexacore: s.NEXACORE_URL,
    codecrafters: s.CODECRAFTERS_URL,
    scoresquad: s.SCORESQUAD_URL,
  };
  const home = mcpHome(process.env, s.ATLAS_MCP_HOME);
  const [command, ...args] = process.argv.slice(2);
  if (command === 'login' || command === 'logout') {
    process.exitCode = await account(command, args, home, urls);
    return;
  }
  if (command !== undefined) {
    process.stderr.write(`atlas-mcp: unknown command "${command}"\n${USAGE}`);
    process.exit(2);
  }
  if (!s.ATLAS_TOKEN && !readCredentials(home)) {
    process.stderr.write(
      'atlas-mcp: not signed in: set ATLAS_TOKEN to an Atlas access token, or run `atlas-mcp login`\n',
    );
    process.exit(2);
  }
  const token = s.ATLAS_TOKEN ?? storedLogin(home, urls.atlas);
  const server = createAtlasMcpServer({ urls, token });
  await server.connect(new StdioServerTransport());
  process.stderr.write(
    `atlas-mcp: serving on stdio, Atlas at ${urls.atlas}${s.ATLAS_TOKEN ? '' : ` (signed in as ${readCredentials(home)?.username})`}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`atlas-mcp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
