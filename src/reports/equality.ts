import { GRADES, type Grade } from '../shared/domain-types.js';

/**
 * REP-4 (docs/rules/reporting.md). Equality monitoring for the board report: moderated grades by the child's ethnicity and age band,
 * with small numbers suppressed so no child can be picked out. Pure functions.
 */

/** Counts from 1 to this minus 1 are never shown. */
export const SUPPRESS_BELOW = 5;

export const NOT_RECORDED = 'Not recorded';

/** The children's services census bands (the Early Help service works with ages 0–19). */
export const AGE_BANDS = ['Under 1', '1 to 4', '5 to 9', '10 to 15', '16 and over'] as const;

export function ageBand(age: number | null | undefined): string {
  if (age === null || age === undefined || !Number.isInteger(age) || age < 0) return NOT_RECORDED;
  if (age < 1) return AGE_BANDS[0];
  if (age < 5) return AGE_BANDS[1];
  if (age < 10) return AGE_BANDS[2];
  if (age < 16) return AGE_BANDS[3];
  return AGE_BANDS[4];
}

export interface EqualityCell {
  grade: Grade;
  /** null: suppressed. */
  count: number | null;
}

export interface EqualityRowFigures {
  group: string;
  /** Audits in the group; null: suppressed. */
  audits: number | null;
  grades: EqualityCell[];
  /** Whether any figure of the row is withheld. */
  suppressed: boolean;
}

/**
 * One row per group (in `order`, then any other group alphabetically, "Not recorded" last), counting
 * each grade, with suppression applied (suppress()).
 */
export function equalityTable(entries: ReadonlyArray<{ group: string; grade: Grade }>, order: readonly string[] = []): EqualityRowFigures[] {
  const present = [...new Set(entries.map((e) => e.group))];
  const rank = (group: string) => (group === NOT_RECORDED ? 2 : order.includes(group) ? 0 : 1);
  const groups = present.sort((a, b) => rank(a) - rank(b) || (rank(a) === 0 ? order.indexOf(a) - order.indexOf(b) : a.localeCompare(b)));
  // Columns: each grade, then the group's total.
  const counts = groups.map((group) => {
    const mine = entries.filter((e) => e.group === group);
    return [...GRADES.map((grade) => mine.filter((e) => e.grade === grade).length), mine.length];
  });
  const shown = suppress(counts);
  return groups.map((group, r) => ({
    group,
    audits: shown[r][GRADES.length],
    grades: GRADES.map((grade, c) => ({ grade, count: shown[r][c] })),
    suppressed: shown[r].some((value) => value === null),
  }));
}

/**
 * Withholds small counts from a table whose last column is each row's total, and whose column totals
 * are published elsewhere (the report's grade distribution and number of audits):
 * 1. primary: every count from 1 to SUPPRESS_BELOW − 1 is withheld; so is every figure of a row whose
 *    total is that small, zeros included, since "none of them" would say something about each of them;
 * 2. complementary: a withheld count must not be recoverable by subtraction from a total, so a row
 *    (against its total) or a column (against the published total) with exactly one withheld count
 *    has a second one withheld: the smallest other shown count, non-zero ones first.
 * Repeated until nothing changes. A table of one row cannot hide more than the published totals show.
 */
export function suppress(table: readonly number[][], below = SUPPRESS_BELOW): Array<Array<number | null>> {
  const small = (value: number) => value > 0 && value < below;
  const hidden = table.map((row) => (small(row[row.length - 1]) ? row.map(() => true) : row.map(small)));
  const rows = table.length;
  const columns = rows === 0 ? 0 : table[0].length;
  const gradeColumns = columns - 1;

  const hideOneMore = (cells: Array<[number, number]>): boolean => {
    const hiddenHere = cells.filter(([r, c]) => hidden[r][c]);
    if (hiddenHere.length !== 1) return false;
    const candidates = cells.filter(([r, c]) => !hidden[r][c]).sort(([r1, c1], [r2, c2]) => {
      const a = table[r1][c1];
      const b = table[r2][c2];
      return (a === 0 ? 1 : 0) - (b === 0 ? 1 : 0) || a - b || r1 - r2 || c1 - c2;
    });
    if (candidates.length === 0) return false;
    const [r, c] = candidates[0];
    hidden[r][c] = true;
    return true;
  };

  for (let changed = true; changed; ) {
    changed = false;
    // Within a row: the grade counts against the row's total.
    for (let r = 0; r < rows; r++) {
      const cells = Array.from({ length: columns }, (_, c) => [r, c] as [number, number]);
      if (hideOneMore(cells)) changed = true;
    }
    // Down a column (grades and totals): against the published column total.
    for (let c = 0; c <= gradeColumns; c++) {
      const cells = Array.from({ length: rows }, (_, r) => [r, c] as [number, number]);
      if (hideOneMore(cells)) changed = true;
    }
  }
  return table.map((row, r) => row.map((value, c) => (hidden[r][c] ? null : value)));
}
