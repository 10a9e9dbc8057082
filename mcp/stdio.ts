/**
 * `npm run mcp` / `atlas-mcp`: the MCP server on stdin/stdout, for desktop assistants. It speaks
 * for the user whose Atlas access token is in `ATLAS_TOKEN`; the APIs are found at `ATLAS_URL`,
 * `NEXACORE_URL`, `CODECRAFTERS_URL`, `SCORESQUAD_URL` (default: :8000–:8003 on this machine).
 * stdout carries the protocol only: every log line goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { localUrls, type ServiceUrls } from './api.js';
import { createAtlasMcpServer } from './server.js';

const local = localUrls();
const Url = (fallback: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.url().default(fallback));

export const StdioSettings = z.object({
  ATLAS_TOKEN: z
    .string({ error: 'ATLAS_TOKEN is not set: sign in to Atlas and put the access token in ATLAS_TOKEN' })
    .min(1, 'ATLAS_TOKEN is empty'),
  ATLAS_URL: Url(local.atlas),
  NEXACORE_URL: Url(local.nexacore),
  CODECRAFTERS_URL: Url(local.codecrafters),
  SCORESQUAD_URL: Url(local.scoresquad),
});

async function main(): Promise<void> {
  const parsed = StdioSettings.safeParse(process.env);
  if (!parsed.success) {
    process.stderr.write(`atlas-mcp: ${parsed.error.issues.map((i) => i.message).join('; ')}\n`);
    process.exit(2);
  }
  const s = parsed.data;
  const urls: ServiceUrls = {
    atlas: s.ATLAS_URL,
    nexacore: s.NEXACORE_URL,
    codecrafters: s.CODECRAFTERS_URL,
    scoresquad: s.SCORESQUAD_URL,
  };
  const server = createAtlasMcpServer({ urls, token: s.ATLAS_TOKEN });
  await server.connect(new StdioServerTransport());
  process.stderr.write(`atlas-mcp: serving on stdio, Atlas at ${urls.atlas}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`atlas-mcp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
