import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/errors.js';
import { encodeCursor } from './cursor.js';
import { cursorFor, decodeSortedCursor, encodeSortedCursor, orderTerms, planPage, type PageRequest } from './tracker-order.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('not refused');
};

describe('tracker sorting', () => {
  it('given no sort, when ordered, then in allocation order alone', () => {
    expect(orderTerms(null)).toEqual([{ expression: 'r.allocated_position', direction: 'ASC', nulls: 'NULLS LAST' }]);
  });

  it('given a sort by grade, descending, when ordered, then worst grade first, rows without one last, ties in allocation order', () => {
    expect(orderTerms({ field: 'GRADE', direction: 'DESC' })).toEqual([
      {
        expression: "CASE COALESCE(r.moderated_grade, r.initial_grade) WHEN 'OUTSTANDING' THEN 0 WHEN 'GOOD' THEN 1 WHEN 'REQUIRES_IMPROVEMENT' THEN 2 WHEN 'INADEQUATE' THEN 3 END",
        direction: 'DESC',
        nulls: 'NULLS LAST',
      },
      { expression: 'r.allocated_position', direction: 'ASC', nulls: 'NULLS LAST' },
    ]);
  });

  it('given a sort without a direction, when ordered, then ascending; names ignore case', () => {
    expect(orderTerms({ field: 'TEAM' })[0]).toEqual({ expression: 'lower(r.team)', direction: 'ASC', nulls: 'NULLS LAST' });
  });

  it('given a field or direction it does not know, when ordered, then BAD_USER_INPUT naming it', () => {
    expect(refusal(() => orderTerms({ field: 'CHILD' as never }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy.field' });
    expect(refusal(() => orderTerms({ field: 'TEAM', direction: 'UP' as never }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy.direction' });
  });
});

describe('tracker page plans', () => {
  const plan = (request: Partial<PageRequest>) => planPage({ first: 10, ...request }, 200);

  it('given nothing, when planned, then the first rows in allocation order', () => {
    expect(plan({})).toEqual({ first: 10, order: { field: 'ALLOCATED', direction: 'ASC' }, start: { skip: 0 } });
  });

  it('given an allocation cursor, when planned, then keyset paging after its position, as before sorting was offered', () => {
    expect(plan({ after: encodeCursor(42) }).start).toEqual({ after: 42 });
  });

  it('given an offset and a sort, when planned, then that many rows skipped in that order', () => {
    expect(plan({ offset: 20, orderBy: { field: 'CASE_REF', direction: 'DESC' } })).toEqual({ first: 10, order: { field: 'CASE_REF', direction: 'DESC' }, start: { skip: 20 } });
  });

  it("given a sorted list's cursor, when planned with the same sort, then the rows it counts are skipped", () => {
    const order = { field: 'STATUS', direction: 'ASC' } as const;
    expect(plan({ orderBy: order, after: encodeSortedCursor(order, 30) }).start).toEqual({ skip: 30 });
  });

  it('given a cursor of another order or of the allocation order with a sort, when planned, then BAD_USER_INPUT naming after', () => {
    const cursor = encodeSortedCursor({ field: 'TEAM', direction: 'ASC' }, 10);
    expect(refusal(() => plan({ orderBy: { field: 'TEAM', direction: 'DESC' }, after: cursor }))).toMatchObject({ field: 'after', message: expect.stringMatching(/^after: belongs to another order/) });
    expect(refusal(() => plan({ orderBy: { field: 'TEAM' }, after: encodeCursor(3) }))).toMatchObject({ field: 'after', message: expect.stringMatching(/^after: is not a cursor this list gave out/) });
    expect(refusal(() => plan({ after: cursor }))).toMatchObject({ field: 'after' });
  });

  it('given both a cursor and an offset, or an offset below 0, or a page size out of range, when planned, then BAD_USER_INPUT naming the argument', () => {
    expect(refusal(() => plan({ after: encodeCursor(1), offset: 0 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
    expect(refusal(() => plan({ offset: -1 }))).toMatchObject({ field: 'offset', message: 'offset: must be a whole number, 0 or more' });
    expect(refusal(() => plan({ offset: 1.5 }))).toMatchObject({ field: 'offset' });
    for (const first of [0, 201, 2.5]) expect(refusal(() => plan({ first }))).toMatchObject({ field: 'first', message: 'first: must be a whole number from 1 to 200' });
  });

  it('given a sorted page, when its cursors are made, then each counts the rows up to it; in allocation order each is its position', () => {
    const sorted = plan({ offset: 20, orderBy: { field: 'GRADE' } });
    expect(decodeSortedCursor(cursorFor(sorted, 0, 999, encodeCursor), sorted.order)).toBe(21);
    expect(decodeSortedCursor(cursorFor(sorted, 9, 5, encodeCursor), sorted.order)).toBe(30);
    expect(cursorFor(plan({ offset: 20 }), 0, 999, encodeCursor)).toBe(encodeCursor(999));
  });

  it('given a sorted cursor, when read, then nothing of it is plain text', () => {
    expect(encodeSortedCursor({ field: 'GRADE', direction: 'ASC' }, 30)).not.toMatch(/GRADE|30/);
  });
});
