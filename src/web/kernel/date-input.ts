/**
 * GOV.UK's date input (day, month, year in three boxes) read from a posted form, with GOV.UK's own
 * error messages. The API decides what a date must be (not in the past, not in the future); this only
 * turns three boxes into a calendar date, YYYY-MM-DD, or says why it cannot.
 */

export type DatePart = 'day' | 'month' | 'year';
const PARTS: readonly DatePart[] = ['day', 'month', 'year'];

export type DateInput = { ok: true; value: string } | { ok: false; text: string; parts: DatePart[] };

/** The field names govukDateInput gives with `namePrefix: name`: dueOn-day, dueOn-month, dueOn-year. */
export const datePartField = (name: string, part: DatePart) => `${name}-${part}`;

/** `label` is what the date is, in the middle of a sentence: "the due date" → "Enter the due date". */
export function readDateInput(form: Record<string, string>, name: string, label: string): DateInput {
  const raw = Object.fromEntries(PARTS.map((p) => [p, (form[datePartField(name, p)] ?? '').trim()])) as Record<DatePart, string>;
  const Label = label.charAt(0).toUpperCase() + label.slice(1);
  const missing = PARTS.filter((p) => raw[p] === '');
  if (missing.length === 3) return { ok: false, text: `Enter ${label}`, parts: [...PARTS] };
  if (missing.length > 0) return { ok: false, text: `${Label} must include a ${missing.join(' and ')}`, parts: missing };
  const notNumbers = PARTS.filter((p) => !/^\d+$/.test(raw[p]));
  if (notNumbers.length > 0) return { ok: false, text: `${Label} must be a real date`, parts: notNumbers };
  if (raw.year.length !== 4) return { ok: false, text: 'Year must include 4 numbers', parts: ['year'] };
  const [day, month, year] = [Number(raw.day), Number(raw.month), Number(raw.year)];
  if (month < 1 || month > 12) return { ok: false, text: `${Label} must be a real date`, parts: ['month'] };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return { ok: false, text: `${Label} must be a real date`, parts: ['day'] };
  return { ok: true, value: `${raw.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/** A recorded date (YYYY-MM-DD) as the three boxes' values, to show a form again. */
export function dateInputValues(name: string, value: string | null | undefined): Record<string, string> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!m) return {};
  return { [datePartField(name, 'day')]: String(Number(m[3])), [datePartField(name, 'month')]: String(Number(m[2])), [datePartField(name, 'year')]: m[1] };
}

/**
 * govukDateInput's items for a field: each box with what was typed, and the error class on the boxes
 * that are wrong (all three when `errorParts` is empty but the field is in error).
 */
export function dateInputItems(name: string, values: Record<string, string | undefined>, errorParts: DatePart[] | null) {
  return PARTS.map((part) => ({
    name: part,
    label: part.charAt(0).toUpperCase() + part.slice(1),
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts && (errorParts.length === 0 || errorParts.includes(part)) ? ' govuk-input--error' : ''}`,
    value: values[datePartField(name, part)] ?? '',
    id: datePartField(name, part),
  }));
}

/** The message beside a date input: whatever error one of its three boxes holds. */
export function dateInputError(errors: { for(field: string): { text: string } | undefined }, name: string): { text: string } | undefined {
  for (const part of PARTS) {
    const found = errors.for(datePartField(name, part));
    if (found) return found;
  }
  return undefined;
}
