/**
 * Tests only: the real system (stores, projector, services) on ephemeral ports in a fresh temp
 * data dir, with a silent logger; `stop()` also removes the data dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../http/index.js';
import { loadConfig, type Config } from './config.js';
import { serviceNames, startSystem, type RunningSystem, type StartOptions } from './system.js';

export interface TestSystem extends RunningSystem {
  config: Config;
  dataDir: string;
}

export async function startTestSystem(
  options: Omit<StartOptions, 'logger'> & { env?: Record<string, string> } = {},
): Promise<TestSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-system-'));
  const config = loadConfig({
    ATLAS_DATA_DIR: dataDir,
    ATLAS_PORT: '0',
    NEXACORE_PORT: '0',
    CODECRAFTERS_PORT: '0',
    SCORESQUAD_PORT: '0',
    MCP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const { env: _env, ...start } = options;
  // The browser suites start the dashboard (dashboard/e2e/); in-process suites ask the APIs directly.
  if (!start.services && !start.modules) start.services = serviceNames.filter((name) => name !== 'dashboard');
  const system = await startSystem(config, { ...start, logger: createLogger({ name: 'test', level: 'silent' }) });
  return {
    ...system,
    config,
    dataDir,
    async stop() {
      await system.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
