import { ID_PATTERN } from '../graphql/validation.js';
import { AUDIT_STATUSES, GRADES, type AuditStatus, type Grade } from '../shared/domain-types.js';
import { badInput } from '../shared/errors.js';
import { SORT_DIRECTIONS, TRACKER_SORT_FIELDS, type SortDirection, type TrackerOrderBy, type TrackerSortField } from '../tracker/tracker-order.js';
import type { TrackerFilter } from '../tracker/tracker.types.js';

/**
 * The tracker export's optional query parameters, as trackerPage's filter and orderBy take them:
 * `service`, `teamId`, `grade`, `status`, `overdue` (true or false), `sort` (a TrackerSortField) and
 * `direction` (ASC or DESC). Absent or empty: not filtered. Anything else is BAD_USER_INPUT naming
 * the parameter, never quoting it back.
 */
export interface TrackerExportParams {
  filter: Omit<TrackerFilter, 'cycleId'>;
  orderBy: TrackerOrderBy | null;
}

const given = (value: unknown): value is string | string[] => value !== undefined && value !== '';

function one(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (!given(value)) return undefined;
  if (typeof value !== 'string') throw badInput(name, 'must be given once');
  return value;
}

function oneOf<T extends string>(query: Record<string, unknown>, name: string, values: readonly T[]): T | undefined {
  const value = one(query, name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) throw badInput(name, `must be one of ${values.join(', ')}`);
  return value as T;
}

export function trackerExportParams(query: Record<string, unknown>): TrackerExportParams {
  const filter: TrackerExportParams['filter'] = {};
  const service = one(query, 'service');
  if (service !== undefined) {
    if (service.length > 200) throw badInput('service', 'must be at most 200 characters');
    filter.service = service;
  }
  const teamId = one(query, 'teamId');
  if (teamId !== undefined) {
    if (!ID_PATTERN.test(teamId)) throw badInput('teamId', "must be 1–64 letters, digits, '.', '_' or '-'");
    filter.teamId = teamId;
  }
  const grade = oneOf<Grade>(query, 'grade', GRADES);
  if (grade) filter.grade = grade;
  const status = oneOf<AuditStatus>(query, 'status', AUDIT_STATUSES);
  if (status) filter.status = status;
  const overdue = oneOf(query, 'overdue', ['true', 'false'] as const);
  if (overdue) filter.overdue = overdue === 'true';
  const sort = oneOf<TrackerSortField>(query, 'sort', TRACKER_SORT_FIELDS);
  const direction = oneOf<SortDirection>(query, 'direction', SORT_DIRECTIONS);
  if (direction && !sort) throw badInput('direction', 'needs sort: the field to sort by');
  return { filter, orderBy: sort ? { field: sort, direction: direction ?? 'ASC' } : null };
}
