/**
 * ECharts, piecemeal: only the renderer, charts and components the dashboard draws are bundled
 * (`echarts/core` + `use`). Views import `BaseChart.vue`, which imports this, so the charts load
 * with the views that show them, not with the first page.
 */
import { BarChart, HeatmapChart, LineChart, PieChart, RadarChart, CustomChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  CanvasRenderer,
  BarChart,
  LineChart,
  HeatmapChart,
  PieChart,
  RadarChart,
  CustomChart,
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
]);

/** The theme's colours, read from the CSS variables so charts follow light and dark. */
export function chartColors(): { text: string; muted: string; border: string; series: string[] } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    muted: v('--muted'),
    border: v('--border'),
    series: [v('--chart-1'), v('--chart-2'), v('--chart-3'), v('--chart-4')],
  };
}

/** Axis colours from the theme, for a cartesian chart's `xAxis`/`yAxis` (spread into each). */
export function themedAxis(): Record<string, unknown> {
  const colors = chartColors();
  return {
    axisLabel: { color: colors.muted },
    axisLine: { lineStyle: { color: colors.border } },
    splitLine: { lineStyle: { color: colors.border } },
    nameTextStyle: { color: colors.muted },
  };
}
