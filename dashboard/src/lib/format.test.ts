import { describe, expect, it } from 'vitest';
import { dayLabel, hoursText, rangeLabel } from './format.js';

describe('formats', () => {
  it('writes a calendar date as that day, whatever the zone of the machine', () => {
    expect(dayLabel('2026-03-09')).toBe('Mon 9 Mar');
    expect(dayLabel('2026-03-15')).toBe('Sun 15 Mar');
  });

  it('writes a range, or a single day', () => {
    expect(rangeLabel({ from: '2026-03-09', to: '2026-03-15' })).toBe('9 Mar 2026 – 15 Mar 2026');
    expect(rangeLabel({ from: '2026-03-09', to: '2026-03-09' })).toBe('9 Mar 2026');
  });

  it('writes hours as the API gives them', () => {
    expect(hoursText(6.5)).toBe('6.5 h');
    expect(hoursText(6.17)).toBe('6.17 h');
    expect(hoursText(0)).toBe('0 h');
  });
});
