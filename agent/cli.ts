/**
 * `atlas-agent <command>`: the desktop agent's command line (`npm run agent -- <command>`).
 * Arguments are checked before anything runs; a mistake prints one line and the usage (exit 2).
 */
import { parseArgs } from 'node:util';
import { installService } from './commands/install-service.js';
import { CommandError, type Io } from './commands/io.js';
import { LOGIN_ARGS, login, loginOptionsOf } from './commands/login.js';
import { logout } from './commands/logout.js';
import { pause, resume, task } from './commands/control.js';
import { start } from './commands/start.js';
import { status } from './commands/status.js';
import { homeProblem } from './home/home-error.js';
import { loadSettings, SettingsError } from './settings.js';

export const USAGE = `Usage: atlas-agent <command> [options]

  login --token TOKEN | --token -      sign in with an Atlas access token (- reads it from stdin)
  login --username NAME --password-stdin
                                       sign in with your Atlas account (password read from stdin)
  login --browser [--no-open]          sign in in the browser (a device code; opens it where it can)
  logout                               revoke the login at Atlas and delete the local credentials
  start [--dry-run]                    count input and send it each minute, until Ctrl-C or SIGTERM;
                                       --dry-run prints each batch and sends nothing
  status [--json]                      signed in as whom, tracking or paused and why, task, queue, deliveries
  pause [--for 30m]                    stop counting (until resume, or for a while)
  resume                               count again
  task TASK_ID | task --clear          the Atlas task your minutes go to
  install-service [--print]            run the agent as a systemd user service (Linux)

Settings: ATLAS_AGENT_HOME (default ~/.config/atlas-agent), ATLAS_URL (http://127.0.0.1:8000),
CODECRAFTERS_URL (http://127.0.0.1:8002). Privacy: docs/agent.md.
`;

const SPECS = {
  login: LOGIN_ARGS,
  logout: {},
  start: { 'dry-run': { type: 'boolean' } },
  status: { json: { type: 'boolean' } },
  pause: { for: { type: 'string' } },
  resume: {},
  task: { clear: { type: 'boolean' } },
  'install-service': { print: { type: 'boolean' } },
} as const;

type Command = keyof typeof SPECS;
const isCommand = (name: string | undefined): name is Command => name !== undefined && name in SPECS;

export async function main(argv: string[], io: Omit<Io, 'settings'>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  try {
    if (!isCommand(name)) throw new CommandError(`unknown command "${name}"`, 2);
    const settings = loadSettings(io.env);
    const full: Io = { ...io, settings };
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: SPECS[name], allowPositionals: name === 'task', strict: true });
    } catch (error) {
      throw new CommandError((error as Error).message, 2);
    }
    const v = parsed.values as Record<string, string | boolean | undefined>;
    const positionals = parsed.positionals;
    if (positionals.length > 1) throw new CommandError('task takes one task id', 2);
    switch (name) {
      case 'login':
        await login(full, loginOptionsOf(v as Parameters<typeof loginOptionsOf>[0]));
        break;
      case 'logout':
        await logout(full);
        break;
      case 'start':
        await start(full, { dryRun: v['dry-run'] === true });
        break;
      case 'status':
        status(full, v.json === true);
        break;
      case 'pause':
        pause(full, v.for as string | undefined);
        break;
      case 'resume':
        resume(full);
        break;
      case 'task':
        await task(full, positionals[0], v.clear === true);
        break;
      case 'install-service':
        installService(full, v.print === true);
        break;
    }
    return 0;
  } catch (error) {
    if (error instanceof CommandError || error instanceof SettingsError) {
      io.err(`atlas-agent: ${error.message}\n`);
      if (error instanceof CommandError && error.exitCode === 2) io.err(`\n${USAGE}`);
      return error instanceof CommandError ? error.exitCode : 2;
    }
    const line = homeProblem(error, io.env.ATLAS_AGENT_HOME ?? 'the agent home');
    io.err(`atlas-agent: ${line ?? (error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
export { readAll } from './commands/io.js';
