// The agent runs as one bundled ES module on plain Node (no TypeScript loader in the process: a
// third less memory, and nothing compiled while it counts). The bundle is built with esbuild on
// first use and again whenever one of its source files is newer, so it is never stale; it lives in
// agent/dist/ (git-ignored). Written to a temporary file and renamed, so two starts do not race.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const agentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(agentDir, 'dist');
const bundle = path.join(dist, 'atlas-agent.mjs');
const inputsFile = path.join(dist, 'inputs.json');

function fresh() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false;
  const built = statSync(bundle).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  return inputs.every((file) => existsSync(file) && statSync(file).mtimeMs <= built);
}

/**
 * The path of an up-to-date bundle of agent/cli.ts. The build runs in a child process: esbuild's
 * service, once loaded, kept this process from seeing its own children exit (the hook probe).
 */
export function agentBundle() {
  if (fresh()) return bundle;
  const built = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) throw new Error(`could not build the agent (${built.status ?? built.signal})`);
  return bundle;
}

async function build() {
  // Loaded only to build, and stopped after: its service process stays out of a running agent.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(agentDir, 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'uiohook-napi'],
    metafile: true,
    write: false,
    outfile: bundle,
    logLevel: 'silent',
  });
  await esbuild.stop();
  mkdirSync(dist, { recursive: true });
  const suffix = `${process.pid}.tmp`;
  writeFileSync(`${bundle}.${suffix}`, result.outputFiles[0].contents);
  const cwd = process.cwd();
  const inputs = Object.keys(result.metafile.inputs).map((file) => path.resolve(cwd, file));
  writeFileSync(`${inputsFile}.${suffix}`, JSON.stringify(inputs));
  renameSync(`${bundle}.${suffix}`, bundle);
  renameSync(`${inputsFile}.${suffix}`, inputsFile);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
