import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ActionEntity } from '../../projections/actions/action.entity.js';
import { TrackerRowEntity } from '../../projections/tracker/tracker-row.entity.js';
import { TeamEntity } from '../../projections/directory/team.entity.js';
import { StaffDirectory } from '../auth/staff-directory.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import type { LocalDate } from '../shared/domain-types.js';
import { notFound } from '../shared/errors.js';
import { selectList } from '../tracker/read-columns.js';
import { workItems, type Person } from './work-items.js';
import type { WorkQueue } from './work-queue.types.js';

/**
 * Work queues, derived when read from the tracker read model (audits) and the actions read model
 * (actions owned), so nothing about "today" is ever stored. The SQL narrows the rows to those that
 * might concern the person; work-items.ts decides what each one owes.
 */
@Injectable()
export class WorkQueueQueries {
  private columns?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly directory: StaffDirectory,
  ) {}

  today(): LocalDate {
    return toLocalDate(this.clock.now());
  }

  /** Someone else's queue, with their roles as registered; NOT_FOUND for an unknown staff member. */
  async forStaff(staffId: string, today: LocalDate = this.today()): Promise<WorkQueue> {
    const staff = await this.directory.find(staffId);
    if (!staff) throw notFound('staff member', staffId);
    return this.queue({ staffId: staff.id, roles: staff.roles }, today);
  }

  async queue(given: Person, today: LocalDate = this.today()): Promise<WorkQueue> {
    const person = given.roles.includes('EH_COORDINATOR_LEAD') ? { ...given, serviceTeamIds: await this.serviceTeams(given.staffId) } : given;
    // The actions and the audits at once: the audits that concern the person, and those their open actions were agreed on.
    const [rows, owned] = await Promise.all([this.auditsConcerning(person), this.openActions(person.staffId)]);
    const audits = rows.filter((row) => row.concerning);
    const byId = new Map(rows.map((row) => [row.auditId, row]));
    const items = workItems(
      person,
      audits,
      owned.map((a) => ({ actionId: a.id, auditId: a.auditId, description: a.description, dueOn: a.dueOn, audit: byId.get(a.auditId) ?? null })),
      today,
    );
    return { staffId: person.staffId, asOf: today, items, overdue: items.filter((i) => i.overdue).length };
  }

  /** AFT-5: the teams of the service the person's own team is in. */
  private async serviceTeams(staffId: string): Promise<string[]> {
    const me = await this.directory.find(staffId);
    if (!me?.teamId) return [];
    const teams = this.dataSource.getRepository(TeamEntity);
    const mine = await teams.findOneBy({ id: me.teamId });
    return mine ? (await teams.findBy({ service: mine.service })).map((t) => t.id) : [];
  }

  /**
   * Tracker rows that might concern the person (`concerning`), and those of audits their open actions
   * were agreed on, in one statement. Plain SQL: hydrating entities cost more than the query. The
   * actions' audits are an array computed once, not a subquery: so every branch of the OR can use an
   * index and the rows are found by a bitmap of the person's own, not by reading the whole tracker
   * (2 ms instead of 6 on 10 years of history).
   */
  private auditsConcerning(person: Person): Promise<Array<TrackerRowEntity & { concerning: boolean }>> {
    const parameters: unknown[] = [person.staffId];
    const any = [
      `r.auditor_id = $1 AND (r.status IN ('ALLOCATED', 'RETURNED') OR (r.status = 'MODERATED' AND r.uopp_count = 0 AND r.uopp_due IS NOT NULL))`,
      `r.moderator_id = $1 AND r.status = 'SUBMITTED'`,
      `r.team_manager_id = $1 AND r.status = 'MODERATED' AND r.uopp_count = 1 AND r.follow_up_uopp_due IS NOT NULL`,
      `r.team_manager_id = $1 AND r.status = 'MODERATED' AND r.urgent_issues_due IS NOT NULL AND r.urgent_issues_addressed_on IS NULL`,
    ];
    if (person.roles.includes('AUDIT_MANAGER')) {
      any.push(`r.status = 'MODERATED' AND ((r.uopp_count = 0 AND r.uopp_due IS NOT NULL AND r.current_grade = 'INADEQUATE') OR (r.uopp_count = 1 AND r.follow_up_uopp_due IS NOT NULL))`);
    }
    if (person.serviceTeamIds && person.serviceTeamIds.length > 0) {
      parameters.push(person.serviceTeamIds);
      any.push(`r.status = 'MODERATED' AND r.referred_to_coordinator_lead_on IS NOT NULL AND r.team_id = ANY($2)`);
    }
    if (person.roles.includes('AUDIT_TEAM')) {
      any.push(`r.status = 'MODERATED' AND r.kind <> 'DIP_AUDIT' AND r.dip_audit_due IS NOT NULL AND r.dip_audit_done_on IS NULL`);
    }
    const concerning = any.map((condition) => `(${condition})`).join(' OR ');
    return this.dataSource.query(
      `SELECT ${(this.columns ??= selectList(this.dataSource, TrackerRowEntity, 'r'))}, COALESCE(${concerning}, FALSE) AS concerning
         FROM tracker_rows r
        WHERE ${concerning} OR r.audit_id = ANY (ARRAY(SELECT a.audit_id FROM actions a WHERE a.owner_id = $1 AND a.status = 'OPEN'))`,
      parameters,
    );
  }

  private openActions(ownerId: string): Promise<Array<Pick<ActionEntity, 'id' | 'auditId' | 'description' | 'dueOn'>>> {
    return this.dataSource.query(
      `SELECT id, audit_id AS "auditId", description, to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM actions WHERE owner_id = $1 AND status = 'OPEN'`,
      [ownerId],
    );
  }
}
