import { describe, expect, it } from 'vitest';
import { heatmapOf } from './heatmap.js';

const hours = (values: Record<number, number>) =>
  Array.from({ length: 24 }, (_, hour) => ({ hour, productive_hours: values[hour] ?? 0 }));

describe('the hour-of-day heatmap', () => {
  it("lays each day's 24 hours on its row, with the API's figures", () => {
    const map = heatmapOf(
      ['2026-03-09', '2026-03-10'],
      [
        { date: '2026-03-10', hours: hours({ 9: 0.75, 10: 1 }) },
        { date: '2026-03-09', hours: hours({ 14: 0.02 }) },
      ],
    );
    expect(map.cells).toHaveLength(48);
    expect(map.cells).toContainEqual([14, 0, 0.02]);
    expect(map.cells).toContainEqual([9, 1, 0.75]);
    expect(map.cells).toContainEqual([10, 1, 1]);
    expect(map.max).toBe(1);
  });

  it('leaves a day without an answer blank, and keeps a scale when everything is 0', () => {
    const map = heatmapOf(['2026-03-09', '2026-03-10'], [{ date: '2026-03-10', hours: hours({}) }]);
    expect(map.cells.filter(([, row]) => row === 0)).toEqual([]);
    expect(map.max).toBe(0.01);
  });
});
