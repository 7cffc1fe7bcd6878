import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { Kind, GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { isLocalDate } from '../calendar/working-calendar.js';

/*
 * Scalar errors say what a value must be, never what was sent: the input may be huge or carry
 * case data, and it goes back to the caller (and, for a variable, into no log).
 */
const refused = (message: string, node?: ValueNode) => new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });

export const LOCAL_DATE_RULE = 'must be a real date written YYYY-MM-DD';
export const DATE_TIME_RULE = 'must be an instant written ISO 8601, e.g. 2026-12-03T09:00:00.000Z (a real date and time, with its offset)';

/** A calendar date, YYYY-MM-DD, in the authority's local calendar (kept as a string: no time zone drift). */
@Scalar('LocalDate', () => LocalDateScalar)
export class LocalDateScalar implements CustomScalar<string, string> {
  description = 'A calendar date, YYYY-MM-DD, in the authority\'s local calendar.';

  parseValue(value: unknown): string {
    return checkLocalDate(value);
  }

  serialize(value: unknown): string {
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    // The literal's location, so a caller sees which argument it was.
    if (ast.kind !== Kind.STRING || !isLocalDate(ast.value)) throw refused(`LocalDate ${LOCAL_DATE_RULE}`, ast);
    return ast.value;
  }
}

function checkLocalDate(value: unknown): string {
  if (typeof value !== 'string' || !isLocalDate(value)) throw refused(`LocalDate ${LOCAL_DATE_RULE}`);
  return value;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * An instant, ISO 8601 with its offset. Unlike `new Date(...)`, an impossible date or time
 * (2026-02-30, 2026-13-01, 25:00) is refused rather than rolled over into another day.
 */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = INSTANT.exec(value);
  if (!m || !isLocalDate(m[1])) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `DateTime` (the contract's name), strict: see parseInstant. Answers are always UTC with milliseconds. */
export const DateTimeScalar = new GraphQLScalarType<Date | null, string | null>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with its offset, such as 2026-12-03T09:54:33Z; answered at UTC.',
  parseValue(value) {
    const date = parseInstant(value);
    if (!date) throw refused(`DateTime ${DATE_TIME_RULE}`);
    return date;
  },
  serialize(value) {
    return value instanceof Date ? value.toISOString() : null;
  },
  parseLiteral(ast) {
    const date = ast.kind === Kind.STRING ? parseInstant(ast.value) : null;
    if (!date) throw refused(`DateTime ${DATE_TIME_RULE}`, ast);
    return date;
  },
});
