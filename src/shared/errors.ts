import { ID_PATTERN } from './ids.js';

/** The error codes of the public contract (shared/api/README.md). */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

/**
 * A refusal the caller can act on. Deciders throw these; the GraphQL layer turns them into
 * errors[].extensions.code. The message names the field or the rule, never another person's data.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, when there is one (e.g. `rationale`, `section`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, why: string) => new DomainError('BAD_USER_INPUT', `${field}: ${why}`, field);
export const conflict = (why: string) => new DomainError('CONFLICT', why);
export const forbidden = (why: string) => new DomainError('FORBIDDEN', why);
/** Names the id only when it is one (ID_PATTERN's shape): a refusal never quotes arbitrary input back. */
export const notFound = (what: string, id: string) =>
  new DomainError('NOT_FOUND', ID_PATTERN.test(id) ? `${what} ${id} does not exist` : `no ${what} has that id`);

/**
 * Not a refusal: the command's events are stored, but the read models did not show them within the
 * read-your-writes wait (README, SAVED_NOT_YET_VISIBLE). The client must not treat it as a failure;
 * resending with the same Idempotency-Key answers the usual result without storing anything twice.
 */
export class SavedNotYetVisibleError extends Error {
  readonly code = 'SAVED_NOT_YET_VISIBLE';

  constructor(
    /** Global position of the command's last event. */
    readonly position: number,
  ) {
    super('Saved: the change is recorded but not yet shown everywhere; it will appear shortly. Resending with the same Idempotency-Key is safe and answers the usual result.');
    this.name = 'SavedNotYetVisibleError';
  }
}
