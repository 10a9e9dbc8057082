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
      uIOhook.on('mousemove', (e) => {
        events++;
        const now = performance.now();
        if (lastX !== null && now - lastSample < MOVE_SAMPLE_MS) return;
        if (lastX !== null) sink.move(Math.hypot(e.x - lastX, e.y - lastY));
        lastX = e.x;
        lastY = e.y;
        lastSample = now;
      });
      uIOhook.start();
    },
    stop() {
      uIOhook.stop();
      uIOhook.removeAllListeners();
    },
  };
}

/** Why the hook cannot run here, or null when it can: checked before the hook is started in this process. */
export async function probeHook(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (process.platform === 'linux' && !env.DISPLAY) {
    return env.WAYLAND_DISPLAY
      ? 'cannot count input: this is a Wayland session without X11; run the agent in an X11 session (a Wayland compositor does not let one application see the input of others)'
      : 'cannot count input: no display (DISPLAY is not set); start the agent in your desktop session';
  }
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
          : 'cannot count input: the input hook did not start within 15 s',
      );
    }, 15_000);
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
