/**
 * Settings, read once from the environment and validated with zod. Every setting has a default
 * that runs the whole system on one laptop with the embedded stores.
 */
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
/** An empty variable (`MONGO_URL=`) means unset, as in a shell or a compose file that blanks it. */
const optionalUrl = (scheme: string) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().startsWith(scheme, `must start with ${scheme}`).optional(),
  );

export const ConfigSchema = z.object({
  /** Where the embedded stores (SQLite files) and the signing key live. */
  ATLAS_DATA_DIR: z.string().min(1).default('./data'),
  /** Set to move the event store onto EventStoreDB, e.g. `esdb://localhost:2113?tls=false`. */
  ESDB_URL: optionalUrl('esdb'),
  /** Set to move the read store onto MongoDB, e.g. `mongodb://localhost:27017/atlas?replicaSet=rs0`. */
  MONGO_URL: optionalUrl('mongodb'),
  ATLAS_HOST: z.string().default('127.0.0.1'),
  ATLAS_PORT: port.default(8000),
  NEXACORE_PORT: port.default(8001),
  CODECRAFTERS_PORT: port.default(8002),
  SCORESQUAD_PORT: port.default(8003),
  /** The MCP server over Streamable HTTP (`POST /mcp`); stdio is `npm run mcp`. */
  MCP_PORT: port.default(8004),
  /** The dashboard's server: the built app and the four APIs under `/<service>/` on one origin (system/dashboard/). */
  DASHBOARD_PORT: port.default(5173),
  /** Where partners fetch Atlas's JWKS (defaults to the local Atlas). */
  ATLAS_JWKS_URL: z.url().optional(),
  /** The `iss` of Atlas tokens and the `aud` every service expects. */
  ATLAS_ISSUER: z.string().default('atlas'),
  ATLAS_AUDIENCE: z.string().default('atlas-services'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 86_400),
  /**
   * The dashboard's address as users reach it: the device flow sends them to its `/get-token` page
   * (RFC 8628 `verification_uri`). Default `http://localhost:$DASHBOARD_PORT`.
   */
  DASHBOARD_URL: z.url().optional(),
  /** How long a device code and its user code live (RFC 8628 `expires_in`); at most an hour, to bound guessing. */
  DEVICE_CODE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(600),
  /** The least wait between two polls of one device code (RFC 8628 `interval`). */
  DEVICE_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  /**
   * What the projector does with an event a projection cannot apply: `stop` that projection with
   * a report (default), or skip it into the `dead-letter` collection and go on.
   */
  PROJECTION_ON_POISON: z.enum(['stop', 'dead-letter']).default('stop'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Omit<z.infer<typeof ConfigSchema>, 'DASHBOARD_URL'> & {
  DASHBOARD_URL: string;
  dataDir: string;
  jwksUrl: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid settings:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    dataDir: path.resolve(c.ATLAS_DATA_DIR),
    jwksUrl: c.ATLAS_JWKS_URL ?? `http://${c.ATLAS_HOST}:${c.ATLAS_PORT}/.well-known/jwks.json`,
    DASHBOARD_URL: c.DASHBOARD_URL ?? `http://localhost:${c.DASHBOARD_PORT}`,
  };
}
