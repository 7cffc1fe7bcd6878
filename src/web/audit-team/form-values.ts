/** What the audit team's forms post, read into what the API takes. */

/** The GOV.UK date input's three fields (`<name>-day`, `-month`, `-year`) as YYYY-MM-DD; null unless all three are numbers. */
export function dateFrom(form: Record<string, string>, name: string): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((part) => (form[`${name}-${part}`] ?? '').trim());
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** The roles ticked on the form (checkboxes post the field once per box ticked). */
export function tickedRoles(body: unknown): string[] {
  const value = (body as Record<string, unknown> | undefined)?.roles;
  const list = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
  return list.map(String);
}

/** The findings box: one finding a line, blank lines left out. */
export const findingsFrom = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
