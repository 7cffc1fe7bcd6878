/**
 * What the cycle pages' forms send: pure functions from the posted fields (strings) to the API's
 * inputs, with the problems a form can see before asking the API (a date not given in full, a line
 * of the candidates that is not a case). Everything else is the API's to refuse.
 */

export interface Problem {
  field: string;
  text: string;
}

/** A textarea's non-empty lines, trimmed. */
export function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * A GOV.UK date input's three fields (`<name>-day`, `-month`, `-year`) as YYYY-MM-DD. Its problem
 * names `<name>-day`, the first field, which the error summary links to.
 */
export function dateField(form: Record<string, string>, name: string, what: string): { value: string | null; problem: Problem | null } {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => (form[`${name}-${part}`] ?? '').trim());
  const field = `${name}-day`;
  if (!day && !month && !year) return { value: null, problem: { field, text: `Enter ${what}` } };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { value: null, problem: { field, text: `${capitalise(what)} must be a real date, for example 16 11 2026` } };
  }
  return { value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`, problem: null };
}

/** A date's fields for re-showing a date input: 2026-11-16 → { day: '16', month: '11', year: '2026' }. */
export function dateParts(value: string | null | undefined): { day: string; month: string; year: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { day: '', month: '', year: '' };
}

export interface Candidate {
  caseRef: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  ethnicity?: string | null;
  childAge?: number | null;
  monthsOpen?: number | null;
}

/**
 * The open cases put forward from the child level data sheets (BEF-8), one a line, comma-separated:
 * case reference, team, practitioner, team manager, and optionally ethnicity, child's age, months open.
 */
export function candidatesFrom(text: string | undefined): { candidates: Candidate[]; problems: Problem[] } {
  const candidates: Candidate[] = [];
  const problems: Problem[] = [];
  lines(text).forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const [caseRef, teamId, practitionerId, teamManagerId, ethnicity, childAge, monthsOpen] = cells;
    if (cells.length < 4 || cells.length > 7 || !caseRef || !teamId || !practitionerId || !teamManagerId) {
      problems.push({ field: 'candidates', text: `Line ${i + 1} of the cases must give the case reference, team, practitioner and team manager, separated by commas` });
      return;
    }
    const age = wholeNumber(childAge);
    const months = wholeNumber(monthsOpen);
    if (age === undefined || months === undefined) {
      problems.push({ field: 'candidates', text: `Line ${i + 1} of the cases: the child's age and the months open must be whole numbers` });
      return;
    }
    candidates.push({ caseRef, teamId, practitionerId, teamManagerId, ethnicity: ethnicity || null, childAge: age, monthsOpen: months });
  });
  return { candidates, problems };
}

/** Cases named with a reason (BEF-11, BEF-12), one a line: `case reference: reason`. */
export function reasonedFrom(text: string | undefined, field: string, what: string): { cases: Array<{ caseRef: string; reason: string }>; problems: Problem[] } {
  const cases: Array<{ caseRef: string; reason: string }> = [];
  const problems: Problem[] = [];
  lines(text).forEach((line, i) => {
    const m = /^([^:]+):(.*)$/.exec(line);
    if (!m || !m[1].trim() || !m[2].trim()) {
      problems.push({ field, text: `Line ${i + 1} of the ${what} must give the case reference, a colon and the reason` });
      return;
    }
    cases.push({ caseRef: m[1].trim(), reason: m[2].trim() });
  });
  return { cases, problems };
}

/**
 * The sample sizes: a field `size-<team id>` for each team of the cycle's service and `size-service`
 * for the whole service; an empty one draws nothing.
 */
export function sampleSizesFrom(form: Record<string, string>, teamIds: readonly string[]): { sizes: Array<{ teamId: string | null; size: number }>; problems: Problem[] } {
  const sizes: Array<{ teamId: string | null; size: number }> = [];
  const problems: Problem[] = [];
  for (const teamId of [...teamIds, null]) {
    const field = teamId ? `size-${teamId}` : 'size-service';
    const raw = (form[field] ?? '').trim();
    if (!raw) continue;
    const size = wholeNumber(raw);
    if (size == null || size < 1) problems.push({ field, text: 'A sample size must be a whole number of cases, 1 or more' });
    else sizes.push({ teamId, size });
  }
  return { sizes, problems };
}

/** `undefined` when the text is not a whole number; null when empty. */
function wholeNumber(text: string | undefined): number | null | undefined {
  if (text == null || text.trim() === '') return null;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The API's refusals as a form's problems. The field is `extensions.field` or the message's `field:`
 * prefix, less any `input.` and list index (`input.candidates.2.teamId` → `candidates`); `fields`
 * maps it to the form's field (unknown: the summary only). A message naming its rule
 * (`auditorId: PPL-3: …`), or a sentence of its own, is shown from there on; otherwise the label
 * replaces the field.
 */
export function apiProblems(
  errors: ReadonlyArray<{ message: string; extensions?: { field?: string | null } | null }>,
  fields: Record<string, string>,
  labels: Record<string, string> = {},
): Array<{ field: string | null; text: string }> {
  return errors.map((error) => {
    const prefixed = /^([A-Za-z][\w.]*): (.*)$/s.exec(error.message);
    const apiField = (error.extensions?.field ?? prefixed?.[1] ?? '').replace(/^input\./, '').split('.')[0] || null;
    const field = apiField ? (fields[apiField] ?? null) : null;
    const rest = prefixed ? prefixed[2] : error.message;
    let text: string;
    if (!prefixed) text = error.message;
    else if (/^[A-Z]{3}-\d+:/.test(rest) || !PREDICATE.test(rest)) text = rest;
    else text = `${(field && labels[field]) ?? humanise(prefixed[1])} ${rest}`;
    return { field, text: capitalise(text) };
  });
}

/** A message that goes on from its field's name ("must be YYYY-MM"); any other is a sentence of its own ("at least one … is required"). */
const PREDICATE = /^(must|is|are|has|have|cannot|can|should|was|were|does|do)\b/;

function humanise(apiField: string): string {
  return apiField
    .split('.')
    .filter((p) => !/^\d+$/.test(p) && p !== 'input')
    .pop()!
    .replace(/Id(s)?$/, '$1')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}
