import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { Kind, GraphQLError, type ValueNode } from 'graphql';
import { isLocalDate } from '../calendar/working-calendar.js';

/** A calendar date, YYYY-MM-DD, in the authority's local calendar (kept as a string: no time zone drift). */
@Scalar('LocalDate', () => LocalDateScalar)
export class LocalDateScalar implements CustomScalar<string, string> {
  description = 'A calendar date, YYYY-MM-DD, in the authority\'s local calendar.';

  parseValue(value: unknown): string {
    return check(value);
  }

  serialize(value: unknown): string {
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('LocalDate must be a string YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
    return check(ast.value);
  }
}

function check(value: unknown): string {
  if (typeof value !== 'string' || !isLocalDate(value)) {
    throw new GraphQLError(`LocalDate must be a real date written YYYY-MM-DD, not ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}
