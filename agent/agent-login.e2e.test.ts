/**
 * `atlas-agent login --browser`: the device flow (RFC 8628) end to end, the agent's side. A real
 * agent process prints the code; the person approves (or denies) it through Atlas, as the
 * dashboard's /get-token page does; the agent, polling at Atlas's interval, signs in (or says
 * why not). Codes are shortened to 4 s and the interval to 1 s for the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerPerson, type Person } from './test-fixtures/people.js';
import {
  agentCommand,
  exited,
  removeDir,
  spawnAgent,
  startSystem,
  tempDir,
  waitFor,
  type SystemProcess,
} from './test-fixtures/processes.js';

const USER_CODE = /\b([B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4})\b/;

describe('atlas-agent login --browser (the device flow)', () => {
  let system: SystemProcess;
  let dana: Person;
  const homes: string[] = [];

  beforeAll(async () => {
    system = await startSystem(undefined, { DEVICE_CODE_TTL_SECONDS: '4', DEVICE_POLL_INTERVAL_SECONDS: '1' });
    dana = await registerPerson(system.urls.atlas, 'dana');
  });

  afterAll(async () => {
    await system?.stop();
    for (const home of homes) removeDir(home);
    if (system) removeDir(system.dataDir);
  });

  const envFor = () => {
    const home = tempDir('atlas-agent-login-');
    homes.push(home);
    return {
      ATLAS_AGENT_HOME: home,
      ATLAS_URL: system.urls.atlas,
      CODECRAFTERS_URL: system.urls.codecrafters,
      DISPLAY: '',
    };
  };

  const codeOf = (agent: ReturnType<typeof spawnAgent>) =>
    waitFor('the code', () => USER_CODE.exec(agent.stdout())?.[1], 10_000);

  it('prints the code and the URL, and signs in once the code is approved', async () => {
    const env = envFor();
    const agent = spawnAgent(env, ['login', '--browser', '--no-open']);
    const code = await codeOf(agent);
    expect(agent.stdout()).toContain(`/get-token?user_code=${code}`);
    const approved = await api(`${system.urls.atlas}/api/v1/auth/device/approve`, dana.token, 'POST', {
      user_code: code.toLowerCase(), // typed by a person: case does not matter
    });
    expect(approved.status).toBe(200);
    expect(await exited(agent.child)).toBe(0);
    expect(agent.stdout()).toContain('Signed in as dana');
    const status = JSON.parse(agentCommand(env, ['status', '--json']).stdout) as {
      signed_in: { username: string; method: string; renewable: boolean };
    };
    expect(status.signed_in).toMatchObject({ username: 'dana', method: 'browser', renewable: true });
  });

  it('says so and exits 1 when the code is denied', async () => {
    const agent = spawnAgent(envFor(), ['login', '--browser', '--no-open']);
    const code = await codeOf(agent);
    expect(
      (await api(`${system.urls.atlas}/api/v1/auth/device/deny`, dana.token, 'POST', { user_code: code })).status,
    ).toBe(200);
    expect(await exited(agent.child)).toBe(1);
    expect(agent.output()).toContain('the sign-in was denied in the browser');
  });

  it('says so and exits 1 when nobody approves the code before it expires', async () => {
    const agent = spawnAgent(envFor(), ['login', '--browser', '--no-open']);
    await codeOf(agent);
    expect(await exited(agent.child)).toBe(1);
    expect(agent.output()).toContain('the code expired before it was approved');
  });

  it('prints a systemd user unit that runs `start` with the same settings and stops it with SIGTERM', () => {
    const env = envFor();
    const unit = agentCommand(env, ['install-service', '--print']);
    expect(unit.status).toBe(0);
    expect(unit.stdout).toMatch(/^ExecStart=\S+node\S* \S+agent\/bin\/atlas-agent\.js start$/m);
    expect(unit.stdout).toContain(`Environment="ATLAS_AGENT_HOME=${env.ATLAS_AGENT_HOME}"`);
    expect(unit.stdout).toContain(`Environment="ATLAS_URL=${system.urls.atlas}"`);
    expect(unit.stdout).toContain('KillSignal=SIGTERM');
    expect(unit.stdout).toContain('WantedBy=graphical-session.target');
  });
});
