/**
 * `npm run atlas -- <command>`: operate the read models.
 *
 *   rebuild <projection>                         drop the live model and project it again from zero
 *   replay <projection> --until <position|time>  the model as of a position or time, in scratch
 *   verify                                       rebuild everything in scratch, compare content hashes
 *   lag                                          how far each projection is behind the log
 *
 * Exit codes: 0 done, 1 failure or mismatch, 2 usage error. Settings come from `loadConfig()`.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Projection } from '../projections/projection.js';
import { projections as registered } from '../projections/registry.js';
import { positionBar } from '../projections/runtime/progress-bar.js';
import { rebuild, rebuildAll } from '../projections/runtime/rebuild.js';
import { storedStates } from '../projections/runtime/stored-state.js';
import { dropScratch, replay } from '../projections/runtime/replay.js';
import { verify } from '../projections/runtime/verify.js';
import { openEventStore } from '../stores/events/open.js';
import type { EventStore } from '../stores/events/port.js';
import type { ReadStore } from '../stores/reads/port.js';
import { openReadStore } from '../stores/reads/open.js';
import { loadConfig } from './config.js';

const USAGE = `usage: npm run atlas -- <command>

commands:
  rebuild <projection>                  drop the live read model and project it again from zero
                                        (stop the server first; bump the version for a live rebuild)
  rebuild all                           the same for every projection, in one pass over the log
  replay <projection> --until <at>      build the read model as of <at> into a scratch namespace:
                                        <at> is a global position (e.g. 1200) or an ISO 8601 time
                                        (e.g. 2026-01-31T12:00:00Z); prints each collection's count
                                        and sample documents
      --json                            print every document as JSON instead
      --keep                            keep the scratch collections (dropped by default)
  verify                                rebuild every projection in scratch up to its live
                                        checkpoint and compare content hashes (exit 1 on mismatch)
  lag                                   each projection's position, head and lag
  --help                                this text

settings (environment): ATLAS_DATA_DIR, ESDB_URL, MONGO_URL`;

export interface CliIo {
  env?: NodeJS.ProcessEnv;
  projections?: readonly Projection[];
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}

class UsageError extends Error {}

const Until = z.string().transform((text, context): number | Date => {
  if (/^\d+$/.test(text)) return Number(text);
  if (z.iso.datetime({ offset: true }).safeParse(text).success) return new Date(text);
  context.addIssue({
    code: 'custom',
    message: `--until takes a global position (a non-negative integer, e.g. 1200) or an ISO 8601 time (e.g. 2026-01-31T12:00:00Z), got "${text}"`,
  });
  return z.NEVER;
});

function commandSchema(known: readonly string[]) {
  const name = z.string({ error: 'name a projection' }).refine((value) => known.includes(value), {
    error: (issue) =>
      `unknown projection "${String(issue.input)}"; known: ${known.length ? known.join(', ') : 'none (projections/registry.ts is empty)'}`,
  });
  const none = z.array(z.string()).max(0, 'unexpected arguments');
  return z.discriminatedUnion('command', [
    z.object({ command: z.literal('help') }),
    z.object({ command: z.literal('rebuild'), projection: z.literal('all').or(name), rest: none }),
    z.object({
      command: z.literal('replay'),
      projection: name,
      rest: none,
      until: z.string({ error: '--until is required' }).pipe(Until),
      json: z.boolean(),
      keep: z.boolean(),
    }),
    z.object({ command: z.literal('verify'), rest: none }),
    z.object({ command: z.literal('lag'), rest: none }),
  ]);
}

function parseCommand(argv: readonly string[], known: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        until: { type: 'string' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || command === undefined || command === 'help') return { command: 'help' as const };
  if (!['rebuild', 'replay', 'verify', 'lag'].includes(command)) throw new UsageError(`unknown command "${command}"`);
  const takesProjection = command === 'rebuild' || command === 'replay';
  const result = commandSchema(known).safeParse({
    command,
    projection: takesProjection ? args[0] : undefined,
    rest: takesProjection ? args.slice(1) : args,
    until: values.until,
    json: values.json ?? false,
    keep: values.keep ?? false,
  });
  if (!result.success) throw new UsageError(result.error.issues.map((issue) => issue.message).join('\n'));
  return result.data;
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const { env = process.env, projections = registered, out = process.stdout, err = process.stderr } = io;
  const print = (line = '') => out.write(`${line}\n`);
  const byName = new Map<string, Projection>();
  for (const projection of projections) {
    const known = byName.get(projection.name);
    if (!known || known.version < projection.version) byName.set(projection.name, projection);
  }
  let command;
  try {
    command = parseCommand(argv, [...byName.keys()].sort());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`atlas: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'help') {
    print(USAGE);
    return 0;
  }

  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    err.write(`atlas: ${(error as Error).message}\n`);
    return 2;
  }
  const events: EventStore = openEventStore({
    dataDir: config.dataDir,
    ...(config.ESDB_URL ? { ESDB_URL: config.ESDB_URL } : {}),
  });
  const reads: ReadStore = await openReadStore({
    dataDir: config.dataDir,
    ...(config.MONGO_URL ? { MONGO_URL: config.MONGO_URL } : {}),
  });
  try {
    switch (command.command) {
      case 'rebuild': {
        if (command.projection === 'all') {
          const all = [...byName.values()];
          const started = Date.now();
          const bar = positionBar(`rebuild ${all.length} projections`, await events.headPosition(), err);
          try {
            const done = await rebuildAll(all, { events, reads, onBatch: bar.update });
            bar.stop();
            print(
              `rebuilt ${all.map((p) => `${p.name} v${p.version}`).join(', ')}: ${done.events} events up to position ${done.position} in ${seconds(started)} s`,
            );
          } finally {
            bar.stop();
          }
          return 0;
        }
        const projection = byName.get(command.projection)!;
        const started = Date.now();
        const bar = positionBar(`rebuild ${projection.name}`, await events.headPosition(), err);
        try {
          const done = await rebuild(projection, { events, reads, onBatch: bar.update });
          bar.stop();
          print(
            `rebuilt ${projection.name} v${projection.version}: ${done.events} events up to position ${done.position} in ${seconds(started)} s`,
          );
        } finally {
          bar.stop();
        }
        return 0;
      }
      case 'replay': {
        const projection = byName.get(command.projection)!;
        const { until } = command;
        const total =
          typeof until === 'number' ? Math.min(until, await events.headPosition()) : await events.headPosition();
        const bar = positionBar(`replay ${projection.name}`, total, err);
        let result;
        try {
          result = await replay(projection, { events, reads, until, onBatch: bar.update });
        } finally {
          bar.stop();
        }
        try {
          const at = typeof until === 'number' ? `position ${until}` : until.toISOString();
          if (command.json) {
            const collections: Record<string, unknown[]> = {};
            for (const { collection, physical } of result.collections)
              collections[collection] = await reads.find(physical, {}, { sort: { _id: 1 } });
            print(
              JSON.stringify(
                {
                  projection: projection.name,
                  version: projection.version,
                  until: at,
                  position: result.position,
                  events: result.events,
                  collections,
                },
                null,
                2,
              ),
            );
          } else {
            print(
              `${projection.name} v${projection.version} as of ${at}: ${result.events} events (read up to position ${result.position})`,
            );
            for (const { collection, physical, count } of result.collections) {
              print(`\n${collection}: ${count} documents${command.keep ? ` (kept in ${physical})` : ''}`);
              for (const doc of await reads.find(physical, {}, { sort: { _id: 1 }, limit: 3 }))
                print(`  ${JSON.stringify(doc)}`);
              if (count > 3) print(`  ... ${count - 3} more (--json prints them all)`);
            }
          }
        } finally {
          if (!command.keep) await dropScratch(reads, result.id);
        }
        return 0;
      }
      case 'verify': {
        let bar: ReturnType<typeof positionBar> | undefined;
        let report;
        try {
          report = await verify(projections, {
            events,
            reads,
            onProjection: ({ name, position }) => {
              bar?.stop();
              bar = positionBar(`verify ${name}`, position, err);
            },
            onBatch: (progress) => bar?.update(progress),
          });
        } finally {
          bar?.stop();
        }
        for (const verdict of report.collections) {
          print(
            `${verdict.match ? 'match   ' : 'MISMATCH'} ${verdict.projection} v${verdict.version} ${verdict.collection} at position ${verdict.position}: ` +
              `live ${verdict.live.hash} (${verdict.live.count} docs) scratch ${verdict.scratch.hash} (${verdict.scratch.count} docs)`,
          );
        }
        for (const { projection, reason } of report.skipped) print(`SKIPPED  ${projection}: ${reason}`);
        if (report.collections.length === 0 && report.skipped.length === 0) print('no projections to verify');
        return report.ok ? 0 : 1;
      }
      case 'lag': {
        if (byName.size === 0) print('no projections are registered (projections/registry.ts)');
        for (const state of await storedStates([...byName.values()], { events, reads })) {
          const building = state.building ? `, building v${state.building.version}` : '';
          print(
            `${state.projection} v${state.version} ${state.status === 'never_run' ? 'never run' : state.status}${building}: position ${state.position}/${state.head_position}, ` +
              `${state.events_behind} events and ${state.seconds_behind.toFixed(3)} s behind${state.caught_up ? ' (caught up)' : ''}`,
          );
          if (state.status === 'failed' && state.error) print(`  error: ${JSON.stringify(state.error)}`);
        }
        return 0;
      }
    }
  } catch (error) {
    err.write(`atlas: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await events.close();
    await reads.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
