import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In } from 'typeorm';
import { ActionEntity } from '../../projections/actions/action.entity.js';
import { TrackerRowEntity } from '../../projections/tracker/tracker-row.entity.js';
import { TeamEntity } from '../../projections/directory/team.entity.js';
import { StaffDirectory } from '../auth/staff-directory.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import type { LocalDate } from '../shared/domain-types.js';
import { notFound } from '../shared/errors.js';
import { workItems, type Person } from './work-items.js';
import type { WorkQueue } from './work-queue.types.js';

/**
 * Work queues, derived when read from the tracker read model (audits) and the actions read model
 * (actions owned), so nothing about "today" is ever stored. The SQL narrows the rows to those that
 * might concern the person; work-items.ts decides what each one owes.
 */
@Injectable()
export class WorkQueueQueries {
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
    const [audits, owned] = await Promise.all([this.auditsConcerning(person), this.openActions(person.staffId)]);
    const actionAudits = owned.length === 0 ? [] : await this.dataSource.getRepository(TrackerRowEntity).findBy({ auditId: In([...new Set(owned.map((a) => a.auditId))]) });
    const byId = new Map(actionAudits.map((row) => [row.auditId, row]));
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

  private auditsConcerning(person: Person): Promise<TrackerRowEntity[]> {
    const me = { me: person.staffId };
    const query = this.dataSource
      .getRepository(TrackerRowEntity)
      .createQueryBuilder('r')
      .where(
        new Brackets((any) => {
          any
            .where(`r.auditor_id = :me AND (r.status IN ('ALLOCATED', 'RETURNED') OR (r.status = 'MODERATED' AND r.uopp_count = 0 AND r.uopp_due IS NOT NULL))`, me)
            .orWhere(`r.moderator_id = :me AND r.status = 'SUBMITTED'`, me)
            .orWhere(`r.team_manager_id = :me AND r.status = 'MODERATED' AND r.uopp_count = 1 AND r.follow_up_uopp_due IS NOT NULL`, me)
            .orWhere(`r.team_manager_id = :me AND r.status = 'MODERATED' AND r.urgent_issues_due IS NOT NULL AND r.urgent_issues_addressed_on IS NULL`, me);
          if (person.roles.includes('AUDIT_MANAGER')) {
            any.orWhere(
              `r.status = 'MODERATED' AND ((r.uopp_count = 0 AND r.uopp_due IS NOT NULL AND r.current_grade = 'INADEQUATE') OR (r.uopp_count = 1 AND r.follow_up_uopp_due IS NOT NULL))`,
            );
          }
          if (person.serviceTeamIds && person.serviceTeamIds.length > 0) {
            any.orWhere(`r.status = 'MODERATED' AND r.referred_to_coordinator_lead_on IS NOT NULL AND r.team_id IN (:...serviceTeamIds)`, { serviceTeamIds: person.serviceTeamIds });
          }
          if (person.roles.includes('AUDIT_TEAM')) {
            any.orWhere(`r.status = 'MODERATED' AND r.kind <> 'DIP_AUDIT' AND r.dip_audit_due IS NOT NULL AND r.dip_audit_done_on IS NULL`);
          }
        }),
      );
    return query.getMany();
  }

  private openActions(ownerId: string): Promise<ActionEntity[]> {
    return this.dataSource.getRepository(ActionEntity).findBy({ ownerId, status: 'OPEN' });
  }
}
