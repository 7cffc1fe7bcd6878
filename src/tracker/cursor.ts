import { badInput } from '../shared/errors.js';

/**
 * Opaque page cursors: a client passes back what it was given and reads nothing into it. Inside,
 * the tracker's order key (the global position at which the audit was allocated), tagged so a cursor
 * from another list is refused rather than silently misread.
 */

const PREFIX = 'tracker:';

export function encodeCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`, 'utf8').toString('base64url');
}

/** The position a cursor stands for; BAD_USER_INPUT naming `field` when it is not one of ours. */
export function decodeCursor(cursor: string, field = 'after'): number {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^tracker:(\d{1,15})$/.exec(text);
  if (!match) throw badInput(field, 'is not a cursor this list gave out (pass back an endCursor unchanged)');
  return Number(match[1]);
}
