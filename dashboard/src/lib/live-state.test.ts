import { describe, expect, it } from 'vitest';
import { combinedState, liveLabel } from './live-state.js';

describe("a view's live state", () => {
  it('is its worst stream, ignoring those that are off', () => {
    expect(combinedState(['live', 'live'])).toBe('live');
    expect(combinedState(['live', 'off'])).toBe('live');
    expect(combinedState(['live', 'unavailable'])).toBe('unavailable');
    expect(combinedState(['unavailable', 'connecting'])).toBe('connecting');
    expect(combinedState(['connecting', 'reconnecting', 'live'])).toBe('reconnecting');
    expect(combinedState(['off'])).toBe('off');
    expect(combinedState([])).toBe('off');
  });

  it('says Live or Reconnecting…, and how often it refreshes when the service has no stream', () => {
    expect(liveLabel('live', 30)).toBe('Live');
    expect(liveLabel('reconnecting', 30)).toBe('Reconnecting…');
    expect(liveLabel('connecting', 30)).toBe('Connecting…');
    expect(liveLabel('unavailable', 30)).toBe('Not live: refreshing every 30 s');
    expect(liveLabel('off', 30)).toBe('');
  });
});
