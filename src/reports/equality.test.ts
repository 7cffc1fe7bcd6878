import { describe, expect, it } from '@jest/globals';
import type { Grade } from '../shared/domain-types.js';
import { AGE_BANDS, NOT_RECORDED, ageBand, equalityTable, suppress } from './equality.js';

const many = (group: string, grade: Grade, n: number) => Array.from({ length: n }, () => ({ group, grade }));

describe('age bands', () => {
  it.each([
    [0, 'Under 1'],
    [1, '1 to 4'],
    [4, '1 to 4'],
    [5, '5 to 9'],
    [9, '5 to 9'],
    [10, '10 to 15'],
    [15, '10 to 15'],
    [16, '16 and over'],
    [19, '16 and over'],
  ])('puts %i in %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });

  it('says "Not recorded" when the age is missing or not a whole number of years', () => {
    for (const age of [null, undefined, -1, 2.5]) expect(ageBand(age)).toBe(NOT_RECORDED);
    expect(AGE_BANDS).toHaveLength(5);
  });
});

describe('small-number suppression', () => {
  it('shows a table with no small counts as it is', () => {
    const table = [
      [5, 6, 0, 0, 11],
      [0, 7, 8, 0, 15],
    ];
    expect(suppress(table)).toEqual(table);
  });

  it('withholds counts of 1 to 4, and a second count wherever one alone could be worked out from a total', () => {
    // Row A: 3 alone would follow from the total 12, so the smallest other count (9) goes too.
    // Column RI: A's 3 is then the only hidden one there, against the published column total, so B's 6 goes;
    // that leaves B's row with one hidden count, so B's next smallest (7) goes, and so on until stable.
    const shown = suppress([
      [0, 9, 3, 0, 12],
      [0, 7, 6, 0, 13],
      [0, 8, 5, 0, 13],
    ]);
    for (const row of shown) expect(row.filter((v) => v === null).length === 0 || row.filter((v) => v === null).length >= 2).toBe(true);
    for (let c = 0; c < 5; c++) {
      const column = shown.map((row) => row[c]);
      expect(column.filter((v) => v === null).length).not.toBe(1);
    }
    expect(shown[0][2]).toBeNull();
  });

  it('withholds every figure of a group smaller than 5, zeros included', () => {
    const shown = suppress([
      [0, 0, 0, 3, 3],
      [2, 10, 6, 0, 18],
      [0, 9, 8, 7, 24],
    ]);
    expect(shown[0]).toEqual([null, null, null, null, null]);
    // Every column now has its hidden cells in twos or more, or none.
    for (let c = 0; c < 5; c++) expect(shown.map((row) => row[c]).filter((v) => v === null).length).not.toBe(1);
  });

  it('never shows a count from 1 to 4', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial++) {
      const table = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
        const cells = Array.from({ length: 4 }, () => Math.floor(random() * 9));
        return [...cells, cells.reduce((a, b) => a + b, 0)];
      });
      const shown = suppress(table);
      for (const row of shown) for (const value of row) expect(value === null || value === 0 || value >= 5).toBe(true);
      if (table.length > 1) {
        for (const row of shown) expect(row.filter((v) => v === null).length).not.toBe(1);
      }
    }
  });
});

describe('equality tables', () => {
  it('counts moderated grades per group, "Not recorded" last, with the figures of small groups withheld', () => {
    const rows = equalityTable([
      ...many('White British', 'GOOD', 6),
      ...many('White British', 'REQUIRES_IMPROVEMENT', 5),
      ...many('Bangladeshi', 'GOOD', 7),
      ...many('Bangladeshi', 'INADEQUATE', 5),
      ...many(NOT_RECORDED, 'GOOD', 2),
    ]);
    expect(rows.map((r) => r.group)).toEqual(['Bangladeshi', 'White British', NOT_RECORDED]);
    expect(rows[2]).toEqual({
      group: NOT_RECORDED,
      audits: null,
      grades: [
        { grade: 'OUTSTANDING', count: null },
        { grade: 'GOOD', count: null },
        { grade: 'REQUIRES_IMPROVEMENT', count: null },
        { grade: 'INADEQUATE', count: null },
      ],
      suppressed: true,
    });
    // The GOOD column and the totals column each hide a second figure, so the 2 cannot be worked out.
    expect(rows.filter((r) => r.grades[1].count === null)).toHaveLength(2);
    expect(rows.filter((r) => r.audits === null)).toHaveLength(2);
  });

  it('keeps the given order of groups, such as the age bands', () => {
    const rows = equalityTable([...many('10 to 15', 'GOOD', 5), ...many('Under 1', 'GOOD', 5)], AGE_BANDS);
    expect(rows.map((r) => [r.group, r.audits, r.suppressed])).toEqual([
      ['Under 1', 5, false],
      ['10 to 15', 5, false],
    ]);
  });
});
