/**
 * HTTP load for the bench: servers in a child process of their own (`partners-server.ts`), load
 * from this process with autocannon (closed loop: each connection sends its next request when the
 * previous answer is in), a warm-up run, then the measured run. Only ever 127.0.0.1.
 */
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import type { ServerReady } from './partners-server.js';

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Builds each request's body (and headers) afresh, e.g. new record ids every time. */
  next?: () => { body?: string; headers?: Record<string, string> };
  /** The status every answer must have; any other fails the bench (a figure of errors means nothing). */
  expect: number;
  /** What is wrong with an answer's body, if anything: it fails the bench as a wrong status does. */
  check?: (body: string) => string | undefined;
}

export interface LoadResult {
  /** Answers with the expected status per second over the measured run. */
  perSecond: number;
  p50: number;
  p99: number;
  answers: number;
}

async function once(options: LoadOptions, seconds: number): Promise<LoadResult> {
  const { url, connections, method, next, expect, check } = options;
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`bench load goes to 127.0.0.1 only, not ${target.hostname}`);
  let refused: string | undefined;
  const result = await autocannon({
    url: target.origin,
    connections,
    duration: seconds,
    // Requests on a slow answer must be counted in the latency, not dropped: no timeout below 10 s.
    timeout: 10,
    requests: [
      {
        method,
        path: target.pathname + target.search,
        headers: options.headers ?? {},
        ...(next
          ? {
              setupRequest: (request) => {
                const built = next();
                return {
                  ...request,
                  ...(built.body === undefined ? {} : { body: built.body }),
                  headers: { ...request.headers, ...built.headers },
                };
              },
            }
          : {}),
        onResponse: (status, body) => {
          if (refused !== undefined) return;
          if (status !== expect) refused = `${status} ${body.slice(0, 500)}`;
          else if (check) {
            const wrong = check(body);
            if (wrong !== undefined) refused = `${status} ${wrong}: ${body.slice(0, 500)}`;
          }
        },
      },
    ],
  });
  const wrong = result.requests.sent - result['2xx'];
  if (refused !== undefined || result.errors > 0 || result.non2xx > 0) {
    throw new Error(
      `${method} ${url}: ${result.errors} errors, ${result.non2xx} non-2xx of ${result.requests.sent} (${wrong} not 2xx); first refusal: ${refused ?? 'none'}`,
    );
  }
  const answers = result['2xx'];
  return { perSecond: answers / result.duration, p50: result.latency.p50, p99: result.latency.p99, answers };
}

/** A warm-up run (JIT, caches, connection set-up), then the measured one. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await once(options, options.warmupSeconds);
  return once(options, options.seconds);
}

export interface ServerProcess {
  urls: Record<string, string>;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `partners-server.ts <mode>` as a child process. `BENCH_SERVER_NODE_OPTIONS` adds node
 * flags to it, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server under load.
 */
export function startServer(mode: 'system' | 'bare'): Promise<ServerProcess> {
  const extra = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = fork(new URL('./partners-server.ts', import.meta.url), [mode], {
    execArgv: ['--import', 'tsx', ...extra],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send('stop');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ urls: (message as ServerReady).urls, child, stop }));
    child.once('exit', (code, signal) =>
      reject(new Error(`bench server (${mode}) exited before it was ready: ${code ?? signal}`)),
    );
    child.once('error', reject);
  });
}
