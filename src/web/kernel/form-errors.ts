import type { ApiError } from './graphql-client.js';

export interface FieldError {
  /** The form field's name (and its id, which the error summary links to). */
  field: string | null;
  text: string;
}

/**
 * A form's errors in the GOV.UK way: `summary` for govukErrorSummary (each linking to its field),
 * `for(field)` for a component's errorMessage. Messages are the API's own, in plain words: its
 * `field: why` prefix becomes the field's label ("rationale: must not be empty" → "Rationale must
 * not be empty"); the code is never shown.
 */
export class FormErrors {
  private readonly list: FieldError[] = [];

  add(field: string | null, text: string): this {
    this.list.push({ field, text });
    return this;
  }

  /**
   * The API's errors for one mutation. `fieldFor` names the form field for the API's field
   * (`extensions.field`, or the `field:` prefix of a validation message); `labels` the words for it.
   */
  addApiErrors(errors: ApiError[], fieldFor: (apiField: string | null) => string | null = (f) => f, labels: Record<string, string> = {}): this {
    for (const error of errors) {
      const apiField = error.extensions?.field ?? /^([A-Za-z][\w.]*): /.exec(error.message)?.[1] ?? null;
      const field = fieldFor(apiField);
      this.add(field, plainMessage(error.message, field ? labels[field] : undefined));
    }
    return this;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /** govukErrorSummary's errorList. */
  get summary(): Array<{ text: string; href?: string }> {
    return this.list.map((e) => (e.field ? { text: e.text, href: `#${e.field}` } : { text: e.text }));
  }

  /** A component's errorMessage for this field, or undefined (no error shown). */
  for(field: string): { text: string } | undefined {
    const found = this.list.filter((e) => e.field === field);
    return found.length ? { text: found.map((e) => e.text).join('. ') } : undefined;
  }
}

/** "rationale: must not be empty" → "Rationale must not be empty" (or "<label> must not be empty"). */
export function plainMessage(message: string, label?: string): string {
  const m = /^([A-Za-z][\w.]*): (.*)$/s.exec(message);
  const text = m ? `${label ?? humanise(m[1])} ${m[2]}` : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** camelCase or snake_case API field → words: teamManagerId → "team manager". */
function humanise(field: string): string {
  return field
    .split('.')
    .pop()!
    .replace(/Id$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}
