/**
 * `atlas-agent start [--dry-run]`: runs the agent in the foreground until SIGINT or SIGTERM, and
 * closes and sends the open minute on the way out. One `start` per home (a lock). Where the input
 * hook cannot run, it says why in one line and exits non-zero, rather than send zeros.
 * `--dry-run` prints every batch as the JSON body it would send, and sends nothing.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CodeCraftersApi } from '../api/codecrafters.js';
import { agentClock } from '../clock.js';
import { probeHook, uiohookSource, type InputSource } from '../counting/input-hook.js';
import { dryRunTransport, httpTransport } from '../delivery/transports.js';
import { readCredentials } from '../home/credentials.js';
import { tryLock } from '../home/file-lock.js';
import { AgentQueue } from '../home/queue.js';
import { Session } from '../home/session.js';
import { Agent } from '../run/agent.js';
import { CommandError, type Io } from './io.js';
import { START_LOCK } from './status.js';

export async function start(io: Io, options: { dryRun: boolean; input?: InputSource }): Promise<void> {
  const { settings } = io;
  const signedIn = readCredentials(settings.home);
  if (!signedIn && !options.dryRun) throw new CommandError('not signed in: run `atlas-agent login` first');
  const why = options.input ? null : await probeHook(io.env);
  if (why) throw new CommandError(why);

  mkdirSync(settings.home, { recursive: true, mode: 0o700 });
  const lock = tryLock(path.join(settings.home, START_LOCK));
  if ('heldBy' in lock)
    throw new CommandError(`the agent is already running (pid ${lock.heldBy}) for ${settings.home}`);
  const queue = options.dryRun ? AgentQueue.open(':memory:') : AgentQueue.open(settings.home);
  const session = signedIn ? new Session(settings.home, settings.atlasUrl) : null;
  const codecrafters = new CodeCraftersApi(settings.codecraftersUrl);
  const clock = agentClock(settings.clockScale, settings.clockOrigin, settings.clockEpoch);
  const log = (line: string) => io.err(`${new Date().toISOString()} ${line}\n`);
  const input = options.input ?? uiohookSource();
  const agent = new Agent({
    queue,
    session,
    codecrafters: session ? codecrafters : null,
    transport: options.dryRun ? dryRunTransport((json) => io.out(`${json}\n`)) : httpTransport(session!, codecrafters),
    clock,
    input,
    dryRun: options.dryRun,
    log,
  });
  try {
    await agent.start();
    log(
      `counting input as ${signedIn ? signedIn.username : 'nobody (dry run, not signed in)'} on device ${agent.device}` +
        `${options.dryRun ? '; dry run: batches are printed, nothing is sent' : ''}; Ctrl-C stops`,
    );
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    log(`${signal}: closing the open minute and sending it`);
    await agent.stop();
    log(`stopped; the hook handled ${input.events} input events`);
  } finally {
    queue.close();
    lock.release();
  }
}
