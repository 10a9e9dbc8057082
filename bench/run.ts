/**
 * `npm run bench`: runs every bench module in sequence, prints the figures beside their baselines
 * and writes them to bench/results/latest.json (git-ignored).
 *
 * Pass `--strict` to exit with status 1 when a target is missed (off by default: a shared machine
 * is noisy, and the ratio is the figure to read, not a pass/fail gate).
 */
import fs from 'node:fs';
import os from 'node:os';
import { eventStoreBench } from './eventstore.js';
import { readStoreBench } from './readstore.js';
import { projectionsBench } from './projections.js';
import { partnersBench } from './partners.js';
import { agentBench } from './agent.js';
import { dashboardBench } from './dashboard.js';
import { formatFigures, type Bench, type Figure } from './figure.js';

const benches: Bench[] = [eventStoreBench, readStoreBench, projectionsBench, partnersBench, agentBench, dashboardBench];

const figures: Figure[] = [];
for (const bench of benches) {
  process.stdout.write(`bench: ${bench.name} ...\n`);
  figures.push(...(await bench.run()));
}

process.stdout.write(`\n${formatFigures(figures)}\n`);

const results = new URL('./results', import.meta.url);
fs.mkdirSync(results, { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, figures };
fs.writeFileSync(new URL('latest.json', results), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nwritten: bench/results/latest.json\n`);

const missed = figures.filter((f) => f.met === false);
if (missed.length > 0) {
  process.stdout.write(`targets missed: ${missed.map((f) => f.name).join('; ')}\n`);
  if (process.argv.includes('--strict')) process.exitCode = 1;
}
