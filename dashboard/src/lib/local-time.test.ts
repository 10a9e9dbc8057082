import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDay, formatInstant, fromNow, instantOfLocalInput, instantParam, localInputOf } from './local-time.js';

// The rules read the viewer's clock: each case runs in a named zone (Node follows TZ at run time).
const inZone = (zone: string) => vi.stubEnv('TZ', zone);
beforeEach(() => inZone('UTC'));
afterEach(() => vi.unstubAllEnvs());

describe('instantOfLocalInput: a datetime-local value on the viewer clock', () => {
  it('reads minutes, seconds and milliseconds', () => {
    expect(instantOfLocalInput('2026-03-02T09:30')).toBe('2026-03-02T09:30:00.000Z');
    expect(instantOfLocalInput('2026-03-02T09:30:15')).toBe('2026-03-02T09:30:15.000Z');
    expect(instantOfLocalInput('2026-03-02T09:30:15.5')).toBe('2026-03-02T09:30:15.500Z');
  });

  it('is in the viewer zone, half hours included', () => {
    inZone('Europe/Berlin');
    expect(instantOfLocalInput('2026-01-15T10:00')).toBe('2026-01-15T09:00:00.000Z');
    expect(instantOfLocalInput('2026-07-15T10:00')).toBe('2026-07-15T08:00:00.000Z');
    inZone('Asia/Kolkata');
    expect(instantOfLocalInput('2026-07-15T10:00')).toBe('2026-07-15T04:30:00.000Z');
    inZone('America/New_York');
    expect(instantOfLocalInput('2026-07-15T10:00')).toBe('2026-07-15T14:00:00.000Z');
  });

  it('crosses a month end and a year end in the viewer zone', () => {
    inZone('Europe/Berlin');
    expect(instantOfLocalInput('2026-02-01T00:30')).toBe('2026-01-31T23:30:00.000Z');
    expect(instantOfLocalInput('2026-01-01T00:00')).toBe('2025-12-31T23:00:00.000Z');
    inZone('America/Los_Angeles');
    expect(instantOfLocalInput('2026-03-31T23:59:59')).toBe('2026-04-01T06:59:59.000Z');
  });

  it('reads around the DST changes as the browser does', () => {
    inZone('Europe/Berlin');
    // Spring: 02:00 → 03:00 on 29 March 2026.
    expect(instantOfLocalInput('2026-03-29T01:59:59')).toBe('2026-03-29T00:59:59.000Z');
    expect(instantOfLocalInput('2026-03-29T03:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(instantOfLocalInput('2026-03-29T02:30')).toBe(new Date(2026, 2, 29, 2, 30).toISOString());
    // Autumn: 03:00 → 02:00 on 25 October 2026; 02:30 happens twice, the first one is taken.
    expect(instantOfLocalInput('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(instantOfLocalInput('2026-10-25T03:30')).toBe('2026-10-25T02:30:00.000Z');
  });

  it('refuses what is not a moment', () => {
    for (const bad of ['', '2026-03-02', '2026-02-30T10:00', '2026-13-01T10:00', '2026-03-02T24:00', 'soon']) {
      expect(instantOfLocalInput(bad)).toBeNull();
    }
    expect(instantOfLocalInput('2028-02-29T10:00')).toBe('2028-02-29T10:00:00.000Z');
    expect(instantOfLocalInput('2026-02-29T10:00')).toBeNull();
  });
});

describe('localInputOf: an instant as a datetime-local value', () => {
  it('shows the viewer clock, to the second', () => {
    expect(localInputOf('2026-03-02T09:30:15.750Z')).toBe('2026-03-02T09:30:15');
    inZone('Europe/Berlin');
    expect(localInputOf('2026-03-02T09:30:15Z')).toBe('2026-03-02T10:30:15');
    expect(localInputOf('2026-03-29T01:00:00Z')).toBe('2026-03-29T03:00:00');
    expect(localInputOf('2025-12-31T23:30:00Z')).toBe('2026-01-01T00:30:00');
    inZone('America/New_York');
    expect(localInputOf('2026-03-01T03:00:00Z')).toBe('2026-02-28T22:00:00');
  });

  it('round-trips through instantOfLocalInput, to the second, on both sides of a DST change', () => {
    // Berlin's and New York's spring changes, a second before and at the change, and a summer noon.
    const moments = [
      '2026-03-29T00:59:59.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-08T06:59:59.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-07-01T12:00:00.000Z',
    ];
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe']) {
      inZone(zone);
      for (const at of moments) expect(instantOfLocalInput(localInputOf(at)), `${zone} ${at}`).toBe(at);
    }
  });

  it('reads the second pass of a repeated hour back as its first', () => {
    inZone('Europe/Berlin');
    // 01:30Z on 25 October 2026 is 02:30 CET, after the clocks went back from 03:00 CEST.
    expect(localInputOf('2026-10-25T01:30:00Z')).toBe('2026-10-25T02:30:00');
    expect(instantOfLocalInput('2026-10-25T02:30:00')).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('instantParam: ?as_of= in a shared link', () => {
  it('takes an instant with Z or an offset, as UTC', () => {
    expect(instantParam('2026-03-02T09:30:00Z')).toBe('2026-03-02T09:30:00.000Z');
    expect(instantParam('2026-03-02T09:30:00.123Z')).toBe('2026-03-02T09:30:00.123Z');
    expect(instantParam('2026-03-02T10:30:00+01:00')).toBe('2026-03-02T09:30:00.000Z');
    expect(instantParam('2026-03-02T10:30:00 01:00')).toBe('2026-03-02T09:30:00.000Z');
  });

  it('means the same moment in every zone', () => {
    inZone('Pacific/Auckland');
    expect(instantParam('2026-03-02T09:30:00Z')).toBe('2026-03-02T09:30:00.000Z');
  });

  it('refuses local times, bare dates, impossible days and anything else', () => {
    for (const bad of ['2026-03-02T09:30:00', '2026-03-02', '2026-02-30T09:30:00Z', 'now', '', undefined, ['x']]) {
      expect(instantParam(bad)).toBeNull();
    }
  });
});

describe('formatting', () => {
  it('shows an instant on the viewer clock in their locale', () => {
    inZone('Europe/Berlin');
    expect(formatInstant('2026-03-02T09:30:00Z', 'en-GB')).toBe('2 Mar 2026, 10:30:00');
    inZone('America/New_York');
    expect(formatInstant('2026-03-02T03:30:00Z', 'en-GB')).toBe('1 Mar 2026, 22:30:00');
  });

  it('shows a calendar date as the same day in every zone', () => {
    inZone('America/Los_Angeles');
    expect(formatDay('2026-03-02', 'en-GB')).toBe('2 Mar 2026');
    inZone('Pacific/Kiritimati');
    expect(formatDay('2026-03-02', 'en-GB')).toBe('2 Mar 2026');
    expect(formatDay('not a day', 'en-GB')).toBe('not a day');
  });

  it('says how far a moment is, never rounding a deadline up', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect(fromNow('2026-03-02T09:09:59Z', now, 'en')).toBe('in 9 minutes');
    expect(fromNow('2026-03-02T09:00:30Z', now, 'en')).toBe('in 30 seconds');
    expect(fromNow('2026-03-02T08:58:00Z', now, 'en')).toBe('2 minutes ago');
    expect(fromNow('2026-03-02T11:00:00Z', now, 'en')).toBe('in 2 hours');
    expect(fromNow('2026-03-04T09:00:00Z', now, 'en')).toBe('in 2 days');
  });
});
