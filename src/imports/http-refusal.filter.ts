import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type ErrorCode } from '../shared/errors.js';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  BAD_USER_INPUT: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
};

/**
 * Refusals on the plain HTTP routes (imports, exports) in the same words as on GraphQL: the contract's
 * code as `error`, the message naming the field or rule, and for an import every problem found.
 * Guards run inside this filter, so an unauthenticated or forbidden caller is answered the same way.
 */
@Catch(DomainError)
export class HttpRefusalFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problems = (error as DomainError & { problems?: unknown }).problems;
    response.status(STATUS[error.code]).json({
      error: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
      ...(problems !== undefined ? { problems } : {}),
    });
  }
}
