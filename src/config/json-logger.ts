import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentCorrelationId } from '../graphql/request-context.js';

/** Where log lines go: stdout by default, a test's buffer when it checks what is written. */
export type LogSink = (line: string) => void;

const LEVEL_NAMES: Record<LogLevel, string> = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'verbose', fatal: 'fatal' };

/**
 * Structured logs: one JSON object a line, with the time, level, the writer's context and, while a
 * request is served, its correlation id. Callers log ids, codes and counts; case data (case
 * references, names, grades, rationale, variables) is never passed to a logger.
 */
export class JsonLogger implements LoggerService {
  private levels: Set<LogLevel>;

  constructor(
    private readonly sink: LogSink = (line) => process.stdout.write(line + '\n'),
    levels: LogLevel[] = ['log', 'warn', 'error', 'fatal'],
  ) {
    this.levels = new Set(levels);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.levels.has(level)) return;
    // Nest passes (message, ...extras, context) for a Logger with a context, and error(message, stack, context).
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = rest.find((p): p is string => typeof p === 'string' && p.includes('\n'));
    const fields =
      message instanceof Error
        ? { msg: message.message, stack: message.stack }
        : message !== null && typeof message === 'object'
          ? (message as Record<string, unknown>)
          : { msg: String(message) };
    const correlationId = currentCorrelationId();
    this.sink(
      JSON.stringify({
        time: new Date().toISOString(),
        level: LEVEL_NAMES[level],
        ...(context ? { context } : {}),
        ...(correlationId ? { correlationId } : {}),
        ...fields,
        ...(stack ? { stack } : {}),
      }),
    );
  }
}
