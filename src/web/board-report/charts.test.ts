import { describe, expect, it } from '@jest/globals';
import { changeMatrix, gradesChart } from './charts.js';

const cycle = (name: string, moderated: Record<string, number>) => ({
  name,
  grades: Object.entries(moderated).map(([grade, count]) => ({ grade, initial: 0, moderated: count })),
});

describe('the grades chart', () => {
  it('given this cycle and an earlier one, then a bar per grade and cycle, heights in proportion, on whole-number ticks', () => {
    const chart = gradesChart([cycle('December', { GOOD: 4, INADEQUATE: 1 }), cycle('October', { OUTSTANDING: 2, GOOD: 2 })]);
    expect(chart.bars).toHaveLength(8);
    const bar = (label: RegExp) => chart.bars.find((b) => label.test(b.label))!;
    expect(bar(/^December: 4 moderated Good$/).height).toBeCloseTo(4 * bar(/^December: 1 moderated Inadequate$/).height, 0);
    expect(bar(/^October: 0 moderated Inadequate$/).height).toBe(0);
    // Every bar stands on the axis.
    for (const b of chart.bars) expect(b.y + b.height).toBeCloseTo(chart.plot.bottom, 1);
    expect(chart.yTicks.map((t) => t.text)).toEqual(['0', '1', '2', '3', '4']);
    expect(chart.xTicks.map((t) => t.text)).toEqual(['Outstanding', 'Good', 'Requires improvement', 'Inadequate']);
    // Each cycle its own colour, this cycle first in the legend.
    expect(chart.legend.map((l) => l.text)).toEqual(['December', 'October']);
    expect(new Set(chart.legend.map((l) => l.fill)).size).toBe(2);
    expect(bar(/^December: 4/).fill).toBe(chart.legend[0].fill);
  });

  it('given nothing moderated, then flat bars on an axis from 0 to 1 (no division by zero)', () => {
    const chart = gradesChart([cycle('December', {})]);
    expect(chart.bars.every((b) => b.height === 0 && Number.isFinite(b.y))).toBe(true);
    expect(chart.yTicks.map((t) => t.text)).toEqual(['0', '1']);
  });
});

describe('the moderation change matrix', () => {
  it('given the changes, then 16 cells, the fullest darkest with white figures, empty ones pale', () => {
    const matrix = changeMatrix([
      { initial: 'GOOD', moderated: 'GOOD', count: 5 },
      { initial: 'GOOD', moderated: 'REQUIRES_IMPROVEMENT', count: 1 },
    ]);
    expect(matrix.cells).toHaveLength(16);
    const cell = (count: number) => matrix.cells.find((c) => c.count === count)!;
    expect(cell(5)).toMatchObject({ fill: 'rgb(0, 48, 120)', textFill: '#ffffff', label: '5 graded Good by the auditor, Good at moderation' });
    expect(cell(1).textFill).toBe('#0b0c0c');
    expect(matrix.cells.filter((c) => c.count === 0).every((c) => c.fill === 'rgb(243, 242, 241)')).toBe(true);
    // Rows are the initial grade, columns the moderated: Good→RI sits right of Good→Good.
    expect(cell(1).y).toBe(cell(5).y);
    expect(cell(1).x).toBeGreaterThan(cell(5).x);
  });
});
