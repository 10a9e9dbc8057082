#!/usr/bin/env node
// The `atlas-agent` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
const { readAll } = await import('../commands/io.ts');
const code = await main(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: () => readAll(process.stdin),
});
process.exitCode = code;
setTimeout(() => process.exit(code), 100).unref();
