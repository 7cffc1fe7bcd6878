import Holidays from 'date-holidays';
import type { LocalDate } from '../shared/domain-types.js';

/**
 * Working days on a UK bank-holiday calendar, for the programme's timescales
 * ("within 1 working day", "by the last working day of the month", "6 weeks after").
 *
 * All arithmetic is on YYYY-MM-DD strings through UTC midnights, so the server's own
 * time zone and clock changes can never move a date by a day.
 */

const DEFAULT_REGION = 'GB-ENG';
const DAY_MS = 86_400_000;

// Only days off work count; observances (Mother's Day) and optional days do not close offices.
const DAYS_OFF = new Set(['public', 'bank']);

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Strict YYYY-MM-DD that names a real calendar day. */
export function isLocalDate(s: string): boolean {
  if (typeof s !== 'string') return false;
  const m = LOCAL_DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Strict YYYY-MM with a real month. */
export function isMonth(s: string): boolean {
  if (typeof s !== 'string') return false;
  const m = MONTH.exec(s);
  if (!m) return false;
  const month = Number(m[2]);
  return month >= 1 && month <= 12;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Made once per time zone: making one costs far more than formatting with it (a rebuild asks for every event). */
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar day an instant falls on in the given time zone (the authority's by default). */
export function toLocalDate(instant: Date, timeZone = 'Europe/London'): LocalDate {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new Error(`Not a valid instant: ${String(instant)}`);
  }
  const parts = dayFormat(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function assertLocalDate(date: LocalDate, what = 'date'): void {
  if (!isLocalDate(date)) throw new Error(`Not a valid ${what} (YYYY-MM-DD): ${String(date)}`);
}

function assertInteger(n: number, what: string, min?: number): void {
  if (!Number.isInteger(n) || (min !== undefined && n < min)) {
    throw new Error(`${what} must be an integer${min !== undefined ? ` ≥ ${min}` : ''}: ${String(n)}`);
  }
}

function toUtcMs(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(0);
  // setUTCFullYear avoids Date.UTC's 0–99 → 1900s mapping.
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
}

function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

function plusDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

function isWeekend(date: LocalDate): boolean {
  const dow = new Date(toUtcMs(date)).getUTCDay();
  return dow === 0 || dow === 6;
}

function parseRegion(region: string): { country: string; state?: string } {
  const [country, state, ...rest] = region.split('-');
  if (!country || rest.length > 0) throw new Error(`Unknown bank holiday region: ${region}`);
  const catalogue = new Holidays();
  const countries = catalogue.getCountries() ?? {};
  if (!(country in countries)) throw new Error(`Unknown bank holiday region: ${region}`);
  if (state !== undefined) {
    // The library silently falls back to the country for an unknown state, so check first.
    const states = catalogue.getStates(country) ?? {};
    if (!(state in states)) throw new Error(`Unknown bank holiday region: ${region}`);
  }
  return { country, state };
}

/** Calendar weeks: the same on every calendar, so read models without one may count them too. */
export function addWeeks(date: LocalDate, weeks: number): LocalDate {
  assertLocalDate(date);
  assertInteger(weeks, 'Weeks');
  return plusDays(date, weeks * 7);
}

export class WorkingCalendar {
  readonly region: string;
  private readonly holidays: Holidays;
  private readonly byYear = new Map<number, Map<LocalDate, string>>();

  /** `region` is ISO 3166-2 style: 'GB-ENG' (England and Wales bank holidays), 'GB-SCT', 'GB-NIR', 'GB-WLS'. */
  constructor(region: string = DEFAULT_REGION) {
    const normalised = String(region).trim().toUpperCase();
    const { country, state } = parseRegion(normalised);
    this.region = normalised;
    this.holidays = state ? new Holidays(country, state) : new Holidays(country);
  }

  /** Bank holidays that take a working day off, in date order, substitute days included. */
  bankHolidays(year: number): { date: LocalDate; name: string }[] {
    assertInteger(year, 'year');
    return [...this.daysOff(year)].map(([date, name]) => ({ date, name }));
  }

  isWorkingDay(date: LocalDate): boolean {
    assertLocalDate(date);
    if (isWeekend(date)) return false;
    return !this.daysOff(Number(date.slice(0, 4))).has(date);
  }

  /**
   * The n-th working day after `date`. With n = 0, the date itself when it is a working day,
   * otherwise the next working day (a deadline never lands on a day the office is shut).
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    assertLocalDate(date);
    assertInteger(n, 'Working days', 0);
    let current = date;
    if (n === 0) {
      while (!this.isWorkingDay(current)) current = plusDays(current, 1);
      return current;
    }
    let remaining = n;
    while (remaining > 0) {
      current = plusDays(current, 1);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  /**
   * Working days after `from` up to and including `to`, so that
   * workingDaysBetween(d, addWorkingDays(d, n)) === n for n ≥ 1. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    assertLocalDate(from, 'from date');
    assertLocalDate(to, 'to date');
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let d = plusDays(from, 1); d <= to; d = plusDays(d, 1)) {
      if (this.isWorkingDay(d)) count += 1;
    }
    return count;
  }

  /** Moderation of a cycle is due by this day. */
  lastWorkingDayOfMonth(month: string): LocalDate {
    if (!isMonth(month)) throw new Error(`Not a valid month (YYYY-MM): ${String(month)}`);
    const [y, m] = month.split('-').map(Number);
    let d = `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
    while (!this.isWorkingDay(d)) d = plusDays(d, -1);
    return d;
  }

  /** Calendar weeks, e.g. the 6-week dip audit; may land on a non-working day. */
  addWeeks(date: LocalDate, weeks: number): LocalDate {
    return addWeeks(date, weeks);
  }

  /** Calendar months, clamped to the month's end (31 January + 1 month → 28/29 February). */
  addMonths(date: LocalDate, months: number): LocalDate {
    assertLocalDate(date);
    assertInteger(months, 'Months');
    const [y, m, d] = date.split('-').map(Number);
    const index = y * 12 + (m - 1) + months;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const day = Math.min(d, daysInMonth(year, month));
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  private daysOff(year: number): Map<LocalDate, string> {
    let days = this.byYear.get(year);
    if (!days) {
      const found: [LocalDate, string][] = [];
      for (const h of this.holidays.getHolidays(year, 'en')) {
        if (!DAYS_OFF.has(h.type)) continue;
        // `date` is local to the region ("YYYY-MM-DD hh:mm:ss"); Date fields would drift with the server zone.
        const date = h.date.slice(0, 10);
        // A holiday on a weekend takes no working day; its substitute day (listed separately) does.
        if (isWeekend(date)) continue;
        found.push([date, h.name]);
      }
      found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      days = new Map(found);
      this.byYear.set(year, days);
    }
    return days;
  }
}

const calendars = new Map<string, WorkingCalendar>();

/** One shared calendar per region; bank holidays are computed once per year. */
export function calendarFor(region: string = DEFAULT_REGION): WorkingCalendar {
  const key = String(region).trim().toUpperCase();
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = new WorkingCalendar(key);
    calendars.set(key, calendar);
  }
  return calendar;
}
