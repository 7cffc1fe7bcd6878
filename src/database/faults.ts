/**
 * Tells a lost or unresponsive database apart from everything else. A fault of this kind is
 * transient: the request is answered SERVICE_UNAVAILABLE (try again), projections resume from
 * their checkpoints, and nothing is marked failed for good.
 */

/** SQLSTATEs of a server going away or refusing connections for now. */
const TRANSIENT_SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminated by pg_terminate_backend or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57P05', // idle_session_timeout
  '57014', // query_canceled: statement_timeout, or cancelled by an administrator
  '53300', // too_many_connections
  '25P03', // idle_in_transaction_session_timeout
]);

/** Socket-level errors of a connection that cannot be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** node-postgres and pg-pool say these in words only. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /^Client has encountered a connection error and is not queryable/,
  /^Connection ended unexpectedly/,
  /^connect ECONNREFUSED/,
  /the database system is (starting up|shutting down|in recovery mode)/,
  /^terminating connection/,
];

/**
 * TypeORM releases a query runner whose connection emits an error (the server ended the session
 * between two statements of a transaction); the transaction's next statement then fails with one
 * of these, which is how a lost connection shows there.
 */
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** True when `error` (or what it wraps: TypeORM's driverError, a cause) is a connection-level fault. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof name === 'string' && RELEASED_RUNNER_ERRORS.has(name)) return true;
    if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    const wrapper = current as { driverError?: unknown; cause?: unknown };
    current = wrapper.driverError ?? wrapper.cause;
  }
  return false;
}

/** What the caller is told: no internals, just that it is worth trying again. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable at the moment; try again shortly';

/** A short reason for logs and /health (the SQLSTATE or socket code and the driver's words). */
export function faultReason(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const inner = (error as { driverError?: unknown })?.driverError;
  if (inner && inner !== error && !code) return faultReason(inner);
  const text = typeof message === 'string' && message ? message : String(error);
  return typeof code === 'string' ? `${code}: ${text}` : text;
}
