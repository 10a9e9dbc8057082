import { describe, expect, it } from 'vitest';
import { hoursText } from './hours-text.js';

describe('hoursText', () => {
  it("shows the API's two decimals as they are", () => {
    expect(hoursText(1.25, 'en')).toBe('1.25 h');
    expect(hoursText(0.01, 'en')).toBe('0.01 h');
    expect(hoursText(1.5, 'en')).toBe('1.5 h');
    expect(hoursText(0, 'en')).toBe('0 h');
  });

  it("uses the viewer's locale for the separators", () => {
    expect(hoursText(1234.75, 'en')).toBe('1,234.75 h');
    expect(hoursText(1234.75, 'de')).toBe('1.234,75 h');
  });
});
