import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './faults.js';

/** Matches, for @Catch, exactly the errors faults.ts calls a lost or unresponsive database. */
export abstract class DatabaseFault {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isDatabaseUnavailable(value);
  }
}

/**
 * The plain HTTP routes (exports, imports, trails, dev login), guards included, answer a lost or
 * unresponsive database with 503 SERVICE_UNAVAILABLE, as GraphQL does (graphql/errors.ts), not a
 * 500. Other errors never reach this filter; on GraphQL it hands the error back to be formatted.
 */
@Catch(DatabaseFault)
export class DatabaseUnavailableFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    response.status(HttpStatus.SERVICE_UNAVAILABLE).json({ error: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE });
  }
}
