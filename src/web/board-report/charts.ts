import { scaleBand, scaleLinear } from 'd3-scale';
import { GRADE_LABELS } from '../kernel/filters.js';

/**
 * The board report's charts as plain geometry (rectangles, ticks, labels) worked out with d3-scale,
 * for the template to draw as SVG on the server: no script in the browser, and every figure also in
 * the table beside the chart.
 */

const GRADES = ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'] as const;
type Grade = (typeof GRADES)[number];

/** GOV.UK colours with enough contrast on white for graphics (WCAG 1.4.11), one per cycle, this cycle first. */
const CYCLE_COLOURS = ['#1d70b8', '#28a197', '#4c2c92', '#d53880', '#f47738', '#505a5f'];

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  value: number;
  /** Shown on hover (an SVG <title>), the figure in words. */
  label: string;
}

export interface Tick {
  position: number;
  text: string;
  /** The text in lines short enough to sit side by side (the matrix's column headings). */
  lines?: string[];
}

export interface BarChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: Bar[];
  xTicks: Tick[];
  yTicks: Tick[];
  legend: Array<{ text: string; fill: string; x: number; y: number }>;
}

export interface CycleGrades {
  name: string;
  grades: Array<{ grade: string; initial: number; moderated: number }>;
}

/** Integer ticks from 0 to at least `max`: counts are whole audits. */
function countTicks(max: number): number[] {
  const top = Math.max(1, max);
  const ticks = scaleLinear().domain([0, top]).nice().ticks(Math.min(5, top));
  return ticks.filter((t) => Number.isInteger(t));
}

/**
 * Moderated grades by cycle: a group of bars per grade, one bar per cycle (this cycle first, then the
 * earlier ones, newest first, as the report lists them).
 */
export function gradesChart(cycles: readonly CycleGrades[]): BarChart {
  const width = 460;
  const legendRows = Math.ceil(cycles.length / 2);
  const height = 300 + legendRows * 22;
  const plot = { left: 40, top: 12, right: width - 10, bottom: 240 };
  const counts = cycles.map((c) => GRADES.map((g) => c.grades.find((x) => x.grade === g)?.moderated ?? 0));
  const max = Math.max(0, ...counts.flat());
  const ticks = countTicks(max);
  const y = scaleLinear().domain([0, ticks.at(-1) ?? 1]).range([plot.bottom, plot.top]);
  const x = scaleBand<Grade>().domain(GRADES).range([plot.left, plot.right]).paddingInner(0.25).paddingOuter(0.1);
  const inner = scaleBand<number>().domain(cycles.map((_, i) => i)).range([0, x.bandwidth()]).padding(0.08);
  const bars: Bar[] = [];
  cycles.forEach((cycle, i) =>
    GRADES.forEach((grade, g) => {
      const value = counts[i][g];
      const top = y(value);
      bars.push({
        x: round((x(grade) ?? 0) + (inner(i) ?? 0)),
        y: round(top),
        width: round(inner.bandwidth()),
        height: round(plot.bottom - top),
        fill: CYCLE_COLOURS[i % CYCLE_COLOURS.length],
        value,
        label: `${cycle.name}: ${value} moderated ${GRADE_LABELS[grade]}`,
      });
    }),
  );
  return {
    width,
    height,
    plot,
    bars,
    xTicks: GRADES.map((g) => ({ position: round((x(g) ?? 0) + x.bandwidth() / 2), text: GRADE_LABELS[g] })),
    yTicks: ticks.map((t) => ({ position: round(y(t)), text: String(t) })),
    legend: cycles.map((c, i) => ({ text: c.name, fill: CYCLE_COLOURS[i % CYCLE_COLOURS.length], x: plot.left + (i % 2) * 210, y: 290 + Math.floor(i / 2) * 22 })),
  };
}

export interface MatrixCell {
  x: number;
  y: number;
  size: number;
  fill: string;
  /** Dark cells carry white figures. */
  textFill: string;
  count: number;
  label: string;
}

export interface MatrixChart {
  width: number;
  height: number;
  cells: MatrixCell[];
  /** The moderated grades, across the top. */
  columns: Tick[];
  /** The auditor's initial grades, down the side. */
  rows: Tick[];
  axis: { top: number; left: number; size: number };
}

/**
 * The moderation change matrix: the auditor's initial grade (rows) against the moderated grade
 * (columns), each cell shaded by how many audits it holds; the diagonal is agreement.
 */
export function changeMatrix(changes: ReadonlyArray<{ initial: string; moderated: string; count: number }>): MatrixChart {
  const left = 150;
  const top = 80;
  const size = 280;
  const band = scaleBand<Grade>().domain(GRADES).range([0, size]).padding(0.04);
  const max = Math.max(1, ...changes.map((c) => c.count));
  const shade = scaleLinear<string>().domain([0, max]).range(['#f3f2f1', '#003078']);
  const cells: MatrixCell[] = [];
  for (const initial of GRADES) {
    for (const moderated of GRADES) {
      const count = changes.find((c) => c.initial === initial && c.moderated === moderated)?.count ?? 0;
      cells.push({
        x: round(left + (band(moderated) ?? 0)),
        y: round(top + (band(initial) ?? 0)),
        size: round(band.bandwidth()),
        fill: shade(count),
        textFill: count / max > 0.45 ? '#ffffff' : '#0b0c0c',
        count,
        label: `${count} graded ${GRADE_LABELS[initial]} by the auditor, ${GRADE_LABELS[moderated]} at moderation`,
      });
    }
  }
  return {
    width: left + size + 10,
    height: top + size + 10,
    cells,
    columns: GRADES.map((g) => ({ position: round(left + (band(g) ?? 0) + band.bandwidth() / 2), text: GRADE_LABELS[g], lines: GRADE_LABELS[g].split(' ') })),
    rows: GRADES.map((g) => ({ position: round(top + (band(g) ?? 0) + band.bandwidth() / 2), text: GRADE_LABELS[g] })),
    axis: { top, left, size },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
