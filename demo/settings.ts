/**
 * Where the demo finds the services (and the dashboard it points you to), from the environment,
 * checked with zod. The defaults are those of `npm start` on one machine.
 */
import { z } from 'zod';

/** A base URL: http(s), perhaps a path prefix; no query or fragment. Trailing slashes are dropped. */
const baseUrl = z
  .url({ protocol: /^https?$/ })
  // zod runs a refinement after a failed check too: only a URL that parses is looked into.
  .refine((u) => !URL.canParse(u) || (!new URL(u).search && !new URL(u).hash), 'a base URL without query or fragment')
  .transform((u) => u.replace(/\/+$/, ''));

const Schema = z.object({
  ATLAS_URL: baseUrl.default('http://127.0.0.1:8000'),
  NEXACORE_URL: baseUrl.default('http://127.0.0.1:8001'),
  CODECRAFTERS_URL: baseUrl.default('http://127.0.0.1:8002'),
  SCORESQUAD_URL: baseUrl.default('http://127.0.0.1:8003'),
  DASHBOARD_URL: baseUrl.default('http://localhost:5173'),
});

export interface DemoUrls {
  atlas: string;
  nexacore: string;
  codecrafters: string;
  scoresquad: string;
  dashboard: string;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function loadUrls(env: NodeJS.ProcessEnv = process.env): DemoUrls {
  // An empty variable means unset, as in a shell that blanks it.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = Schema.safeParse(given);
  if (!parsed.success)
    throw new SettingsError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const s = parsed.data;
  return {
    atlas: s.ATLAS_URL,
    nexacore: s.NEXACORE_URL,
    codecrafters: s.CODECRAFTERS_URL,
    scoresquad: s.SCORESQUAD_URL,
    dashboard: s.DASHBOARD_URL,
  };
}
