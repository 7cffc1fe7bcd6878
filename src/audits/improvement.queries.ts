import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type FindOptionsWhere } from 'typeorm';
import { AuditEntity } from '../../projections/audits/audit.entity.js';
import { DirectorEscalationEntity } from '../../projections/audits/director-escalation.entity.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import type { AuditStatus, Grade } from '../shared/domain-types.js';
import { improvementEvidence, type GradedWork } from './improvement.js';
import type { ImprovementEscalation, ImprovementStatus } from './improvement.types.js';

/**
 * Work moderated below Good with its 4-month date, from the audits read model: whether it has improved
 * (its dip audits and re-audits are audits too), and whether it was escalated. Due is judged on today.
 */
@Injectable()
export class ImprovementQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** `today` defaults to the service clock's (the board report passes the day it is read as of). */
  async list(filter: { cycleId?: string | null; status?: ImprovementStatus | null; auditId?: string }, today: string = toLocalDate(this.clock.now())): Promise<ImprovementEscalation[]> {
    const where: FindOptionsWhere<AuditEntity> = { escalateIfNotImprovedBy: Not(IsNull()), status: Not('INVALIDATED') };
    if (filter.cycleId) where.cycleId = filter.cycleId;
    if (filter.auditId) where.id = filter.auditId;
    const audits = await this.dataSource.getRepository(AuditEntity).find({ where, order: { escalateIfNotImprovedBy: 'ASC', id: 'ASC' } });
    if (audits.length === 0) return [];
    const ids = audits.map((a) => a.id);
    const [followUps, escalations] = await Promise.all([
      this.dataSource.getRepository(AuditEntity).find({ where: { reauditOfAuditId: In(ids) }, order: { allocatedAt: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(DirectorEscalationEntity).findBy({ auditId: In(ids) }),
    ]);
    const rows = audits.map((audit): ImprovementEscalation => {
      const evidence = improvementEvidence(
        { auditId: audit.id, status: audit.status, currentGrade: audit.currentGrade },
        followUps.filter((f) => f.reauditOfAuditId === audit.id).map((f) => ({ auditId: f.id, status: f.status, currentGrade: f.currentGrade })),
      );
      const escalation = escalations.find((e) => e.auditId === audit.id);
      const due = audit.escalateIfNotImprovedBy!;
      const status = statusOf(!!escalation, evidence.improved, due, today);
      return {
        auditId: audit.id,
        cycleId: audit.cycleId,
        caseRef: audit.caseRef,
        teamId: audit.teamId,
        practitionerId: audit.practitionerId,
        teamManagerId: audit.teamManagerId,
        moderatedGrade: audit.moderatedGrade,
        moderatedOn: audit.moderatedOn,
        escalateIfNotImprovedBy: due,
        latestGrade: escalation ? escalation.grade : evidence.grade,
        latestGradeAuditId: escalation ? escalation.evidenceAuditId : evidence.evidenceAuditId,
        status,
        escalatedOn: escalation?.escalatedOn ?? null,
        escalatedById: escalation?.escalatedById ?? null,
        summary: escalation?.summary ?? null,
      };
    });
    return filter.status ? rows.filter((row) => row.status === filter.status) : rows;
  }

  /**
   * The status `list` gives each row, for every row of these cycles at once, by cycle: what the board
   * report counts (REP-7). One statement, with each audit's follow-ups in allocation order beside it.
   */
  async statusesByCycle(cycleIds: readonly string[], today: string = toLocalDate(this.clock.now())): Promise<Map<string, ImprovementStatus[]>> {
    const rows: Array<{ cycleId: string; auditId: string; status: AuditStatus; currentGrade: Grade | null; due: string; escalated: boolean; followUps: GradedWork[] }> =
      await this.dataSource.query(
        `SELECT a.cycle_id AS "cycleId", a.id AS "auditId", a.status, a.current_grade AS "currentGrade",
                to_char(a.escalate_if_not_improved_by, 'YYYY-MM-DD') AS due,
                EXISTS (SELECT 1 FROM audit_director_escalations e WHERE e.audit_id = a.id) AS escalated,
                COALESCE((SELECT json_agg(json_build_object('auditId', f.id, 'status', f.status, 'currentGrade', f.current_grade) ORDER BY f.allocated_at, f.id)
                            FROM audits f WHERE f.reaudit_of_audit_id = a.id), '[]'::json) AS "followUps"
           FROM audits a
          WHERE a.cycle_id = ANY($1) AND a.escalate_if_not_improved_by IS NOT NULL AND a.status <> 'INVALIDATED'`,
        [cycleIds],
      );
    const byCycle = new Map<string, ImprovementStatus[]>(cycleIds.map((id) => [id, []]));
    for (const row of rows) {
      const { improved } = improvementEvidence(row, row.followUps);
      byCycle.get(row.cycleId)?.push(statusOf(row.escalated, improved, row.due, today));
    }
    return byCycle;
  }
}

/** Escalated, else improved, else due once its 4-month date has come. */
function statusOf(escalated: boolean, improved: boolean, due: string, today: string): ImprovementStatus {
  return escalated ? 'ESCALATED' : improved ? 'IMPROVED' : today >= due ? 'DUE' : 'NOT_YET_DUE';
}
