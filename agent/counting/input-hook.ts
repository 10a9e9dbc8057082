/**
 * The one place that touches the operating system's input: `uiohook-napi`. It forwards the moment
 * of each input and nothing else: a key release is a keystroke (a held key's auto-repeat sends
 * presses, not releases, so it counts once), a button press is a click, a wheel event a scroll,
 * and mouse moves become a distance, sampled at most every 20 ms so a fast mouse costs little.
 * Key codes, characters, positions and windows never leave this file; the positions stay only as
 * the last sample, to measure the next distance.
 *
 * The native hook aborts the whole process when it cannot open the display, so `probeHook` first
 * starts it in a child process and reports, in one line, why it cannot run.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';

export interface InputSink {
  key(): void;
  click(): void;
  scroll(): void;
  move(distancePx: number): void;
}

export interface InputSource {
  start(sink: InputSink): void;
  stop(): void;
  /** Hook events received since start (all kinds, moves before sampling). */
  readonly events: number;
}

const MOVE_SAMPLE_MS = 20;

interface Hook {
  on(event: string, listener: (e: { x: number; y: number; time: number }) => void): void;
  removeAllListeners(): void;
  start(): void;
  stop(): void;
}

const require = createRequire(import.meta.url);

export function uiohookSource(): InputSource {
  const { uIOhook } = require('uiohook-napi') as { uIOhook: Hook };
  let events = 0;
  return {
    get events() {
      return events;
    },
    start(sink) {
      let lastX: number | null = null;
      let lastY = 0;
      let lastSample = 0;
      uIOhook.on('keyup', () => {
        events++;
        sink.key();
      });
      uIOhook.on('mousedown', () => {
        events++;
        sink.click();
      });
      uIOhook.on('wheel', () => {
        events++;
        sink.scroll();
      });
      // A sample every 20 ms at most; the last position of a burst is measured by a timer, not lost.
      let pendingX = 0;
      let pendingY = 0;
      let pending: NodeJS.Timeout | null = null;
      const sample = (x: number, y: number) => {
        if (lastX !== null) sink.move(Math.hypot(x - lastX, y - lastY));
        lastX = x;
        lastY = y;
        lastSample = performance.now();
      };
      uIOhook.on('mousemove', (e) => {
        events++;
        if (lastX !== null && performance.now() - lastSample < MOVE_SAMPLE_MS) {
          pendingX = e.x;
          pendingY = e.y;
          pending ??= setTimeout(() => {
            pending = null;
            sample(pendingX, pendingY);
          }, MOVE_SAMPLE_MS);
          return;
        }
        if (pending) {
          clearTimeout(pending);
          pending = null;
        }
        sample(e.x, e.y);
      });
      uIOhook.start();
    },
    stop() {
      uIOhook.stop();
      uIOhook.removeAllListeners();
    },
  };
}

/** Can an X client connect to this display? (The hook itself may hang, not fail, when it cannot.) */
export function displayReachable(display: string): Promise<boolean> {
  const match = /^([^:]*):(\d+)(?:\.\d+)?$/.exec(display);
  if (!match) return Promise.resolve(false);
  const [, host = '', number = '0'] = match;
  const targets: ({ path: string } | { host: string; port: number })[] =
    host === '' || host === 'unix'
      ? [{ path: `/tmp/.X11-unix/X${number}` }, { path: `\0/tmp/.X11-unix/X${number}` }]
      : [{ host, port: 6000 + Number(number) }];
  const attempt = (target: (typeof targets)[number]) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(target);
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(2_000, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
  return targets.reduce<Promise<boolean>>(async (ok, target) => (await ok) || attempt(target), Promise.resolve(false));
}

/** Why the hook cannot run here, or null when it can: checked before the hook is started in this process. */
export async function probeHook(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (process.platform === 'linux' && !env.DISPLAY) {
    return env.WAYLAND_DISPLAY
      ? 'cannot count input: this is a Wayland session without X11; run the agent in an X11 session (a Wayland compositor does not let one application see the input of others)'
      : 'cannot count input: no display (DISPLAY is not set); start the agent in your desktop session';
  }
  if (process.platform === 'linux' && !(await displayReachable(env.DISPLAY!)))
    return `cannot count input: cannot open the display ${env.DISPLAY} (no X server answers there)`;
  const script = `
    const { uIOhook } = require(${JSON.stringify(require.resolve('uiohook-napi'))});
    uIOhook.start();
    setTimeout(() => { uIOhook.stop(); process.stdout.write('ok'); process.exit(0); }, 150);`;
  return new Promise((resolve) => {
    // The hook aborts when it cannot open the display: no core dump for that (it would be slow, and litter).
    const child =
      process.platform === 'win32'
        ? spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn('/bin/sh', ['-c', 'ulimit -c 0; exec "$0" -e "$1"', process.execPath, script], {
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(
        process.platform === 'darwin'
          ? 'cannot count input: macOS has not given this terminal the Accessibility permission (System Settings → Privacy & Security → Accessibility)'
          : 'cannot count input: the input hook did not start within 10 s',
      );
    }, 10_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && out === 'ok') return resolve(null);
      const reason =
        err
          .trim()
          .split('\n')
          .find((line) => line.trim()) ?? `exit ${code ?? signal}`;
      resolve(
        /XOpenDisplay|display/i.test(err)
          ? `cannot count input: cannot open the display ${env.DISPLAY ?? ''} (${reason.trim()})`
          : `cannot count input: the input hook failed (${reason.trim()})`,
      );
    });
  });
}
