/** `pause` durations: what parses, what is refused as a usage error (exit code 2) and why. */
import { describe, expect, it } from 'vitest';
import { CommandError, durationMs } from './io.js';

const refusal = (text: string): CommandError => {
  try {
    durationMs(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandError);
    return error as CommandError;
  }
  throw new Error(`"${text}" was accepted`);
};

describe('durationMs', () => {
  it('reads hours, minutes and seconds, alone or together, in that order', () => {
    expect(durationMs('30m')).toBe(30 * 60_000);
    expect(durationMs('2h')).toBe(2 * 3_600_000);
    expect(durationMs('1h30m')).toBe(90 * 60_000);
    expect(durationMs('90s')).toBe(90_000);
    expect(durationMs('1h1m1s')).toBe(3_661_000);
    expect(durationMs('1s')).toBe(1_000);
    expect(durationMs('  45m\n')).toBe(45 * 60_000);
  });

  it('allows up to 7 days, and not a second more', () => {
    expect(durationMs('168h')).toBe(7 * 86_400_000);
    expect(durationMs('167h60m')).toBe(7 * 86_400_000);
    expect(refusal('168h1s').message).toBe('a pause lasts between 1 s and 7 days');
    expect(refusal('169h').exitCode).toBe(2);
    expect(refusal('99999999999999999999h').exitCode).toBe(2);
  });

  it('refuses a zero duration', () => {
    for (const text of ['0m', '0h0m0s', '0s']) {
      const error = refusal(text);
      expect(error.message).toBe('a pause lasts between 1 s and 7 days');
      expect(error.exitCode).toBe(2);
    }
  });

  it('refuses what is not a duration, with a usage error that shows the forms', () => {
    for (const text of ['', '   ', 'abc', '8d', '30', '1h30', '30M', '1.5h', '-5m', '30m1h', 'm', '1 h', '30 m']) {
      const error = refusal(text);
      expect(error.exitCode, text).toBe(2);
      expect(error.message, text).toBe(`"${text}" is not a duration: use e.g. 30m, 2h, 1h30m or 90s`);
    }
  });
});
