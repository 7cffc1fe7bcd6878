import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditEntity } from '../../projections/audits/audit.entity.js';
import { AuditSectionGradeEntity } from '../../projections/audits/audit-section-grade.entity.js';
import { AuditAnswerEntity } from '../../projections/audits/audit-answer.entity.js';
import { GradeChangeEntity } from '../../projections/grade-history/grade-change.entity.js';
import { canReadAudit } from '../auth/policies.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { OVERALL } from '../shared/domain-types.js';
import { DomainError } from '../shared/errors.js';
import { findTemplate } from './templates/index.js';
import type { Audit, GradeChange, SectionGrade } from './audit.types.js';

/** Audits as the contract shows them, from the audits and grade-history read models. */
@Injectable()
export class AuditQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** null when there is no such audit; FORBIDDEN when the caller may not read it. */
  async byId(id: string, principal: Principal): Promise<Audit | null> {
    const row = await this.dataSource.getRepository(AuditEntity).findOneBy({ id });
    if (!row) return null;
    if (!canReadAudit(principal, row)) throw new DomainError('FORBIDDEN', 'you may not read this audit');
    return (await this.withDetails([row]))[0];
  }

  /** The audits of a cycle the caller may read. */
  async visibleInCycle(cycleId: string, principal: Principal): Promise<Audit[]> {
    if (hasRole(principal, 'BOARD_READER') && principal.roles.length === 1) return [];
    const rows = await this.dataSource.getRepository(AuditEntity).find({ where: { cycleId }, order: { allocatedAt: 'ASC', id: 'ASC' } });
    return this.withDetails(rows.filter((row) => canReadAudit(principal, row)));
  }

  async gradeHistory(auditId: string): Promise<GradeChange[]> {
    const rows = await this.dataSource.getRepository(GradeChangeEntity).find({ where: { auditId }, order: { position: 'ASC' } });
    return rows.map(toGradeChange);
  }

  async actions(_auditId: string): Promise<import('./audit.types.js').Action[]> {
    throw new Error('TODO actions read model');
  }

  /** Section grades and answers for many audits in two queries, not two per audit. */
  private async withDetails(rows: AuditEntity[]): Promise<Audit[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [sections, answers] = await Promise.all([
      this.dataSource.getRepository(AuditSectionGradeEntity).findBy({ auditId: In(ids) }),
      this.dataSource.getRepository(AuditAnswerEntity).find({ where: { auditId: In(ids) }, order: { section: 'ASC', question: 'ASC' } }),
    ]);
    return rows.map((row) => ({
      id: row.id,
      cycleId: row.cycleId,
      caseRef: row.caseRef,
      teamId: row.teamId,
      practitionerId: row.practitionerId,
      teamManagerId: row.teamManagerId,
      auditorId: row.auditorId,
      moderatorId: row.moderatorId,
      templateId: row.templateId,
      templateVersion: row.templateVersion,
      status: row.status,
      initialGrade: row.initialGrade,
      moderatedGrade: row.moderatedGrade,
      currentGrade: row.currentGrade,
      uoppHeld: row.uoppHeld,
      reauditRequired: row.reauditRequired,
      deadlines: {
        moderationDue: row.moderationDue,
        uoppDue: row.uoppDue,
        followUpUoppDue: row.followUpUoppDue,
        dipAuditDue: row.dipAuditDue,
      },
      sections: sectionGrades(row, sections.filter((s) => s.auditId === row.id)),
      answers: answers
        .filter((a) => a.auditId === row.id)
        .map(({ section, question, answer, comment }) => ({ section, question, answer, comment })),
    }));
  }
}

/** Every gradeable section of the audit's template version, then OVERALL, graded or not yet. */
function sectionGrades(row: AuditEntity, graded: AuditSectionGradeEntity[]): SectionGrade[] {
  const template = findTemplate(row.templateId, row.templateVersion);
  const keys = [...(template?.sections.filter((s) => s.graded).map((s) => s.key) ?? []), OVERALL];
  for (const g of graded) if (!keys.includes(g.section)) keys.push(g.section);
  return keys.map((section) => {
    const grade = graded.find((g) => g.section === section);
    return { section, auditorGrade: grade?.auditorGrade ?? null, moderatorGrade: grade?.moderatorGrade ?? null };
  });
}

export function toGradeChange(row: GradeChangeEntity): GradeChange {
  return {
    eventId: row.eventId,
    auditId: row.auditId,
    section: row.section,
    source: row.source,
    from: row.from,
    to: row.to,
    rationale: row.rationale,
    changedById: row.changedById,
    changedAt: row.changedAt,
  };
}
