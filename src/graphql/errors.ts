import { BadRequestException } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, SavedNotYetVisibleError } from '../shared/errors.js';
import { RateLimitedError } from './mutation-rate-limit.js';
import { SCALAR_RULES } from './variables.js';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../database/faults.js';

/**
 * Every error leaves with one of the contract's codes (or RATE_LIMITED, README). Refusals keep their
 * message (it names the field or the rule); anything unexpected is answered with a message that
 * carries no data, and logged by the request log (request-log.plugin.ts) with its correlation id.
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
  if (original instanceof SavedNotYetVisibleError) {
    return { ...formatted, message: original.message, extensions: { code: original.code, saved: true } };
  }
  if (original instanceof RateLimitedError) {
    return { ...formatted, extensions: { code: original.extensions.code, retryAfterSeconds: original.extensions.retryAfterSeconds } };
  }
  if (isDatabaseUnavailable(original)) {
    return { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  if (!isUnexpected(error, formatted.extensions?.code)) {
    const field = formatted.extensions?.field;
    return { ...formatted, message: withoutEcho(formatted.message), extensions: { code: formatted.extensions?.code, ...(typeof field === 'string' ? { field } : {}) } };
  }
  return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * graphql-js quotes a literal it refuses (`Expected value of type "LocalDate!", found "…"`, `Int cannot
 * represent non-integer value: "…"`), however large and whatever it holds; the answer says what the
 * value must be instead. A parser that ran out of stack says so in words of its own.
 */
function withoutEcho(message: string): string {
  const literal =
    /^Expected value of type "([^"]+)", found /.exec(message) ??
    /^(String|Int|Float|Boolean|ID) cannot represent /.exec(message) ??
    /^Enum "(\w+)" cannot represent /.exec(message);
  if (literal) {
    const rule = SCALAR_RULES[literal[1].replace(/[[\]!]/g, '')];
    return `Expected value of type "${literal[1]}"${rule ? `: ${rule}` : ''}.`;
  }
  if (/Maximum call stack size exceeded/.test(message)) return 'Syntax Error: Document nests too deep. Parsing aborted.';
  return message;
}

/** A fault of the service rather than a refusal: worth a log line with its stack. */
export function isUnexpected(error: unknown, code: unknown = error instanceof GraphQLError ? error.extensions?.code : undefined): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError || original instanceof BadRequestException || original instanceof GraphQLError) return false;
  if (original instanceof SavedNotYetVisibleError) return false;
  return !(typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR');
}
