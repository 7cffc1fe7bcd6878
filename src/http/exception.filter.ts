import { Catch, HttpException, HttpStatus, Logger, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../shared/errors.js';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../database/faults.js';

/** The HTTP status of each code a DomainError may carry; one not listed is answered as a fault. */
const STATUS: Record<string, number> = {
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  BAD_USER_INPUT: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
};

/**
 * Every exception of every route, in place of Nest's handler (which logs each one at `error` with its
 * stack and message, refusals included).
 *
 * GraphQL: handed back to Apollo untouched; errors.ts words the answer and the request log
 * (request-log.plugin.ts) logs the codes, and a fault's stack.
 *
 * Plain HTTP (dev login, exports, imports, trails): a refusal answers its status with the contract's
 * code as `error`, the message naming the field or rule (and an import's `problems`), and is logged at
 * `info` with its code only; a fault answers 500 "Internal error" and is logged at `error` with its
 * stack. Both log lines carry the request's correlation id (json-logger.ts).
 */
@Catch()
export class ServiceExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    const request = host.switchToHttp().getRequest<Request & { principal?: Principal; correlationId?: string }>();
    const response = host.switchToHttp().getResponse<Response>();
    const about = {
      correlationId: request.correlationId,
      method: request.method,
      // The route's pattern (/trails/:auditId), never the path: ids and query strings stay out of the log.
      route: request.route?.path ?? null,
      staffId: request.principal?.staffId ?? null,
    };
    const answer = refusal(exception);
    if (answer && answer.status === HttpStatus.SERVICE_UNAVAILABLE) {
      // Said on purpose (e.g. /health while the database is away): its own answer, and a warning rather than a fault.
      this.log.warn({ msg: 'http unavailable', ...about, status: answer.status, code: answer.code });
      reply(response, answer.status, answer.body);
      return;
    }
    if (answer && answer.status < 500) {
      this.log.log({ msg: 'http refused', ...about, status: answer.status, code: answer.code });
      reply(response, answer.status, answer.body);
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // A lost or unresponsive database (database/faults.ts): the caller may try again; no stack, it is not our fault to trace.
      this.log.warn({ msg: 'database unavailable', ...about, status: HttpStatus.SERVICE_UNAVAILABLE });
      reply(response, HttpStatus.SERVICE_UNAVAILABLE, { error: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE });
      return;
    }
    this.log.error({
      msg: 'unexpected error',
      ...about,
      error: exception instanceof Error ? exception.name : typeof exception,
      stack: exception instanceof Error ? exception.stack : undefined,
    });
    reply(response, HttpStatus.INTERNAL_SERVER_ERROR, { error: 'INTERNAL_SERVER_ERROR', message: 'Internal error' });
  }
}

function refusal(exception: unknown): { status: number; code: string; body: object } | null {
  if (exception instanceof DomainError) {
    const problems = (exception as DomainError & { problems?: unknown }).problems;
    return {
      status: STATUS[exception.code] ?? HttpStatus.INTERNAL_SERVER_ERROR,
      code: exception.code,
      body: {
        error: exception.code,
        message: exception.message,
        ...(exception.field ? { field: exception.field } : {}),
        ...(problems !== undefined ? { problems } : {}),
      },
    };
  }
  if (exception instanceof HttpException) {
    // Express's own refusals quote what was sent (a JSON parser's excerpt of the body, the path): said in words instead.
    const cause = exception.cause;
    if (cause instanceof SyntaxError || cause instanceof URIError) {
      const message = cause instanceof SyntaxError ? 'body: must be valid JSON' : 'path: must be valid percent-encoding';
      return { status: HttpStatus.BAD_REQUEST, code: 'BAD_USER_INPUT', body: { error: 'BAD_USER_INPUT', message } };
    }
    if (exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message)) {
      return { status: HttpStatus.NOT_FOUND, code: 'HTTP_404', body: { statusCode: HttpStatus.NOT_FOUND, error: 'Not Found', message: 'nothing is served at this path' } };
    }
    const status = exception.getStatus();
    const given = exception.getResponse();
    const body = typeof given === 'object' && given !== null ? given : { statusCode: status, message: given };
    const error = (body as { error?: unknown }).error;
    return { status, code: typeof error === 'string' && /^[A-Z_]+$/.test(error) ? error : `HTTP_${status}`, body };
  }
  return null;
}

function reply(response: Response, status: number, body: object): void {
  if (response.headersSent) response.end();
  else response.status(status).json(body);
}
