import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type FindOptionsWhere } from 'typeorm';
import { AuditEntity } from '../../projections/audits/audit.entity.js';
import { DirectorEscalationEntity } from '../../projections/audits/director-escalation.entity.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import { improvementEvidence } from './improvement.js';
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
      const status: ImprovementStatus = escalation ? 'ESCALATED' : evidence.improved ? 'IMPROVED' : today >= due ? 'DUE' : 'NOT_YET_DUE';
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
}
