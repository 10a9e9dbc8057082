import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from './options.js';
import { loadUrls, SettingsError } from './settings.js';

describe('parseOptions', () => {
  it('has defaults for a full demo', () => {
    expect(parseOptions([])).toEqual({ members: 20, days: 30, seed: 'atlas-demo' });
    expect(parseOptions(['--members', '5', '--days=2', '--seed', 'x'])).toEqual({ members: 5, days: 2, seed: 'x' });
    expect(parseOptions(['--help'])).toBe('help');
  });

  it.each([
    [['--members', '2'], '--members must be at least 3'],
    [['--members', '21'], '--members must be at most 20'],
    [['--members', 'many'], '--members must be a whole number'],
    [['--days', '0'], '--days must be at least 1'],
    [['--days', '31'], '--days must be at most 30'],
    [['--days', '1.5'], '--days must be a whole number'],
    [['--seed', ' '], '--seed must not be empty'],
    [['--colour', 'red'], "Unknown option '--colour'"],
    [['extra'], 'Unexpected argument'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});

describe('loadUrls', () => {
  it('defaults to the ports of npm start, and takes the settings without a trailing slash', () => {
    expect(loadUrls({})).toEqual({
      atlas: 'http://127.0.0.1:8000',
      nexacore: 'http://127.0.0.1:8001',
      codecrafters: 'http://127.0.0.1:8002',
      scoresquad: 'http://127.0.0.1:8003',
      dashboard: 'http://localhost:5173',
    });
    expect(loadUrls({ ATLAS_URL: 'http://atlas.test:9000/', SCORESQUAD_URL: '' }).atlas).toBe('http://atlas.test:9000');
  });

  it('names a bad setting', () => {
    expect(() => loadUrls({ ATLAS_URL: 'not a url' })).toThrow('ATLAS_URL: Invalid URL');
    expect(() => loadUrls({ CODECRAFTERS_URL: 'localhost:8002' })).toThrow(SettingsError);
    expect(() => loadUrls({ CODECRAFTERS_URL: 'localhost:8002' })).toThrow(/^CODECRAFTERS_URL: /);
    expect(() => loadUrls({ NEXACORE_URL: 'http://x.test/?a=1' })).toThrow(
      'NEXACORE_URL: a base URL without query or fragment',
    );
  });
});
