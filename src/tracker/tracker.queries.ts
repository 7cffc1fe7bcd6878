import { Injectable } from '@nestjs/common';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { CycleEntity } from '../../projections/cycles/cycle.entity.js';
import { programmeMilestones } from '../cycles/programme.js';
import { GradeChangeEntity } from '../../projections/grade-history/grade-change.entity.js';
import { TrackerCycleDeadlineEntity } from '../../projections/tracker/tracker-lookup.entities.js';
import { openDeadlines } from '../shared/deadlines.js';
import { TrackerRowEntity } from '../../projections/tracker/tracker-row.entity.js';
import { toGradeChange } from '../audits/audit.queries.js';
import type { GradeChange } from '../audits/audit.types.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import type { LocalDate } from '../shared/domain-types.js';
import { badInput, notFound } from '../shared/errors.js';
import { encodeCursor } from './cursor.js';
import { selectColumns } from './read-columns.js';
import { cursorFor, orderTerms, planPage, type PageRequest, type TrackerOrderBy } from './tracker-order.js';
import type { GradeChangeFilter, TrackerConnection, TrackerFilter, TrackerRow } from './tracker.types.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * The tracker and the grade history, read from their read models. Overdue is judged here, on the
 * service clock's today, never stored. A page costs the same queries whatever its size, sent at once:
 * the rows with their overdue actions counted in the same statement, their count, and the cycle check
 * when filtered by cycle. The exports call `rows` for the same rows the tracker query shows.
 */
@Injectable()
export class TrackerQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The day by the service clock. */
  today(): LocalDate {
    return toLocalDate(this.clock.now());
  }

  /** Every row matching the filter, in allocation order unless `orderBy` says otherwise. NOT_FOUND for an unknown cycle. */
  async rows(filter: TrackerFilter = {}, today: LocalDate = this.today(), orderBy?: TrackerOrderBy | null): Promise<TrackerRow[]> {
    const [rows] = await Promise.all([ordered(this.withOverdueActions(this.filtered(filter, today), today), orderBy).getRawMany<RowWithCount>(), this.requireCycle(filter.cycleId)]);
    return this.withProgramme(rows.map((row) => toTrackerRow(row, today, row.overdueActions)));
  }

  /**
   * BEF-2, BEF-13: each row's cycle's allocation deadline and six-month programme, read at query time
   * from the cycles read model (cycle-level facts; the tracker's own rows stay independent of it).
   */
  private async withProgramme(rows: TrackerRow[]): Promise<TrackerRow[]> {
    const ids = [...new Set(rows.map((r) => r.cycleId))];
    const cycles = ids.length === 0 ? [] : await this.dataSource.getRepository(CycleEntity).findBy({ id: In(ids) });
    const byId = new Map(cycles.map((c) => [c.id, c]));
    return rows.map((row) => {
      const cycle = byId.get(row.cycleId);
      return {
        ...row,
        deadlines: { ...row.deadlines, casesDueBy: cycle?.kloeMeeting?.casesDueBy ?? null },
        programme: { ...programmeMilestones(row.month), practiceDayHeldOn: cycle?.practiceDay?.heldOn ?? null },
      };
    });
  }

  /**
   * One page of rows matching the filter, in `orderBy`'s order (allocation order by default):
   * after the row `after` names, or after `offset` rows.
   */
  async page(filter: TrackerFilter = {}, request: PageRequest = { first: DEFAULT_PAGE_SIZE }, today: LocalDate = this.today()): Promise<TrackerConnection> {
    const plan = planPage(request, MAX_PAGE_SIZE);
    const { first, start } = plan;
    const query = this.filtered(filter, today);
    const pageQuery = ordered(this.withOverdueActions(query.clone(), today), plan.order).limit(first + 1);
    if ('after' in start) pageQuery.andWhere('r.allocated_position > :from', { from: start.after });
    else if (start.skip > 0) pageQuery.offset(start.skip);
    // The rows, their count and the cycle check at once: one round trip's wait.
    const [found, totalCount] = await Promise.all([pageQuery.getRawMany<RowWithCount>(), query.getCount(), this.requireCycle(filter.cycleId)]);
    const rows = await this.withProgramme(found.slice(0, first).map((row) => toTrackerRow(row, today, row.overdueActions)));
    const edges = rows.map((node, i) => ({ cursor: cursorFor(plan, i, found[i].allocatedPosition, encodeCursor), node }));
    return {
      edges,
      nodes: rows,
      pageInfo: { hasNextPage: found.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  /** Grade changes in the order they were made; since ≤ changedAt < until. */
  async gradeChanges(filter: GradeChangeFilter = {}): Promise<GradeChange[]> {
    const since = instant('since', filter.since);
    const until = instant('until', filter.until);
    if (since && until && since.getTime() > until.getTime()) throw badInput('until', 'must not be before since');
    await this.requireCycle(filter.cycleId);
    const query = this.dataSource.getRepository(GradeChangeEntity).createQueryBuilder('g');
    if (filter.cycleId) query.andWhere('g.cycleId = :cycleId', { cycleId: filter.cycleId });
    if (filter.teamId) query.andWhere('g.teamId = :teamId', { teamId: filter.teamId });
    if (filter.source) query.andWhere('g.source = :source', { source: filter.source });
    if (since) query.andWhere('g.changedAt >= :since', { since });
    if (until) query.andWhere('g.changedAt < :until', { until });
    const rows = await query.orderBy('g.position', 'ASC').getMany();
    return rows.map(toGradeChange);
  }

  private async requireCycle(cycleId: string | null | undefined): Promise<void> {
    if (cycleId && !(await this.dataSource.getRepository(TrackerCycleDeadlineEntity).existsBy({ cycleId }))) throw notFound('cycle', cycleId);
  }

  private filtered(filter: TrackerFilter, today: LocalDate): SelectQueryBuilder<TrackerRowEntity> {
    const query = this.dataSource.getRepository(TrackerRowEntity).createQueryBuilder('r');
    if (filter.cycleId) query.andWhere('r.cycle_id = :cycleId', { cycleId: filter.cycleId });
    if (filter.service) query.andWhere('r.service = :service', { service: filter.service });
    if (filter.teamId) query.andWhere('r.team_id = :teamId', { teamId: filter.teamId });
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    if (filter.grade) query.andWhere('COALESCE(r.moderated_grade, r.initial_grade) = :grade', { grade: filter.grade });
    if (filter.overdue !== undefined && filter.overdue !== null) {
      // The same test as TrackerRow.overdue: the earliest open deadline, or the earliest open action, has passed.
      const overdue = '(COALESCE(r.next_deadline < :today, FALSE) OR COALESCE(r.next_action_due < :today, FALSE))';
      query.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { today });
    }
    return query;
  }

  /** Selects the row as the entity holds it, with its overdue actions counted in the same statement. */
  private withOverdueActions(query: SelectQueryBuilder<TrackerRowEntity>, today: LocalDate): SelectQueryBuilder<TrackerRowEntity> {
    query.select([]);
    for (const [value, property] of selectColumns(this.dataSource, TrackerRowEntity, 'r')) query.addSelect(value, property);
    return query.addSelect(
      `(SELECT count(*)::int FROM tracker_actions x WHERE x.audit_id = r.audit_id AND x.status = 'OPEN' AND x.due_on < :today)`,
      'overdueActions',
    ).setParameter('today', today);
  }
}

type RowWithCount = TrackerRowEntity & { overdueActions: number };

function ordered(query: SelectQueryBuilder<TrackerRowEntity>, orderBy: TrackerOrderBy | null | undefined): SelectQueryBuilder<TrackerRowEntity> {
  orderTerms(orderBy).forEach((term, i) => (i === 0 ? query.orderBy(term.expression, term.direction, term.nulls) : query.addOrderBy(term.expression, term.direction, term.nulls)));
  return query;
}

/** The DateTime scalar lets through a string no date can be read from (an Invalid Date). */
function instant(field: string, value: Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badInput(field, 'must be an instant written ISO 8601, e.g. 2026-12-03T09:00:00.000Z');
  return value;
}

export function toTrackerRow(row: TrackerRowEntity, today: LocalDate, overdueActions: number): TrackerRow {
  const open = openDeadlines(row);
  const overdueDeadlines = open.filter((d) => d.dueOn < today).map((d) => d.kind);
  return {
    auditId: row.auditId,
    cycleId: row.cycleId,
    practitioner: row.practitioner,
    team: row.team,
    auditor: row.auditor,
    moderator: row.moderator,
    initialGrade: row.initialGrade,
    moderatedGrade: row.moderatedGrade,
    actions: row.actions,
    uoppHeld: row.uoppHeld,
    reauditRequired: row.reauditRequired,
    caseRef: row.caseRef,
    service: row.service,
    month: row.month,
    teamId: row.teamId,
    practitionerId: row.practitionerId,
    teamManagerId: row.teamManagerId,
    auditorId: row.auditorId,
    moderatorId: row.moderatorId,
    kind: row.kind,
    reauditOfAuditId: row.reauditOfAuditId,
    status: row.status,
    currentGrade: row.currentGrade,
    uoppMeetings: row.uoppCount,
    openActions: row.openActions,
    overdueActions,
    deadlines: {
      moderationDue: row.moderationDue,
      rectifyBy: row.status === 'RETURNED' ? row.rectifyBy : null,
      uoppDue: row.uoppDue,
      followUpUoppDue: row.followUpUoppDue,
      urgentIssuesDue: row.urgentIssuesDue,
      urgentIssuesAddressedOn: row.urgentIssuesAddressedOn,
      dipAuditDue: row.dipAuditDue,
      dipAuditDoneOn: row.dipAuditDoneOn,
    },
    nextDeadline: open[0]?.dueOn ?? null,
    nextDeadlineKind: open[0]?.kind ?? null,
    overdueDeadlines,
    overdue: overdueDeadlines.length > 0 || overdueActions > 0,
  };
}
