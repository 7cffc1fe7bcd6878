import { isLocalDate, isMonth } from '../calendar/working-calendar.js';
import type { Grade, LocalDate } from '../shared/domain-types.js';
import type { CellValue } from './tracker-file.js';

/**
 * Reading what people type into a tracker. Each reader returns the value or throws a CellProblem
 * saying why, in words for the person fixing the file.
 */
export class CellProblem extends Error {}

export function text(value: CellValue): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const result = String(value).replace(/\s+/g, ' ').trim();
  // The export's guard against formulas in CSV ('=…) comes off again.
  const unguarded = /^'[=+\-@]/.test(result) ? result.slice(1) : result;
  return unguarded === '' ? null : unguarded;
}

export function requiredText(value: CellValue): string {
  const result = text(value);
  if (result === null) throw new CellProblem('must not be empty');
  return result;
}

/** The documents' words for each grade, their abbreviations (RI, IA) and the API's names. */
const GRADE_WORDS: Record<string, Grade> = {
  outstanding: 'OUTSTANDING',
  o: 'OUTSTANDING',
  good: 'GOOD',
  g: 'GOOD',
  requiresimprovement: 'REQUIRES_IMPROVEMENT',
  requiresimprovementtobegood: 'REQUIRES_IMPROVEMENT',
  ri: 'REQUIRES_IMPROVEMENT',
  inadequate: 'INADEQUATE',
  ia: 'INADEQUATE',
};

export const GRADE_LABELS: Record<Grade, string> = {
  OUTSTANDING: 'Outstanding',
  GOOD: 'Good',
  REQUIRES_IMPROVEMENT: 'Requires improvement',
  INADEQUATE: 'Inadequate',
};

export function grade(value: CellValue): Grade | null {
  const written = text(value);
  if (written === null) return null;
  const found = GRADE_WORDS[written.toLowerCase().replace(/[^a-z]/g, '')];
  if (!found) throw new CellProblem(`"${written}" is not a grade: write Outstanding, Good, Requires improvement (RI) or Inadequate`);
  return found;
}

export function yesNo(value: CellValue): boolean | null {
  if (typeof value === 'boolean') return value;
  const written = text(value);
  if (written === null) return null;
  const word = written.toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(word)) return true;
  if (['no', 'n', 'false', '0'].includes(word)) return false;
  throw new CellProblem(`"${written}" is not Yes or No`);
}

/** A date cell, YYYY-MM-DD, or the UK's DD/MM/YYYY. */
export function date(value: CellValue): LocalDate | null {
  if (value === null) return null;
  // exceljs gives a date cell as the UTC midnight of the day shown.
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const written = text(value)!;
  if (isLocalDate(written)) return written;
  const uk = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(written);
  if (uk) {
    const candidate = `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}`;
    if (isLocalDate(candidate)) return candidate;
  }
  throw new CellProblem(`"${written}" is not a date: write it as 2024-03-28 or 28/03/2024`);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** YYYY-MM, MM/YYYY, "March 2024" ("Mar 2024"), or any date in the month. */
export function month(value: CellValue): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 7);
  const written = text(value)!;
  if (isMonth(written)) return written;
  const numeric = /^(\d{1,2})[/.-](\d{4})$/.exec(written);
  if (numeric && isMonth(`${numeric[2]}-${numeric[1].padStart(2, '0')}`)) return `${numeric[2]}-${numeric[1].padStart(2, '0')}`;
  const named = /^([a-z]+)\.? (\d{4})$/i.exec(written);
  if (named && named[1].length >= 3) {
    const index = MONTHS.findIndex((m) => m.startsWith(named[1].toLowerCase()));
    if (index >= 0) return `${named[2]}-${String(index + 1).padStart(2, '0')}`;
  }
  if (isLocalDate(written)) return written.slice(0, 7);
  throw new CellProblem(`"${written}" is not a month: write it as 2024-03 or March 2024`);
}

/** A whole number, written or a number cell. */
export function wholeNumber(value: CellValue): number | null {
  if (value === null) return null;
  const written = typeof value === 'number' ? String(value) : text(value)!;
  if (!/^\d+$/.test(written)) throw new CellProblem(`"${written}" is not a whole number`);
  return Number(written);
}

/** A list in one cell, one item per line or separated by semicolons. */
export function list(value: CellValue): string[] {
  const written = value === null ? '' : String(value);
  return [...new Set(written.split(/[;\n]/).map((item) => item.replace(/\s+/g, ' ').trim()).filter((item) => item !== ''))];
}
