import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { programmeMilestones } from '../cycles/programme.js';
import { openDeadlines } from '../shared/deadlines.js';
import { TrackerRowEntity } from '../../projections/tracker/tracker-row.entity.js';
import type { GradeChange } from '../audits/audit.types.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import type { LocalDate } from '../shared/domain-types.js';
import { badInput, notFound } from '../shared/errors.js';
import { encodeCursor } from './cursor.js';
import { selectList } from './read-columns.js';
import { cursorFor, orderTerms, planPage, type PageRequest, type TrackerOrderBy } from './tracker-order.js';
import type { GradeChangeFilter, TrackerConnection, TrackerFilter, TrackerRow } from './tracker.types.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * The tracker and the grade history, read from their read models. Overdue is judged here, on the
 * service clock's today, never stored. A page costs one statement whatever its size: the rows with
 * their overdue actions, their cycle's programme, their count and the cycle check (asked apart only
 * for an empty page, or a page after a cursor). The exports call `rows` for the same rows the tracker query shows.
 */
@Injectable()
export class TrackerQueries {
  private columns?: string;

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
    const statement = this.statement(filter, today);
    const rows: RowWithCount[] = await this.dataSource.query(`${statement.rows()} ${orderClause(orderBy)}`, statement.parameters);
    await this.requireCycleUnlessFound(filter.cycleId, rows);
    return rows.map((row) => withProgramme(toTrackerRow(row, today, row.overdueActions), row));
  }

  /**
   * One page of rows matching the filter, in `orderBy`'s order (allocation order by default):
   * after the row `after` names, or after `offset` rows.
   */
  async page(filter: TrackerFilter = {}, request: PageRequest = { first: DEFAULT_PAGE_SIZE }, today: LocalDate = this.today()): Promise<TrackerConnection> {
    const plan = planPage(request, MAX_PAGE_SIZE);
    const { first, start } = plan;
    const statement = this.statement(filter, today);
    let found: RowWithCount[];
    let totalCount: number;
    if ('after' in start) {
      // Keyset paging narrows the rows, so they are counted apart; the rows, their count and the cycle check at once.
      const parameters = [...statement.parameters, start.after];
      const [rows, [counted]] = await Promise.all([
        this.dataSource.query(`${statement.rows()} AND r.allocated_position > $${parameters.length} ${orderClause(plan.order)} LIMIT ${first + 1}`, parameters) as Promise<RowWithCount[]>,
        this.dataSource.query(statement.count, statement.parameters) as Promise<Array<{ n: number }>>,
        this.requireCycle(filter.cycleId),
      ]);
      found = rows;
      totalCount = counted.n;
    } else {
      // The count of every row matching, beside each row of the page: one statement.
      found = await this.dataSource.query(
        `${statement.rows('count(*) OVER ()::int AS "totalCount", ')} ${orderClause(plan.order)} LIMIT ${first + 1} OFFSET ${start.skip}`,
        statement.parameters,
      );
      await this.requireCycleUnlessFound(filter.cycleId, found);
      totalCount =
        found.length > 0
          ? found[0].totalCount!
          : ((await this.dataSource.query(statement.count, statement.parameters)) as Array<{ n: number }>)[0].n;
    }
    const rows = found.slice(0, first).map((row) => withProgramme(toTrackerRow(row, today, row.overdueActions), row));
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
    const parameters: unknown[] = [];
    const where: string[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      where.push(condition(`$${parameters.length}`));
    };
    if (filter.cycleId) add((p) => `g.cycle_id = ${p}`, filter.cycleId);
    if (filter.teamId) add((p) => `g.team_id = ${p}`, filter.teamId);
    if (filter.source) add((p) => `g.source = ${p}`, filter.source);
    if (since) add((p) => `g.changed_at >= ${p}`, since);
    if (until) add((p) => `g.changed_at < ${p}`, until);
    const changes = `SELECT g.event_id AS "eventId", g.audit_id AS "auditId", g.section, g.source, g.from_grade AS "from", g.to_grade AS "to",
                            g.rationale, g.changed_by_id AS "changedById", g.changed_at AS "changedAt", g.position
                       FROM grade_changes g${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
    if (!filter.cycleId) return toGradeChanges(await this.dataSource.query(`${changes} ORDER BY g.position`, parameters));
    // With a cycle, whether it is known in the same statement: one row with no change when it has none.
    const rows: Array<GradeChange & { known: boolean; eventId: string | null }> = await this.dataSource.query(
      `SELECT k.known, g.* FROM (SELECT EXISTS (SELECT 1 FROM tracker_cycle_deadlines WHERE cycle_id = $1) AS known) k
         LEFT JOIN LATERAL (${changes}) g ON k.known ORDER BY g.position`,
      parameters,
    );
    if (!rows[0]?.known) throw notFound('cycle', filter.cycleId);
    return toGradeChanges(rows.filter((row) => row.eventId !== null));
  }

  private async requireCycle(cycleId: string | null | undefined): Promise<void> {
    if (!cycleId) return;
    const [known]: Array<{ known: boolean }> = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM tracker_cycle_deadlines WHERE cycle_id = $1) AS known', [cycleId]);
    if (!known.known) throw notFound('cycle', cycleId);
  }

  /** Rows of a cycle come with whether it is known; only when there are none is it asked apart. */
  private async requireCycleUnlessFound(cycleId: string | null | undefined, rows: RowWithCount[]): Promise<void> {
    if (!cycleId) return;
    if (rows.length === 0) return this.requireCycle(cycleId);
    if (!rows[0].cycleKnown) throw notFound('cycle', cycleId);
  }

  /**
   * The rows matching the filter as the entity holds them, with their overdue actions counted, their
   * cycle's programme facts (BEF-2, BEF-13: read at query time from the cycles read model; the
   * tracker's own rows stay independent of it) and, filtered by cycle, whether the cycle is known.
   * Plain SQL: building it through the ORM cost more than running it.
   */
  private statement(filter: TrackerFilter, today: LocalDate): { rows: (head?: string) => string; count: string; parameters: unknown[] } {
    const parameters: unknown[] = [today];
    const where: string[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      where.push(condition(`$${parameters.length}`));
    };
    let cycle = '';
    if (filter.cycleId) add((p) => `r.cycle_id = ${(cycle = p)}`, filter.cycleId);
    if (filter.service) add((p) => `r.service = ${p}`, filter.service);
    if (filter.teamId) add((p) => `r.team_id = ${p}`, filter.teamId);
    if (filter.status) add((p) => `r.status = ${p}`, filter.status);
    if (filter.grade) add((p) => `COALESCE(r.moderated_grade, r.initial_grade) = ${p}`, filter.grade);
    if (filter.overdue !== undefined && filter.overdue !== null) {
      // The same test as TrackerRow.overdue: the earliest open deadline, or the earliest open action, has passed.
      const overdue = '(COALESCE(r.next_deadline < $1, FALSE) OR COALESCE(r.next_action_due < $1, FALSE))';
      where.push(filter.overdue ? overdue : `NOT ${overdue}`);
    }
    const condition = where.length > 0 ? where.join(' AND ') : 'TRUE';
    const known = filter.cycleId ? `, EXISTS (SELECT 1 FROM tracker_cycle_deadlines WHERE cycle_id = ${cycle}) AS "cycleKnown"` : '';
    const rows = (head = '') => `SELECT ${head}${(this.columns ??= selectList(this.dataSource, TrackerRowEntity, 'r'))},
        (SELECT count(*)::int FROM tracker_actions x WHERE x.audit_id = r.audit_id AND x.status = 'OPEN' AND x.due_on < $1) AS "overdueActions",
        c.kloe_meeting->>'casesDueBy' AS "casesDueBy", c.practice_day->>'heldOn' AS "practiceDayHeldOn"${known}
      FROM tracker_rows r LEFT JOIN cycles c ON c.id = r.cycle_id WHERE ${condition}`;
    // Today is $1 whether or not the filter uses it, so the count says what type it is.
    const count = `SELECT count(*)::int AS n, $1::date AS today FROM tracker_rows r WHERE ${condition}`;
    return { rows, count, parameters };
  }
}

/** Grade changes as the read model holds them, in the GraphQL type's fields. */
function toGradeChanges(rows: GradeChange[]): GradeChange[] {
  return rows.map(({ eventId, auditId, section, source, from, to, rationale, changedById, changedAt }) => ({ eventId, auditId, section, source, from, to, rationale, changedById, changedAt }));
}

type RowWithCount = TrackerRowEntity & {
  overdueActions: number;
  casesDueBy: LocalDate | null;
  practiceDayHeldOn: LocalDate | null;
  cycleKnown?: boolean;
  totalCount?: number;
};

function orderClause(orderBy: TrackerOrderBy | null | undefined): string {
  return `ORDER BY ${orderTerms(orderBy)
    .map((term) => `${term.expression} ${term.direction} ${term.nulls}`)
    .join(', ')}`;
}

/** BEF-2, BEF-13: the row's cycle's allocation deadline and six-month programme. */
function withProgramme(row: TrackerRow, facts: RowWithCount): TrackerRow {
  return {
    ...row,
    deadlines: { ...row.deadlines, casesDueBy: facts.casesDueBy ?? null },
    programme: { ...programmeMilestones(row.month), practiceDayHeldOn: facts.practiceDayHeldOn ?? null },
  };
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
