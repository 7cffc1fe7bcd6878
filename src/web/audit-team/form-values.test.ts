import { describe, expect, it } from '@jest/globals';
import { dateFrom, findingsFrom, tickedRoles } from './form-values.js';

describe("the audit team's form values", () => {
  it('a GOV.UK date input becomes YYYY-MM-DD, only when day, month and year are all numbers', () => {
    expect(dateFrom({ 'd-day': '4', 'd-month': '12', 'd-year': '2026' }, 'd')).toBe('2026-12-04');
    expect(dateFrom({ 'd-day': ' 14 ', 'd-month': '03', 'd-year': '2027' }, 'd')).toBe('2027-03-14');
    expect(dateFrom({ 'd-day': '', 'd-month': '12', 'd-year': '2026' }, 'd')).toBeNull();
    expect(dateFrom({ 'd-day': '4', 'd-month': 'Dec', 'd-year': '2026' }, 'd')).toBeNull();
    expect(dateFrom({ 'd-day': '4', 'd-month': '12', 'd-year': '26' }, 'd')).toBeNull();
    // An impossible day is the API's to refuse (LocalDate), in its own words.
    expect(dateFrom({ 'd-day': '31', 'd-month': '2', 'd-year': '2027' }, 'd')).toBe('2027-02-31');
  });

  it('ticked checkboxes: none, one (a string) or several (an array)', () => {
    expect(tickedRoles({})).toEqual([]);
    expect(tickedRoles({ roles: '' })).toEqual([]);
    expect(tickedRoles({ roles: 'AUDITOR' })).toEqual(['AUDITOR']);
    expect(tickedRoles({ roles: ['AUDITOR', 'MODERATOR'] })).toEqual(['AUDITOR', 'MODERATOR']);
  });

  it('findings: one a line, trimmed, blank lines left out', () => {
    expect(findingsFrom(' First \r\n\r\nSecond\n  \n')).toEqual(['First', 'Second']);
    expect(findingsFrom(undefined)).toEqual([]);
  });
});
