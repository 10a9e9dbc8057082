/**
 * The hour-of-day heatmap: one row per day, one column per hour, each cell the API's
 * `productive_hours` for that hour (from `GET /api/v1/productivity/users/:id/hours`, one day per
 * answer). A day without an answer has no cells (blank, not 0).
 */
export interface DayHours {
  date: string;
  hours: readonly { hour: number; productive_hours: number }[];
}

export interface Heatmap {
  dates: string[];
  /** `[hour, row, productive_hours]`, rows in the order of `dates`. */
  cells: [number, number, number][];
  /** The largest cell, at least 0.01 (a scale that starts and ends at 0 draws nothing). */
  max: number;
}

export function heatmapOf(dates: readonly string[], days: readonly DayHours[]): Heatmap {
  const byDate = new Map(days.map((day) => [day.date, day]));
  const cells: [number, number, number][] = [];
  let max = 0.01;
  dates.forEach((date, row) => {
    for (const { hour, productive_hours } of byDate.get(date)?.hours ?? []) {
      cells.push([hour, row, productive_hours]);
      max = Math.max(max, productive_hours);
    }
  });
  return { dates: [...dates], cells, max };
}
