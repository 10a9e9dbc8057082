import { describe, expect, it } from 'vitest';
import { timelineOf } from './timeline.js';

const span = (started_at: string, ended_at: string, active_minutes: number) => ({
  started_at,
  ended_at,
  active_minutes,
});

describe('the sessions timeline', () => {
  it('puts a session on its day, in minutes since that day began in the zone', () => {
    const s = span('2026-03-09T09:00:00.000Z', '2026-03-09T10:30:00.000Z', 90);
    const { bars, dayMinutes } = timelineOf([s], 'Asia/Kolkata', ['2026-03-09']);
    expect(bars).toEqual([
      {
        date: '2026-03-09',
        start: 14 * 60 + 30,
        end: 16 * 60,
        from: Date.parse(s.started_at),
        to: Date.parse(s.ended_at),
        session: s,
      },
    ]);
    expect(dayMinutes).toBe(1440);
  });

  it("cuts a session across midnight into two bars, each keeping the session's figures", () => {
    // 18:00–19:00 UTC is 23:30–00:30 in Kolkata (docs/codecrafters.md)
    const s = span('2026-03-08T18:00:00.000Z', '2026-03-08T19:00:00.000Z', 60);
    const { bars } = timelineOf([s], 'Asia/Kolkata', ['2026-03-08', '2026-03-09']);
    expect(bars.map(({ date, start, end }) => ({ date, start, end }))).toEqual([
      { date: '2026-03-08', start: 1410, end: 1440 },
      { date: '2026-03-09', start: 0, end: 30 },
    ]);
    expect(bars.every((bar) => bar.session === s)).toBe(true);
  });

  it('leaves out the part on a day the range does not list', () => {
    const s = span('2026-03-08T18:00:00.000Z', '2026-03-08T19:00:00.000Z', 60);
    expect(timelineOf([s], 'Asia/Kolkata', ['2026-03-09']).bars.map((bar) => bar.date)).toEqual(['2026-03-09']);
    expect(timelineOf([s], 'UTC', ['2026-03-09']).bars).toEqual([]);
  });

  it('measures elapsed time on DST days: after spring-forward 03:00 is 120 minutes in, and a fall-back day has 1500', () => {
    // New York, 2026-03-08: 03:00 EDT (07:00 UTC) comes 2 hours after midnight
    const spring = timelineOf([span('2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z', 60)], 'America/New_York', [
      '2026-03-08',
    ]);
    expect(spring.bars.map(({ start, end }) => [start, end])).toEqual([[120, 180]]);
    expect(spring.dayMinutes).toBe(1440);
    // 2026-11-01: 01:30 EDT → 01:30 EST is one hour, drawn forwards
    const fall = timelineOf([span('2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z', 60)], 'America/New_York', [
      '2026-11-01',
    ]);
    expect(fall.bars.map(({ start, end }) => [start, end])).toEqual([[90, 150]]);
    expect(fall.dayMinutes).toBe(1500);
  });
});
