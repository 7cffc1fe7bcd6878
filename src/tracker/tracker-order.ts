import { AUDIT_STATUSES, GRADES } from '../shared/domain-types.js';
import { badInput } from '../shared/errors.js';
import { decodeCursor } from './cursor.js';

/**
 * How the tracker may be sorted and paged, decided here without the database: the ORDER BY a sort
 * stands for, and what a page request's arguments come to. Every order ends with the allocation
 * position, so it is total: the same request gives the same rows in the same order, and paging
 * through it gives every row once.
 */

export const TRACKER_SORT_FIELDS = ['ALLOCATED', 'CASE_REF', 'MONTH', 'TEAM', 'PRACTITIONER', 'AUDITOR', 'MODERATOR', 'STATUS', 'GRADE', 'NEXT_DEADLINE'] as const;
export type TrackerSortField = (typeof TRACKER_SORT_FIELDS)[number];
export const SORT_DIRECTIONS = ['ASC', 'DESC'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface TrackerOrderBy {
  field: TrackerSortField;
  direction?: SortDirection | null;
}

export interface Order {
  field: TrackerSortField;
  direction: SortDirection;
}

/** The allocation order: the tracker's order before sorting was offered, and still its default. */
export const ALLOCATION_ORDER: Order = { field: 'ALLOCATED', direction: 'ASC' };

/** Rank of each value in the order the documents give (best grade first; the audit's lifecycle). */
const rank = (column: string, values: readonly string[]) => `CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} END`;

const EXPRESSIONS: Record<TrackerSortField, string> = {
  ALLOCATED: 'r.allocated_position',
  CASE_REF: 'lower(r.case_ref)',
  MONTH: 'r.month',
  TEAM: 'lower(r.team)',
  PRACTITIONER: 'lower(r.practitioner)',
  AUDITOR: 'lower(r.auditor)',
  MODERATOR: 'lower(r.moderator)',
  STATUS: rank('r.status', AUDIT_STATUSES),
  // As the grade filter: the moderated grade, or the initial grade until moderation.
  GRADE: rank('COALESCE(r.moderated_grade, r.initial_grade)', GRADES),
  NEXT_DEADLINE: 'r.next_deadline',
};

export interface OrderTerm {
  expression: string;
  direction: SortDirection;
  /** Rows without a value (no grade yet, no open deadline) come last whichever way it is sorted. */
  nulls: 'NULLS LAST';
}

/** The ORDER BY of a sort, ties broken by allocation order. */
export function orderTerms(orderBy: TrackerOrderBy | null | undefined): OrderTerm[] {
  const { field, direction } = normalOrder(orderBy);
  const terms: OrderTerm[] = [{ expression: EXPRESSIONS[field], direction, nulls: 'NULLS LAST' }];
  if (field !== 'ALLOCATED') terms.push({ expression: EXPRESSIONS.ALLOCATED, direction: 'ASC', nulls: 'NULLS LAST' });
  return terms;
}

export function normalOrder(orderBy: TrackerOrderBy | null | undefined): Order {
  if (!orderBy) return ALLOCATION_ORDER;
  if (!(TRACKER_SORT_FIELDS as readonly string[]).includes(orderBy.field)) throw badInput('orderBy.field', `must be one of ${TRACKER_SORT_FIELDS.join(', ')}`);
  const direction = orderBy.direction ?? 'ASC';
  if (!(SORT_DIRECTIONS as readonly string[]).includes(direction)) throw badInput('orderBy.direction', 'must be ASC or DESC');
  return { field: orderBy.field, direction };
}

const isAllocationOrder = (order: Order) => order.field === ALLOCATION_ORDER.field && order.direction === ALLOCATION_ORDER.direction;

/**
 * Where a page starts: after an allocation position (a cursor of the allocation order, as before
 * sorting was offered: keyset paging), or after a number of rows (a cursor of any other order, or `offset`).
 */
export type PageStart = { after: number } | { skip: number };

export interface PageRequest {
  first: number;
  after?: string | null;
  offset?: number | null;
  orderBy?: TrackerOrderBy | null;
}

export interface PagePlan {
  first: number;
  order: Order;
  start: PageStart;
}

/** What a trackerPage request asks for; BAD_USER_INPUT naming the argument that cannot be met. */
export function planPage(request: PageRequest, maxPageSize: number): PagePlan {
  const { first } = request;
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) throw badInput('first', `must be a whole number from 1 to ${maxPageSize}`);
  const order = normalOrder(request.orderBy);
  const hasAfter = request.after !== undefined && request.after !== null;
  const hasOffset = request.offset !== undefined && request.offset !== null;
  if (hasOffset && (!Number.isInteger(request.offset) || request.offset! < 0)) throw badInput('offset', 'must be a whole number, 0 or more');
  if (hasAfter && hasOffset) throw badInput('offset', 'cannot be given with after: page by the cursor or by the offset, not both');
  if (hasAfter) {
    if (isAllocationOrder(order)) return { first, order, start: { after: decodeCursor(request.after!, 'after') } };
    return { first, order, start: { skip: decodeSortedCursor(request.after!, order) } };
  }
  return { first, order, start: { skip: hasOffset ? request.offset! : 0 } };
}

/**
 * The cursor of a row in a sorted list: the order it belongs to and how many rows come before the
 * next page. Opaque to clients, as the allocation order's cursors are.
 */
export function encodeSortedCursor(order: Order, rowsBefore: number): string {
  return Buffer.from(`tracker-sorted:${order.field}:${order.direction}:${rowsBefore}`, 'utf8').toString('base64url');
}

/** The rows before the page a sorted cursor starts; refused when it belongs to another order or list. */
export function decodeSortedCursor(cursor: string, order: Order): number {
  const text = /^[A-Za-z0-9_-]{1,96}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^tracker-sorted:([A-Z_]+):(ASC|DESC):(\d{1,15})$/.exec(text);
  if (!match) throw badInput('after', 'is not a cursor this list gave out (pass back an endCursor unchanged)');
  if (match[1] !== order.field || match[2] !== order.direction) throw badInput('after', 'belongs to another order: pass the orderBy the cursor was given with');
  return Number(match[3]);
}

/**
 * The cursor of the row at `index` on the page: in allocation order its position (as before sorting
 * was offered), in any other order the rows up to and including it.
 */
export function cursorFor(plan: PagePlan, index: number, allocatedPosition: number, encodePosition: (position: number) => string): string {
  if (isAllocationOrder(plan.order) || 'after' in plan.start) return encodePosition(allocatedPosition);
  return encodeSortedCursor(plan.order, plan.start.skip + index + 1);
}
