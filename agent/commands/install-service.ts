/**
 * `atlas-agent install-service [--print]`: a systemd user unit that runs `atlas-agent start` in the
 * user's graphical session (it needs the display), restarts it on failure, and stops it with
 * SIGTERM, so the open minute is sent. Written to `~/.config/systemd/user/atlas-agent.service` and
 * enabled with `systemctl --user`; `--print` only prints it. macOS and Windows: docs/agent.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError, type Io } from './io.js';

const bin = fileURLToPath(new URL('../bin/atlas-agent.js', import.meta.url));

export function unitText(io: Io): string {
  const environment = [
    `ATLAS_AGENT_HOME=${io.settings.home}`,
    `ATLAS_URL=${io.settings.atlasUrl}`,
    `CODECRAFTERS_URL=${io.settings.codecraftersUrl}`,
  ];
  return [
    '[Unit]',
    'Description=Atlas desktop agent (counts keyboard and mouse activity for Code Crafters; never which keys)',
    'After=graphical-session.target network-online.target',
    'PartOf=graphical-session.target',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${process.execPath} ${bin} start`,
    ...environment.map((line) => `Environment="${line}"`),
    'Restart=on-failure',
    'RestartSec=30',
    'KillSignal=SIGTERM',
    'TimeoutStopSec=15',
    '',
    '[Install]',
    'WantedBy=graphical-session.target',
    '',
  ].join('\n');
}

export function installService(io: Io, printOnly: boolean): void {
  const unit = unitText(io);
  if (printOnly) {
    io.out(unit);
    return;
  }
  if (process.platform !== 'linux')
    throw new CommandError(
      'install-service writes a systemd user unit (Linux); for macOS and Windows see docs/agent.md',
      2,
    );
  const dir = path.join(io.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'systemd', 'user');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'atlas-agent.service');
  writeFileSync(file, unit);
  io.out(`Wrote ${file}\n`);
  const systemctl = (...args: string[]) => spawnSync('systemctl', ['--user', ...args], { encoding: 'utf8' });
  const reload = systemctl('daemon-reload');
  if (reload.error || reload.status !== 0) {
    io.out(
      'systemctl --user is not available here; enable it later with:\n  systemctl --user daemon-reload && systemctl --user enable --now atlas-agent\n',
    );
    return;
  }
  const enable = systemctl('enable', '--now', 'atlas-agent');
  if (enable.status !== 0)
    throw new CommandError(`systemctl --user enable --now atlas-agent failed: ${enable.stderr.trim()}`);
  io.out('Enabled and started: systemctl --user status atlas-agent\n');
}
