import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar, calendarFor, isLocalDate, isMonth, toLocalDate } from './working-calendar.js';

const eng = new WorkingCalendar();

describe('WorkingCalendar (England and Wales by default)', () => {
  it('defaults to GB-ENG and caches one calendar per region', () => {
    expect(eng.region).toBe('GB-ENG');
    expect(calendarFor()).toBe(calendarFor('GB-ENG'));
    expect(calendarFor('gb-sct')).toBe(calendarFor('GB-SCT'));
    expect(calendarFor('GB-SCT')).not.toBe(calendarFor('GB-ENG'));
  });

  it('refuses an unknown region, naming it', () => {
    expect(() => new WorkingCalendar('GB-XYZ')).toThrow(/GB-XYZ/);
    expect(() => new WorkingCalendar('ZZ-ENG')).toThrow(/ZZ-ENG/);
    expect(() => calendarFor('Narnia')).toThrow(/NARNIA/);
  });

  it('treats weekends as non-working', () => {
    expect(eng.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(eng.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(eng.isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(eng.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    expect(eng.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
    expect(eng.addWorkingDays('2026-03-04', 5)).toBe('2026-03-11');
  });

  it('n = 0 is the day itself when working, else the next working day', () => {
    expect(eng.addWorkingDays('2026-03-04', 0)).toBe('2026-03-04');
    expect(eng.addWorkingDays('2026-03-07', 0)).toBe('2026-03-09');
    expect(eng.addWorkingDays('2026-04-03', 0)).toBe('2026-04-07');
  });

  it('refuses a negative or fractional number of working days, and invalid dates', () => {
    expect(() => eng.addWorkingDays('2026-03-04', -1)).toThrow();
    expect(() => eng.addWorkingDays('2026-03-04', 1.5)).toThrow();
    expect(() => eng.addWorkingDays('2026-02-30', 1)).toThrow(/2026-02-30/);
    expect(() => eng.isWorkingDay('2026-3-4')).toThrow();
  });

  it('skips Easter: Good Friday and Easter Monday', () => {
    expect(eng.isWorkingDay('2026-04-03')).toBe(false); // Good Friday
    expect(eng.isWorkingDay('2026-04-06')).toBe(false); // Easter Monday
    expect(eng.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(eng.workingDaysBetween('2026-04-02', '2026-04-07')).toBe(1);
  });

  it('skips the early May and spring bank holidays', () => {
    expect(eng.isWorkingDay('2026-05-04')).toBe(false);
    expect(eng.isWorkingDay('2026-05-25')).toBe(false);
    expect(eng.addWorkingDays('2026-05-01', 1)).toBe('2026-05-05');
    expect(eng.addWorkingDays('2026-05-22', 3)).toBe('2026-05-28');
  });

  it('skips Christmas and New Year with substitute days', () => {
    // 2026: Christmas Friday, Boxing Day Saturday → substitute Monday 28th.
    expect(eng.isWorkingDay('2026-12-25')).toBe(false);
    expect(eng.isWorkingDay('2026-12-28')).toBe(false);
    expect(eng.isWorkingDay('2026-12-29')).toBe(true);
    expect(eng.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    // 2027: Christmas Saturday, Boxing Day Sunday → substitutes Monday 27th and Tuesday 28th.
    expect(eng.isWorkingDay('2027-12-27')).toBe(false);
    expect(eng.isWorkingDay('2027-12-28')).toBe(false);
    expect(eng.addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
    // New Year across the year boundary.
    expect(eng.isWorkingDay('2027-01-01')).toBe(false);
    expect(eng.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    // 2022: New Year's Day Saturday → substitute Monday 3 January.
    expect(eng.isWorkingDay('2022-01-03')).toBe(false);
  });

  it('lists the bank holidays that take a working day, in date order', () => {
    expect(eng.bankHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-04-06', name: 'Easter Monday' },
      { date: '2026-05-04', name: 'Early May bank holiday' },
      { date: '2026-05-25', name: 'Spring bank holiday' },
      { date: '2026-08-31', name: 'Summer bank holiday' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
    ]);
    // Observances such as Mother's Day are not days off.
    expect(eng.bankHolidays(2026).map((h) => h.name)).not.toContain("Mother's Day");
    expect(eng.bankHolidays(2027).map((h) => h.date)).toEqual(
      expect.arrayContaining(['2027-12-27', '2027-12-28']),
    );
  });

  it('differs in Scotland: 2 January is a holiday, Easter Monday is not', () => {
    const sct = calendarFor('GB-SCT');
    expect(sct.region).toBe('GB-SCT');
    expect(sct.isWorkingDay('2026-01-02')).toBe(false);
    expect(eng.isWorkingDay('2026-01-02')).toBe(true);
    expect(sct.isWorkingDay('2026-04-06')).toBe(true);
    expect(sct.addWorkingDays('2026-01-01', 1)).toBe('2026-01-05');
    expect(eng.addWorkingDays('2026-01-01', 1)).toBe('2026-01-02');
  });

  it('accepts Wales and Northern Ireland', () => {
    expect(calendarFor('GB-WLS').isWorkingDay('2026-04-06')).toBe(false);
    expect(calendarFor('GB-NIR').isWorkingDay('2026-03-17')).toBe(false); // St Patrick's Day
    expect(eng.isWorkingDay('2026-03-17')).toBe(true);
  });

  it('finds the last working day of a month', () => {
    expect(eng.lastWorkingDayOfMonth('2026-03')).toBe('2026-03-31'); // Tuesday
    expect(eng.lastWorkingDayOfMonth('2026-05')).toBe('2026-05-29'); // 31st Sunday
    expect(eng.lastWorkingDayOfMonth('2026-08')).toBe('2026-08-28'); // 31st summer bank holiday
    expect(eng.lastWorkingDayOfMonth('2027-02')).toBe('2027-02-26'); // 28th Sunday
    expect(eng.lastWorkingDayOfMonth('2028-02')).toBe('2028-02-29'); // leap year, Tuesday
    expect(() => eng.lastWorkingDayOfMonth('2026-13')).toThrow();
  });

  it('adds calendar weeks and clamped calendar months', () => {
    expect(eng.addWeeks('2026-03-04', 6)).toBe('2026-04-15');
    expect(eng.addWeeks('2026-12-20', 2)).toBe('2027-01-03');
    expect(eng.addWeeks('2026-03-04', -1)).toBe('2026-02-25');
    expect(eng.addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(eng.addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(eng.addMonths('2026-03-15', 4)).toBe('2026-07-15');
    expect(eng.addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(eng.addMonths('2026-03-31', -1)).toBe('2026-02-28');
    // Across the clocks going forward (29 March 2026) nothing drifts.
    expect(eng.addWeeks('2026-03-28', 1)).toBe('2026-04-04');
  });

  it('counts working days between two dates, after `from` up to and including `to`', () => {
    expect(eng.workingDaysBetween('2026-03-06', '2026-03-09')).toBe(1);
    expect(eng.workingDaysBetween('2026-03-04', '2026-03-04')).toBe(0);
    expect(eng.workingDaysBetween('2026-03-09', '2026-03-06')).toBe(-1);
    expect(eng.workingDaysBetween('2026-12-24', '2027-01-04')).toBe(4); // 29, 30, 31 Dec and 4 Jan
    for (const n of [1, 2, 5, 20, 60]) {
      expect(eng.workingDaysBetween('2026-12-18', eng.addWorkingDays('2026-12-18', n))).toBe(n);
    }
  });
});

describe('isLocalDate / isMonth', () => {
  it('accepts strict, real dates only', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-00-10')).toBe(false);
    expect(isLocalDate('2026-04-31')).toBe(false);
    expect(isLocalDate('26-1-1')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
    expect(isLocalDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(isLocalDate('')).toBe(false);
  });

  it('accepts strict months only', () => {
    expect(isMonth('2026-01')).toBe(true);
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-00')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(isMonth('2026-01-01')).toBe(false);
  });
});

describe('toLocalDate', () => {
  it('gives the local calendar day of an instant in London', () => {
    // 23:30 UTC in British Summer Time is already the next day in London.
    expect(toLocalDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    // In winter London is on UTC.
    expect(toLocalDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(toLocalDate(new Date('2026-06-30T23:30:00Z'), 'UTC')).toBe('2026-06-30');
    expect(() => toLocalDate(new Date('nonsense'))).toThrow();
  });
});
