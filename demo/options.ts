/** `npm run demo -- --members N --days N --seed S`: the command line, checked with zod. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { MAX_AGE_DAYS } from '../write/codecrafters/record.js';
import { MAX_MEMBERS } from './people.js';

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const Schema = z.object({
  members: integer('--members', 3, MAX_MEMBERS).default(MAX_MEMBERS),
  days: integer('--days', 1, MAX_AGE_DAYS).default(MAX_AGE_DAYS),
  seed: z
    .string()
    .trim()
    .min(1, '--seed must not be empty')
    .max(100, '--seed is at most 100 characters')
    .default('atlas-demo'),
  help: z.boolean().default(false),
});

export type DemoOptions = Omit<z.infer<typeof Schema>, 'help'>;

export const USAGE = `Usage: npm run demo -- [--members N] [--days N] [--seed S]

Fills the running services (npm start) with a demo organization, "Demo Lab", through their APIs.
  --members N  how many people, 3..${MAX_MEMBERS} (default ${MAX_MEMBERS}): 1 owner, managers, members
  --days N     days of activity up to now, 1..${MAX_AGE_DAYS} (default ${MAX_AGE_DAYS}; the ingest keeps ${MAX_AGE_DAYS} days)
  --seed S     the seed of the generated activity and scores (default atlas-demo)
Safe to run again: what exists is found and kept; only what is missing is added.
Settings: ATLAS_URL, NEXACORE_URL, CODECRAFTERS_URL, SCORESQUAD_URL, DASHBOARD_URL.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The options, or `'help'`; a `UsageError` names what is wrong. */
export function parseOptions(argv: readonly string[]): DemoOptions | 'help' {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        members: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const parsed = Schema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  const { help, ...options } = parsed.data;
  return help ? 'help' : options;
}
