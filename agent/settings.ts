/**
 * The agent's settings, from the environment, checked with zod: where its state lives and where
 * Atlas and Code Crafters answer. `ATLAS_AGENT_CLOCK_*` exist for tests only (a faster clock
 * shortens the minute; every other path is the production one).
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** A service's base URL: http(s), perhaps a path prefix; no query, fragment or user info (they would go wrong silently). */
const url = z
  .url({ protocol: /^https?$/ })
  .refine((u) => {
    const parsed = new URL(u);
    return !parsed.search && !parsed.hash && !parsed.username && !parsed.password;
  }, 'a base URL without query, fragment or user name (e.g. http://127.0.0.1:8000)')
  .transform((u) => u.replace(/\/+$/, ''));

function defaultHome(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'atlas-agent');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'atlas-agent');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'atlas-agent');
}

const Schema = z.object({
  ATLAS_AGENT_HOME: z.string().min(1).optional(),
  ATLAS_URL: url.default('http://127.0.0.1:8000'),
  CODECRAFTERS_URL: url.default('http://127.0.0.1:8002'),
  /** Tests only: agent time runs this many times faster than real time. */
  ATLAS_AGENT_CLOCK_SCALE: z.coerce.number().min(1).max(3600).default(1),
  /** Tests only: the agent clock's reading at the real moment `ATLAS_AGENT_CLOCK_EPOCH` (ISO 8601); keeps fast minutes in the past. */
  ATLAS_AGENT_CLOCK_ORIGIN: z.iso.datetime().optional(),
  /** Tests only: the real moment the origin belongs to (default: the process's start), so restarts go on with the same time line. */
  ATLAS_AGENT_CLOCK_EPOCH: z.iso.datetime().optional(),
});

export interface Settings {
  home: string;
  atlasUrl: string;
  codecraftersUrl: string;
  clockScale: number;
  clockOrigin: number | null;
  clockEpoch: number | null;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = Schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new SettingsError(`invalid settings:\n${lines.join('\n')}`);
  }
  const s = parsed.data;
  return {
    home: path.resolve(s.ATLAS_AGENT_HOME ?? defaultHome(env)),
    atlasUrl: s.ATLAS_URL,
    codecraftersUrl: s.CODECRAFTERS_URL,
    clockScale: s.ATLAS_AGENT_CLOCK_SCALE,
    clockOrigin: s.ATLAS_AGENT_CLOCK_ORIGIN ? Date.parse(s.ATLAS_AGENT_CLOCK_ORIGIN) : null,
    clockEpoch: s.ATLAS_AGENT_CLOCK_EPOCH ? Date.parse(s.ATLAS_AGENT_CLOCK_EPOCH) : null,
  };
}

export class SettingsError extends Error {}
