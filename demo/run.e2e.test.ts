/** `npm run demo` as a command: what it says when the services are not running, and on a bad option. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function demo(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo (the command)', () => {
  it('says in one line to run npm start first when the services do not answer, and exits 1', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const run = await demo([], { ATLAS_URL: url, NEXACORE_URL: url, CODECRAFTERS_URL: url, SCORESQUAD_URL: url });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      `The services do not answer (${url}, ${url}, ${url}, ${url}): run \`npm start\` first, then \`npm run demo\` again.`,
    ]);
  });

  it('names a bad option or setting, shows the usage, and exits 2', async () => {
    const option = await demo(['--members', '50'], {});
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('npm run demo: --members must be at most 20');
    expect(option.stderr).toContain('Usage: npm run demo -- [--members N] [--days N] [--seed S]');
    const setting = await demo([], { ATLAS_URL: 'not a url' });
    expect(setting.code).toBe(2);
    expect(setting.stderr).toContain('npm run demo: ATLAS_URL: ');
  });

  it('--help prints the usage and exits 0', async () => {
    const help = await demo(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Safe to run again');
  });
});
