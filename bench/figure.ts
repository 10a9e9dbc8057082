/**
 * A bench figure: one measured value printed beside its baseline, measured in the same run on the
 * same machine, so that the ratio means something on a noisy or shared machine (design §7).
 */

export interface Target {
  /** Wanted ratio value / baseline. */
  ratio?: number;
  /** Wanted absolute value, in the figure's unit. */
  value?: number;
  better: 'higher' | 'lower';
}

export interface Figure {
  name: string;
  unit: string;
  value: number;
  baseline: { name: string; value: number };
  /** value / baseline.value */
  ratio: number;
  target?: Target;
  /** Whether the target holds (absent when there is no target). */
  met?: boolean;
}

/** Builds a figure, computing the ratio and whether the target is met. */
export function figure(
  name: string,
  unit: string,
  value: number,
  baseline: { name: string; value: number },
  target?: Target,
): Figure {
  const ratio = baseline.value === 0 ? Number.NaN : value / baseline.value;
  const result: Figure = { name, unit, value, baseline, ratio };
  if (target) {
    const atLeast = (actual: number, wanted: number) =>
      target.better === 'higher' ? actual >= wanted : actual <= wanted;
    result.target = target;
    result.met =
      (target.ratio === undefined || atLeast(ratio, target.ratio)) &&
      (target.value === undefined || atLeast(value, target.value));
  }
  return result;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  const sign = target.better === 'higher' ? '>=' : '<=';
  const parts: string[] = [];
  if (target.ratio !== undefined) parts.push(`ratio ${sign} ${target.ratio}`);
  if (target.value !== undefined) parts.push(`${sign} ${formatNumber(target.value)} ${unit}`);
  return parts.join(', ');
}

/** The figures as a plain-text table: figure, value, baseline, ratio, target, met. */
export function formatFigures(figures: readonly Figure[]): string {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'met'];
  const rows = figures.map((f) => [
    f.name,
    `${formatNumber(f.value)} ${f.unit}`,
    `${formatNumber(f.baseline.value)} ${f.unit} (${f.baseline.name})`,
    f.ratio.toFixed(2),
    formatTarget(f.target, f.unit),
    f.met === undefined ? '' : f.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** A bench module: measures its figures, each with its baseline, in one run. */
export interface Bench {
  name: string;
  run(): Promise<Figure[]>;
}
