import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, type FindOptionsWhere } from 'typeorm';
import { ActionEntity } from '../../projections/actions/action.entity.js';
import { AuditAnswerEntity, AuditEntity, AuditNarrativeEntity, AuditSectionGradeEntity } from '../../projections/audits/audit.entity.js';
import { GradeChangeEntity } from '../../projections/grade-history/grade-change.entity.js';
import { CycleEntity } from '../../projections/cycles/cycle.entity.js';
import { TeamEntity } from '../../projections/directory/team.entity.js';
import { canReadAudit } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import { WriteSide } from '../write-side/write-side.js';
import { OVERALL, streams, type ActionStatus, type Grade, type LocalDate } from '../shared/domain-types.js';
import { DomainError } from '../shared/errors.js';
import { canSeeLearningAction, isLearning, showsOnCaseView } from './action-policy.js';
import { auditDecider, gradedSectionKeys } from './decider.js';
import { disputeView } from './commands/dispute-view.js';
import { overallGradeInconsistencies, suggestOverall } from './grading.js';
import { findTemplate } from './templates/index.js';
import type { Action, Audit, GradeChange, ModerationDispute, SectionGrade, UoPPMeetingRecord } from './audit.types.js';
import { uoppMeetingView } from './uopp-meeting-view.js';

/** Filters of the audit team's actions tracker. */
export interface ActionFilter {
  cycleId?: string | null;
  ownerId?: string | null;
  status?: ActionStatus | null;
  overdueOnly?: boolean | null;
}

/** Audits as the contract shows them, from the audits and grade-history read models. */
@Injectable()
export class AuditQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly writeSide: WriteSide,
  ) {}

  /** null when there is no such audit; FORBIDDEN when the caller may not read it. */
  async byId(id: string, principal: Principal): Promise<Audit | null> {
    const row = await this.dataSource.getRepository(AuditEntity).findOneBy({ id });
    if (!row) return null;
    if (!mayRead(principal, row) && !(await this.inModerationGroup(principal, row.cycleId)) && !(await this.asCoordinatorLead(principal, row))) {
      throw new DomainError('FORBIDDEN', 'you may not read this audit');
    }
    return (await this.withDetails([row]))[0];
  }

  /** The audits of a cycle the caller may read. */
  async visibleInCycle(cycleId: string, principal: Principal): Promise<Audit[]> {
    const rows = await this.dataSource.getRepository(AuditEntity).find({ where: { cycleId }, order: { allocatedAt: 'ASC', id: 'ASC' } });
    const group = await this.inModerationGroup(principal, cycleId);
    return this.withDetails(rows.filter((row) => group || mayRead(principal, row)));
  }

  /**
   * AFT-4, AFT-5 (000 "The findings of this dip audit will be shared with the HoS, Early Help
   * Coordinator Lead"; "referred to the relevant EH Coordinator Lead to address"): the EH coordinator
   * lead of the case's service reads its dip audits, and the work a dip audit referred to them.
   */
  private async asCoordinatorLead(principal: Principal, row: AuditEntity): Promise<boolean> {
    if (!principal.roles.includes('EH_COORDINATOR_LEAD') || !principal.teamId) return false;
    const dipAudit = row.templateId === 'dip-sample' && row.reauditOfAuditId !== null;
    if (!dipAudit && !row.referredToCoordinatorLeadOn) return false;
    const teams = this.dataSource.getRepository(TeamEntity);
    const [mine, theirs] = await Promise.all([teams.findOneBy({ id: principal.teamId }), teams.findOneBy({ id: row.teamId })]);
    return !!mine && !!theirs && mine.service === theirs.service;
  }

  /** AUD-13: a member of a cycle's moderation group reads the audits they may moderate. */
  private async inModerationGroup(principal: Principal, cycleId: string): Promise<boolean> {
    const cycle = await this.dataSource.getRepository(CycleEntity).findOneBy({ id: cycleId });
    return (cycle?.moderationGroupIds ?? []).includes(principal.staffId);
  }

  async gradeHistory(auditId: string): Promise<GradeChange[]> {
    const rows = await this.dataSource.getRepository(GradeChangeEntity).find({ where: { auditId }, order: { position: 'ASC' } });
    return rows.map(toGradeChange);
  }

  /**
   * The audit's moderation disputes, oldest first. There is no disputes read model yet, so they are
   * folded from the audit's own stream, which is never behind.
   */
  async disputes(auditId: string): Promise<ModerationDispute[]> {
    const { state } = await this.writeSide.load(streams.audit(auditId), auditDecider);
    // Only moderated work is disputed (PPL-1).
    return state.status === 'MODERATED' ? Object.keys(state.disputes).map((id) => disputeView(state, id)) : [];
  }

  /** The audit's UoPP meetings, oldest first, from its own stream (there is no read model of them yet). */
  async uoppMeetings(auditId: string): Promise<UoPPMeetingRecord[]> {
    const events = await this.writeSide.store.readStream(streams.audit(auditId));
    return events.filter((e) => e.type === 'UoPPHeld').map((e, i) => uoppMeetingView(e.data, i));
  }

  /** Follow-up audits (dip audits, re-audits) of an audit, that the caller may read. */
  async reaudits(auditId: string, principal: Principal): Promise<Audit[]> {
    const rows = await this.dataSource.getRepository(AuditEntity).find({ where: { reauditOfAuditId: auditId }, order: { allocatedAt: 'ASC', id: 'ASC' } });
    return this.withDetails(rows.filter((row) => mayRead(principal, row)));
  }

  /** The audit's actions as its own page shows them: never a learning action for the practitioner or team manager. */
  async actions(auditId: string, principal: Principal): Promise<Action[]> {
    const rows = await this.actionRows({ auditId });
    return rows.filter((row) => showsOnCaseView(principal, row.scope)).map((row) => this.toAction(row));
  }

  /** The audit's learning actions the caller may see: audit team, owner, or the case's team manager. */
  async learningActions(auditId: string, principal: Principal): Promise<Action[]> {
    const rows = await this.actionRows({ auditId });
    return rows.filter((row) => isLearning(row.scope) && canSeeLearningAction(principal, row)).map((row) => this.toAction(row));
  }

  /** What the caller owns, every scope: their own work queue. */
  async actionsOwnedBy(staffId: string, status?: ActionStatus | null): Promise<Action[]> {
    const rows = await this.actionRows(status ? { ownerId: staffId, status } : { ownerId: staffId });
    return rows.map((row) => this.toAction(row));
  }

  /** The audit team's actions tracker. Overdue is judged on today's date, so it is filtered here too. */
  async actionTracker(filter: ActionFilter): Promise<Action[]> {
    const where: FindOptionsWhere<ActionEntity> = {};
    if (filter.cycleId) where.cycleId = filter.cycleId;
    if (filter.ownerId) where.ownerId = filter.ownerId;
    if (filter.status) where.status = filter.status;
    if (filter.overdueOnly) Object.assign(where, { status: 'OPEN', dueOn: LessThan(this.today()) });
    return (await this.actionRows(where)).map((row) => this.toAction(row));
  }

  /** One action, for the mutation that has just written it. */
  async actionById(id: string): Promise<Action> {
    return this.toAction(await this.dataSource.getRepository(ActionEntity).findOneByOrFail({ id }));
  }

  private actionRows(where: FindOptionsWhere<ActionEntity>): Promise<ActionEntity[]> {
    return this.dataSource.getRepository(ActionEntity).find({ where, order: { dueOn: 'ASC', agreedOn: 'ASC', id: 'ASC' } });
  }

  /** The day by the service clock: overdue is worked out when read, so it is never stale. */
  private today(): LocalDate {
    return toLocalDate(this.clock.now());
  }

  private toAction(row: ActionEntity): Action {
    return {
      id: row.id,
      auditId: row.auditId,
      description: row.description,
      ownerId: row.ownerId,
      dueOn: row.dueOn,
      scope: row.scope,
      status: row.status,
      overdue: row.status === 'OPEN' && row.dueOn < this.today(),
      onCaseRecord: row.onCaseRecord,
      agreedById: row.agreedById,
      agreedOn: row.agreedOn,
      lastProgressNote: row.lastProgressNote,
      acknowledgedOn: row.acknowledgedOn ?? null,
      acknowledgementComment: row.acknowledgementComment ?? null,
      lastProgressedOn: row.lastProgressedOn,
      closedOn: row.closedOn,
      closingNote: row.closingNote,
    };
  }

  /** Section grades, answers and narratives for many audits in three queries, not three per audit. */
  private async withDetails(rows: AuditEntity[]): Promise<Audit[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [sections, answers, narratives] = await Promise.all([
      this.dataSource.getRepository(AuditSectionGradeEntity).findBy({ auditId: In(ids) }),
      this.dataSource.getRepository(AuditAnswerEntity).find({ where: { auditId: In(ids) }, order: { section: 'ASC', question: 'ASC' } }),
      this.dataSource.getRepository(AuditNarrativeEntity).find({ where: { auditId: In(ids) }, order: { section: 'ASC', question: 'ASC' } }),
    ]);
    return rows.map((row) => {
      const graded = sections.filter((s) => s.auditId === row.id);
      return {
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
        moderationSample: row.moderationSample ?? null,
        referredToCoordinatorLeadOn: row.referredToCoordinatorLeadOn ?? null,
        referredByDipAuditId: row.referredByDipAuditId ?? null,
        uoppHeld: row.uoppHeld,
        reauditRequired: row.reauditRequired,
        deadlines: {
          moderationDue: row.moderationDue,
          uoppDue: row.uoppDue,
          followUpUoppDue: row.followUpUoppDue,
          dipAuditDue: row.dipAuditDue,
          urgentIssuesDue: row.urgentIssuesDue,
          rectifyBy: row.status === 'RETURNED' ? row.rectifyBy : null,
          improvementEscalationDue: row.escalateIfNotImprovedBy,
        },
        urgentIssuesAddressed:
          row.urgentIssuesAddressedOn && row.urgentIssuesDue
            ? {
                addressedOn: row.urgentIssuesAddressedOn,
                addressedById: row.urgentIssuesAddressedById!,
                dueOn: row.urgentIssuesDue,
                onTime: row.urgentIssuesAddressedOn <= row.urgentIssuesDue,
                summary: row.urgentIssuesSummary ?? '',
              }
            : null,
        sections: sectionGrades(row, graded),
        answers: answers
          .filter((a) => a.auditId === row.id)
          .map(({ section, question, answer, comment }) => ({ section, question, answer, comment })),
        narratives: narratives.filter((n) => n.auditId === row.id).map(({ section, question, text }) => ({ section, question, text })),
        reauditOfAuditId: row.reauditOfAuditId,
        collaborativeDiscussionOn: row.collaborativeDiscussionOn,
        collaborativeDiscussionWithIds: row.collaborativeDiscussionWithIds ?? [],
        familyFeedback: row.familyFeedback ?? null,
        practitionerFeedback: row.practitionerFeedback ?? null,
        auditedBefore: row.auditedBefore,
        previousAuditOn: row.previousAuditOn,
        ethnicity: row.ethnicity,
        childAge: row.childAge,
        monthsOpen: row.monthsOpen,
        ...overallGradeAdvice(row, graded),
      };
    });
  }
}

/**
 * The read policy, and besides it whoever chaired one of the audit's UoPP meetings: the chair of the
 * follow-up on Inadequate work (the EH coordinator lead, 000) tracks the plan and receives the record.
 */
function mayRead(principal: Principal, row: AuditEntity): boolean {
  return canReadAudit(principal, row) || (row.uoppChairIds ?? []).includes(principal.staffId);
}

/**
 * The overall grade the auditor's section grades suggest, and why the auditor's overall grade looks
 * inconsistent with them (grading.ts), worked out when read from the grades given so far.
 */
function overallGradeAdvice(row: AuditEntity, graded: AuditSectionGradeEntity[]): Pick<Audit, 'suggestedOverallGrade' | 'suggestedOverallGradeRule' | 'overallGradeInconsistencies'> {
  const template = findTemplate(row.templateId, row.templateVersion);
  const keys = template ? gradedSectionKeys(template) : [];
  const sectionGrades = graded
    .filter((g) => keys.includes(g.section) && g.auditorGrade !== null)
    .map((g) => g.auditorGrade as Grade);
  const overall = graded.find((g) => g.section === OVERALL)?.auditorGrade ?? null;
  const suggestion = suggestOverall(sectionGrades);
  return {
    suggestedOverallGrade: suggestion?.grade ?? null,
    suggestedOverallGradeRule: suggestion?.explanation ?? null,
    overallGradeInconsistencies: overall ? overallGradeInconsistencies(overall, sectionGrades) : [],
  };
}

/** Every gradeable section of the audit's template version, then OVERALL, graded or not yet. */
function sectionGrades(row: AuditEntity, graded: AuditSectionGradeEntity[]): SectionGrade[] {
  const template = findTemplate(row.templateId, row.templateVersion);
  const keys = [...(template?.sections.filter((s) => s.graded).map((s) => s.key) ?? []), OVERALL];
  for (const g of graded) if (!keys.includes(g.section)) keys.push(g.section);
  return keys.map((section) => {
    const grade = graded.find((g) => g.section === section);
    return { section, auditorGrade: grade?.auditorGrade ?? null, moderatorGrade: grade?.moderatorGrade ?? null, notApplicableReason: grade?.notApplicableReason ?? null };
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
