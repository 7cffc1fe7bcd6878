import { describe, expect, it } from '@jest/globals';
import { dateInputError, dateInputItems, dateInputValues, readDateInput } from './date-input.js';
import { FormErrors } from './form-errors.js';

const form = (day: string, month: string, year: string) => ({ 'dueOn-day': day, 'dueOn-month': month, 'dueOn-year': year });

describe('the GOV.UK date input', () => {
  it('reads three boxes as a calendar date', () => {
    expect(readDateInput(form('4', '6', '2027'), 'dueOn', 'the due date')).toEqual({ ok: true, value: '2027-06-04' });
    expect(readDateInput(form(' 29 ', '02', '2028'), 'dueOn', 'the due date')).toEqual({ ok: true, value: '2028-02-29' });
  });

  it('says in GOV.UK words what is missing or wrong, and which boxes', () => {
    expect(readDateInput({}, 'dueOn', 'the due date')).toEqual({ ok: false, text: 'Enter the due date', parts: ['day', 'month', 'year'] });
    expect(readDateInput(form('4', '', '2027'), 'dueOn', 'the due date')).toEqual({ ok: false, text: 'The due date must include a month', parts: ['month'] });
    expect(readDateInput(form('', '', '2027'), 'dueOn', 'the due date')).toEqual({ ok: false, text: 'The due date must include a day and month', parts: ['day', 'month'] });
    expect(readDateInput(form('31', '2', '2027'), 'dueOn', 'the due date')).toEqual({ ok: false, text: 'The due date must be a real date', parts: ['day'] });
    expect(readDateInput(form('29', '2', '2027'), 'dueOn', 'the due date')).toMatchObject({ ok: false, parts: ['day'] });
    expect(readDateInput(form('1', '13', '2027'), 'dueOn', 'the due date')).toEqual({ ok: false, text: 'The due date must be a real date', parts: ['month'] });
    expect(readDateInput(form('1', 'June', '2027'), 'dueOn', 'the due date')).toEqual({ ok: false, text: 'The due date must be a real date', parts: ['month'] });
    expect(readDateInput(form('1', '6', '27'), 'dueOn', 'the due date')).toEqual({ ok: false, text: 'Year must include 4 numbers', parts: ['year'] });
  });

  it('shows a recorded date again, marks the wrong boxes, and finds the message beside them', () => {
    expect(dateInputValues('dueOn', '2027-06-04')).toEqual(form('4', '6', '2027'));
    const items = dateInputItems('dueOn', form('4', '', '2027'), ['month']);
    expect(items.map((i) => [i.id, i.value, i.classes.includes('govuk-input--error')])).toEqual([
      ['dueOn-day', '4', false],
      ['dueOn-month', '', true],
      ['dueOn-year', '2027', false],
    ]);
    expect(dateInputItems('dueOn', {}, []).every((i) => i.classes.includes('govuk-input--error'))).toBe(true);
    const errors = new FormErrors().add('dueOn-month', 'The due date must include a month');
    expect(dateInputError(errors, 'dueOn')).toEqual({ text: 'The due date must include a month' });
    expect(errors.summary).toEqual([{ text: 'The due date must include a month', href: '#dueOn-month' }]);
  });
});
