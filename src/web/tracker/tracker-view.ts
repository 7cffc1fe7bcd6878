import { AUDIT_STATUSES, GRADES, type AuditStatus, type Grade } from '../../shared/domain-types.js';

/**
 * What the tracker page's address asks for, and the links it offers: the filters (a plain GET form),
 * the sort (column headings that are links) and the page (GOV.UK pagination). Decided here, without
 * the API: the controller sends the result to trackerPage and the export routes as they are.
 */

export const PAGE_SIZE = 25;

/** The columns a person can sort by, as TrackerSortField names them. */
export const SORTABLE = ['CASE_REF', 'MONTH', 'TEAM', 'PRACTITIONER', 'AUDITOR', 'MODERATOR', 'STATUS', 'GRADE', 'NEXT_DEADLINE'] as const;
export type Sortable = (typeof SORTABLE)[number];
export type Direction = 'ASC' | 'DESC';

export interface CycleOption {
  id: string;
  name: string;
  service: string;
  month: string;
}

export interface TrackerState {
  /** null: every cycle. */
  cycleId: string | null;
  service: string | null;
  teamId: string | null;
  grade: Grade | null;
  status: AuditStatus | null;
  overdue: boolean | null;
  sort: Sortable | null;
  direction: Direction;
  page: number;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const among = <T extends string>(value: unknown, values: readonly T[]): T | null => {
  const v = text(value);
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : null;
};

/** The newest cycle first (by month, then name): the one the page opens on. */
export function newestFirst(cycles: readonly CycleOption[]): CycleOption[] {
  return [...cycles].sort((x, y) => y.month.localeCompare(x.month) || x.name.localeCompare(y.name));
}

/**
 * The state an address asks for. No `cycleId` at all: the newest cycle; `cycleId=` (the form's
 * "All cycles"): every cycle. A value the form never offers (an edited address) counts as not given.
 */
export function readTrackerQuery(query: Record<string, unknown>, cycles: readonly CycleOption[], teamIds: readonly string[]): TrackerState {
  const cycleIds = cycles.map((c) => c.id);
  const cycleId = query.cycleId === undefined ? (newestFirst(cycles)[0]?.id ?? null) : among(query.cycleId, cycleIds);
  const services = [...new Set(cycles.map((c) => c.service))];
  const page = typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
  const overdue = among(query.overdue, ['true', 'false'] as const);
  return {
    cycleId,
    service: among(query.service, services),
    teamId: among(query.teamId, teamIds),
    grade: among(query.grade, GRADES),
    status: among(query.status, AUDIT_STATUSES),
    overdue: overdue === null ? null : overdue === 'true',
    sort: among(query.sort, SORTABLE),
    direction: among(query.direction, ['ASC', 'DESC'] as const) ?? 'ASC',
    page,
  };
}

/** trackerPage's arguments for the state. */
export function trackerPageVariables(state: TrackerState): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (state.cycleId) filter.cycleId = state.cycleId;
  if (state.service) filter.service = state.service;
  if (state.teamId) filter.teamId = state.teamId;
  if (state.grade) filter.grade = state.grade;
  if (state.status) filter.status = state.status;
  if (state.overdue !== null) filter.overdue = state.overdue;
  return {
    filter,
    first: PAGE_SIZE,
    offset: (state.page - 1) * PAGE_SIZE,
    orderBy: state.sort ? { field: state.sort, direction: state.direction } : null,
  };
}

/** The address's parameters for a state (what is not given is left out), page 1 left out too. */
export function queryString(state: TrackerState, change: Partial<TrackerState> = {}): string {
  const s = { ...state, ...change };
  const params = new URLSearchParams();
  params.set('cycleId', s.cycleId ?? '');
  if (s.service) params.set('service', s.service);
  if (s.teamId) params.set('teamId', s.teamId);
  if (s.grade) params.set('grade', s.grade);
  if (s.status) params.set('status', s.status);
  if (s.overdue !== null) params.set('overdue', String(s.overdue));
  if (s.sort) {
    params.set('sort', s.sort);
    params.set('direction', s.direction);
  }
  if (s.page > 1) params.set('page', String(s.page));
  return params.toString();
}

export interface SortHeading {
  field: Sortable;
  href: string;
  /** aria-sort of the column heading. */
  ariaSort: 'ascending' | 'descending' | 'none';
}

/** A column heading's link: sorts by it ascending, or the other way when it is the sort already; back to page 1. */
export function sortHeading(state: TrackerState, field: Sortable, path = '/tracker'): SortHeading {
  const current = state.sort === field;
  const direction: Direction = current && state.direction === 'ASC' ? 'DESC' : 'ASC';
  return {
    field,
    href: `${path}?${queryString(state, { sort: field, direction, page: 1 })}`,
    ariaSort: current ? (state.direction === 'ASC' ? 'ascending' : 'descending') : 'none',
  };
}

/** The export routes' query for the state: the same filters and sort, every row (no page). Null without a cycle. */
export function downloadQuery(state: TrackerState): string | null {
  if (!state.cycleId) return null;
  return queryString(state, { page: 1 });
}

export interface Pagination {
  previous: { href: string } | null;
  next: { href: string } | null;
  items: Array<{ number: number; href: string; current: boolean } | { ellipsis: true }>;
}

/**
 * GOV.UK pagination for `total` rows: the first and last page, the current one and its neighbours,
 * an ellipsis for each gap. Null when everything fits on one page.
 */
export function pagination(state: TrackerState, total: number, path = '/tracker'): Pagination | null {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const href = (page: number) => `${path}?${queryString(state, { page })}`;
  const shown = [...new Set([1, state.page - 1, state.page, state.page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((x, y) => x - y);
  const items: Pagination['items'] = [];
  shown.forEach((page, i) => {
    if (i > 0 && page - shown[i - 1] > 1) items.push({ ellipsis: true });
    items.push({ number: page, href: href(page), current: page === state.page });
  });
  return {
    previous: state.page > 1 ? { href: href(Math.min(state.page - 1, pages)) } : null,
    next: state.page < pages ? { href: href(state.page + 1) } : null,
    items,
  };
}
