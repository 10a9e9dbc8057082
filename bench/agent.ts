/**
 * The desktop agent's overhead: a real `atlas-agent start --dry-run` (the real uiohook-napi hook,
 * tally and checkpoints; batches printed instead of sent) on an X server of its own, first idle,
 * then while xdotool sweeps the mouse and types as fast as a busy person, for the same time.
 * CPU is the process's user+system time over the phase, as % of one core; RSS its peak.
 * Targets (issue 10): under 2 % of a core and under 80 MB RSS under heavy input.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  ROOT,
  exited,
  removeDir,
  spawnAgent,
  startXvfb,
  tempDir,
  waitFor,
  xvfbAvailable,
} from '../agent/test-fixtures/processes.js';
import { figure, type Bench, type Figure } from './figure.js';

const SECONDS = Number(process.env.BENCH_AGENT_SECONDS ?? 30);
const TICKS_PER_SECOND = 100; // /proc's clock ticks (CLK_TCK) on Linux

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

async function phase(pid: number, seconds: number): Promise<{ cpuPercent: number; rssPeakMb: number }> {
  const start = cpuTicks(pid);
  const began = performance.now();
  let peak = rssMb(pid);
  while (performance.now() - began < seconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    peak = Math.max(peak, rssMb(pid));
  }
  const elapsed = (performance.now() - began) / 1000;
  return { cpuPercent: ((cpuTicks(pid) - start) / TICKS_PER_SECOND / elapsed) * 100, rssPeakMb: peak };
}

/**
 * Heavy input, as a busy person makes it at most: the mouse moving all the time at a USB mouse's
 * 125 Hz report rate, and typing at 10 keys a second (120 words a minute), through one xdotool
 * reading a script from stdin. `factor` multiplies both (the stress run of the note).
 */
function heavyInput(display: string, seconds: number, factor = 1): { done: Promise<void>; generated: () => number } {
  const xdotool = spawn('xdotool', ['-'], {
    env: { ...process.env, DISPLAY: display },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  let generated = 0;
  let step = 0;
  const began = performance.now();
  const timer = setInterval(() => {
    const elapsed = performance.now() - began;
    if (elapsed >= seconds * 1000) {
      clearInterval(timer);
      xdotool.stdin.end();
      return;
    }
    // Catch up to the wanted rate: timers are late on a loaded machine.
    const lines: string[] = [];
    while (generated < (elapsed / 1000) * 135 * factor) {
      step++;
      const x = 100 + Math.round(500 + 450 * Math.sin(step / 40));
      const y = 100 + Math.round(300 + 250 * Math.cos(step / 55));
      lines.push(`mousemove ${x} ${y}`);
      generated++;
      if (step % 12 === 0) {
        lines.push('type --delay 0 a'); // with 125 moves: 10 keys a second
        generated++;
      }
    }
    if (lines.length) xdotool.stdin.write(`${lines.join('\n')}\n`);
  }, 8);
  return { done: exited(xdotool).then(() => undefined), generated: () => generated };
}

/** The floor: a Node process that only runs the hook and counts its events, under the same input. */
async function bareHook(display: string, seconds: number): Promise<{ cpuPercent: number }> {
  const script = `const { uIOhook } = require('uiohook-napi'); let n = 0;
    for (const e of ['keyup', 'mousedown', 'wheel', 'mousemove']) uIOhook.on(e, () => n++);
    uIOhook.start(); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, DISPLAY: display },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const input = heavyInput(display, seconds, Number(process.env.BENCH_AGENT_INPUT_FACTOR ?? 1));
    const measured = await phase(child.pid!, seconds);
    await input.done;
    return { cpuPercent: measured.cpuPercent };
  } finally {
    child.kill('SIGKILL');
    await exited(child);
  }
}

async function benchAgent(): Promise<Figure[]> {
  if (!xvfbAvailable()) {
    process.stdout.write('  skipped: the agent bench needs Xvfb and xdotool\n');
    return [];
  }
  const x = await startXvfb();
  const home = tempDir('atlas-agent-bench-');
  const agent = spawnAgent({ ATLAS_AGENT_HOME: home, DISPLAY: x.display }, ['start', '--dry-run']);
  try {
    await waitFor('the agent', () => (agent.output().includes('counting input') ? true : undefined));
    const pid = agent.child.pid!;
    process.stdout.write(`  idle for ${SECONDS} s ...\n`);
    const idle = await phase(pid, SECONDS);
    process.stdout.write(`  heavy input for ${SECONDS} s ...\n`);
    const input = heavyInput(x.display, SECONDS, Number(process.env.BENCH_AGENT_INPUT_FACTOR ?? 1));
    const heavy = await phase(pid, SECONDS);
    await input.done;
    agent.child.kill('SIGINT');
    await exited(agent.child);
    const handled = Number(/the hook handled (\d+) input events/.exec(agent.output())?.[1] ?? NaN);
    process.stdout.write(`  the bare hook (uiohook-napi alone, no agent) under the same input for ${SECONDS} s ...\n`);
    const bare = await bareHook(x.display, SECONDS);
    return [
      figure(
        'agent CPU under heavy input (mouse sweeps + typing)',
        '% of a core',
        heavy.cpuPercent,
        { name: 'the same agent, idle', value: idle.cpuPercent },
        { value: 2, better: 'lower' },
      ),
      figure('agent CPU under heavy input, beside the bare hook', '% of a core', heavy.cpuPercent, {
        name: 'uiohook-napi alone, same input',
        value: bare.cpuPercent,
      }),
      figure(
        'agent peak RSS under heavy input',
        'MB',
        heavy.rssPeakMb,
        { name: 'the same agent, idle', value: idle.rssPeakMb },
        { value: 80, better: 'lower' },
      ),
      figure('agent hook events handled', 'events/s', handled / SECONDS, {
        name: 'input events xdotool generated',
        value: input.generated() / SECONDS,
      }),
    ];
  } finally {
    if (agent.child.exitCode === null) agent.child.kill('SIGKILL');
    await x.stop();
    removeDir(home);
  }
}

export const agentBench: Bench = { name: 'desktop agent overhead (Xvfb, xdotool, real hook)', run: benchAgent };
