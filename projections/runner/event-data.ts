import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { ANSWERS, GRADES, ROLES, type Answer, type Grade, type LocalDate, type Role } from '../../src/shared/domain-types.js';

/** An event a projection handles but cannot read: its data is not the shape the catalogue promises. */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checked access to an event's data. Projections read every field through this, so an event of
 * an unexpected shape stops the projection with a message naming the field instead of writing
 * undefined or garbage into a read model.
 */
export class EventData {
  private constructor(private readonly data: Record<string, unknown>) {}

  static of(event: RecordedEvent): EventData {
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new MalformedEventError(`data is not a JSON object: ${preview(data)}`);
    }
    return new EventData(data as Record<string, unknown>);
  }

  /** Whether the event carries the field at all (null counts): older events lack fields added later. */
  present(key: string): boolean {
    return this.data[key] !== undefined;
  }

  /** A boolean that older events may lack. */
  optionalBoolean(key: string): boolean | null {
    const value = this.data[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') throw this.bad(key, 'a boolean');
    return value;
  }

  string(key: string): string {
    const value = this.data[key];
    if (typeof value !== 'string' || value === '') throw this.bad(key, 'a non-empty string');
    return value;
  }

  /** A string that may be absent, null or empty. */
  optionalString(key: string): string | null {
    const value = this.data[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw this.bad(key, 'a string or null');
    return value;
  }

  integer(key: string): number {
    const value = this.data[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.bad(key, 'an integer');
    return value;
  }

  strings(key: string): string[] {
    const value = this.data[key];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw this.bad(key, 'an array of strings');
    return value as string[];
  }

  grade(key: string): Grade {
    const value = this.data[key];
    if (!GRADES.includes(value as Grade)) throw this.bad(key, `one of ${GRADES.join(', ')}`);
    return value as Grade;
  }

  optionalGrade(key: string): Grade | null {
    const value = this.data[key];
    return value === undefined || value === null ? null : this.grade(key);
  }

  answer(key: string): Answer {
    const value = this.data[key];
    if (!ANSWERS.includes(value as Answer)) throw this.bad(key, `one of ${ANSWERS.join(', ')}`);
    return value as Answer;
  }

  roles(key: string): Role[] {
    const value = this.strings(key);
    const unknown = value.filter((role) => !ROLES.includes(role as Role));
    if (unknown.length > 0) throw this.bad(key, `roles from ${ROLES.join(', ')}`);
    return value as Role[];
  }

  date(key: string): LocalDate {
    const value = this.data[key];
    if (typeof value !== 'string' || !LOCAL_DATE.test(value)) throw this.bad(key, 'a date YYYY-MM-DD');
    return value;
  }

  optionalDate(key: string): LocalDate | null {
    const value = this.data[key];
    return value === undefined || value === null ? null : this.date(key);
  }

  private bad(key: string, expected: string): MalformedEventError {
    return new MalformedEventError(`field "${key}" must be ${expected}, got ${preview(this.data[key])}`);
  }
}

/** When the change happened, from the event's metadata. */
export function occurredAt(event: RecordedEvent): Date {
  const value: unknown = event.metadata?.occurredAt;
  const instant = typeof value === 'string' ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) throw new MalformedEventError(`metadata.occurredAt is not an instant: ${preview(value)}`);
  return instant;
}

function preview(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
