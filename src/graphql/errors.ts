import { BadRequestException, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../shared/errors.js';

const log = new Logger('GraphQL');

/**
 * Every error leaves with one of the contract's codes. Refusals keep their message (it names the
 * field or the rule); anything unexpected is logged here and answered with a message that carries
 * no data.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) } };
  }
  if (original instanceof BadRequestException) {
    const response = original.getResponse() as { message?: string | string[] };
    const messages = Array.isArray(response.message) ? response.message : [response.message ?? original.message];
    return { ...formatted, message: messages.join('; '), extensions: { code: 'BAD_USER_INPUT' } };
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError || (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')) {
    return { ...formatted, extensions: { code } };
  }
  log.error(`Unexpected error at ${formatted.path?.join('.') ?? 'request'}: ${original instanceof Error ? original.stack : String(original)}`);
  return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
