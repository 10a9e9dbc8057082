/**
 * What the productivity charts share: axes, grid and tooltip in the theme's colours (read when the
 * option is built; the charts rebuild it when the theme changes), and a palette that goes past
 * the theme's four series colours for teams of more members.
 */
import { chartColors } from '../../lib/echarts.js';

const EXTRA_SERIES = ['#0c8599', '#d6336c', '#74b816', '#f08c00', '#5f3dc4', '#868e96'];

export function chartTheme() {
  const colors = chartColors();
  const css = getComputedStyle(document.documentElement);
  const surface = css.getPropertyValue('--surface').trim();
  const surface2 = css.getPropertyValue('--surface-2').trim();
  const accent = css.getPropertyValue('--accent').trim();
  const axis = {
    axisLine: { lineStyle: { color: colors.border } },
    axisTick: { lineStyle: { color: colors.border } },
    axisLabel: { color: colors.muted },
    splitLine: { lineStyle: { color: colors.border } },
    nameTextStyle: { color: colors.muted },
  };
  const tooltip = {
    backgroundColor: surface,
    borderColor: colors.border,
    textStyle: { color: colors.text },
  };
  return { colors, axis, tooltip, surface2, accent, palette: [...colors.series, ...EXTRA_SERIES] };
}
