import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('tracker cursors', () => {
  it('round-trips a position and shows nothing of it in plain text', () => {
    for (const position of [0, 1, 42, 987_654_321]) {
      const cursor = encodeCursor(position);
      expect(cursor).not.toContain(String(position));
      expect(decodeCursor(cursor)).toBe(position);
    }
  });

  it.each(['', 'abc', '12', encodeCursor(5).slice(1), Buffer.from('audit:5').toString('base64url'), Buffer.from('tracker:-1').toString('base64url'), 'x'.repeat(200)])(
    'refuses %j, naming the argument',
    (cursor) => {
      let error: unknown;
      try {
        decodeCursor(cursor, 'after');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', message: expect.stringMatching(/^after: is not a cursor/) });
    },
  );
});
