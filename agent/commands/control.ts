/**
 * `pause [--for 30m]`, `resume` and `task <task_id> | --clear`: they change the agent's state in
 * agent.db, which a running `start` reads every second. A task is checked with Code Crafters
 * first: it must be one the user may log time on.
 */
import { CodeCraftersApi } from '../api/codecrafters.js';
import { NetworkError, ProblemError } from '../api/http.js';
import { AgentQueue } from '../home/queue.js';
import { Session, SignInAgain } from '../home/session.js';
import { stateOf } from '../run/state-keys.js';
import { CommandError, durationMs, type Io } from './io.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function withState<T>(io: Io, work: (state: ReturnType<typeof stateOf>) => T): T {
  const queue = AgentQueue.open(io.settings.home);
  try {
    return work(stateOf(queue));
  } finally {
    queue.close();
  }
}

export function pause(io: Io, forText?: string): void {
  const until = forText === undefined ? null : Date.now() + durationMs(forText);
  withState(io, (state) => state.set('pause', { until }));
  io.out(until === null ? 'Paused until `atlas-agent resume`.\n' : `Paused until ${new Date(until).toISOString()}.\n`);
}

export function resume(io: Io): void {
  withState(io, (state) => state.delete('pause'));
  io.out('Resumed.\n');
}

export async function task(io: Io, taskId: string | undefined, clear: boolean): Promise<void> {
  if (clear === (taskId !== undefined)) throw new CommandError('give a task id, or --clear', 2);
  if (clear) {
    withState(io, (state) => state.delete('task'));
    io.out('No current task: minutes go to your default organization.\n');
    return;
  }
  const id = taskId!.trim().toLowerCase();
  if (!UUID.test(id)) throw new CommandError(`"${taskId}" is not a task id (a UUID)`, 2);
  const session = new Session(io.settings.home, io.settings.atlasUrl);
  let title: string;
  try {
    const { token } = await session.accessToken();
    title = (await new CodeCraftersApi(io.settings.codecraftersUrl).task(token, id)).title ?? id;
  } catch (error) {
    if (error instanceof SignInAgain) throw new CommandError(error.message);
    if (error instanceof ProblemError && error.status === 404)
      throw new CommandError(
        `you cannot log time on task ${id}: it does not exist, or it is not in an organization you are a member of`,
      );
    if (error instanceof ProblemError || error instanceof NetworkError)
      throw new CommandError(`cannot check the task with Code Crafters: ${error.message}`);
    throw error;
  }
  withState(io, (state) => state.set('task', { task_id: id, title }));
  io.out(`Current task: ${title} (${id}).\n`);
}
