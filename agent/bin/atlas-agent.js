#!/usr/bin/env node
// The `atlas-agent` command: the bundled CLI on plain Node (see bundle.js).
import { pathToFileURL } from 'node:url';
import { agentBundle } from './bundle.js';

const { main, readAll } = await import(pathToFileURL(agentBundle()).href);
const code = await main(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: () => readAll(process.stdin),
});
process.exitCode = code;
setTimeout(() => process.exit(code), 100).unref();
