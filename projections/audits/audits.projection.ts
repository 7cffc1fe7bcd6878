import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { OVERALL } from '../../src/shared/domain-types.js';
import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError, occurredAt } from '../runner/event-data.js';
import { followUpUoppDueAfter, uoppMeeting } from '../shared/audit-deadlines.js';
import { AuditAnswerEntity } from './audit-answer.entity.js';
import { AuditCycleDeadlineEntity } from './audit-cycle-deadline.entity.js';
import { AuditNarrativeEntity } from './audit-narrative.entity.js';
import { DirectorEscalationEntity } from './director-escalation.entity.js';
import { AuditSectionGradeEntity } from './audit-section-grade.entity.js';
import { AuditEntity } from './audit.entity.js';

/** Loads an audit row, lets `change` edit it and saves it; an event for an unknown audit is malformed. */
async function changeAudit(manager: EntityManager, auditId: string, change: (audit: AuditEntity) => void): Promise<void> {
  const audit = await manager.findOneBy(AuditEntity, { id: auditId });
  if (!audit) throw new MalformedEventError(`audit ${auditId} was never allocated`);
  change(audit);
  await manager.save(AuditEntity, audit);
}

/** An integer field that older events lack and newer ones may leave null. */
function optionalInteger(event: RecordedEvent, data: EventData, key: string): number | null {
  const raw = (event.data as Record<string, unknown>)[key];
  return raw === undefined || raw === null ? null : data.integer(key);
}

async function requireAllocated(manager: EntityManager, auditId: string): Promise<void> {
  if (!(await manager.existsBy(AuditEntity, { id: auditId }))) throw new MalformedEventError(`audit ${auditId} was never allocated`);
}

/** The `audit(id)` query: one row per audit, its section grades and its answers. */
export const auditsProjection = defineProjection({
  name: 'audits',
  // 2: suggested overall grade and inconsistencies from AuditSubmitted.
  // 3: the case facts of the template header, narratives, and the 4-month escalation to the divisional director.
  // 4: who chaired the UoPP meetings.
  version: 4,
  entities: [AuditEntity, AuditSectionGradeEntity, AuditAnswerEntity, AuditNarrativeEntity, AuditCycleDeadlineEntity, DirectorEscalationEntity],
  handlers: {
    async CycleScheduled(event, manager) {
      const data = EventData.of(event);
      await manager.upsert(
        AuditCycleDeadlineEntity,
        { cycleId: data.string('cycleId'), moderationDue: data.date('moderationDue') },
        { conflictPaths: ['cycleId'] },
      );
    },

    async AuditAllocated(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const cycle = await manager.findOneBy(AuditCycleDeadlineEntity, { cycleId });
      await manager.insert(AuditEntity, {
        id: data.string('auditId'),
        cycleId,
        caseRef: data.string('caseRef'),
        teamId: data.string('teamId'),
        practitionerId: data.string('practitionerId'),
        teamManagerId: data.string('teamManagerId'),
        auditorId: data.string('auditorId'),
        moderatorId: data.string('moderatorId'),
        templateId: data.string('templateId'),
        templateVersion: data.integer('templateVersion'),
        reauditOfAuditId: data.optionalString('reauditOfAuditId') || null,
        status: 'ALLOCATED',
        auditedBefore: data.optionalBoolean('auditedBefore'),
        previousAuditOn: data.optionalDate('previousAuditOn'),
        ethnicity: data.optionalString('ethnicity') || null,
        childAge: optionalInteger(event, data, 'childAge'),
        monthsOpen: optionalInteger(event, data, 'monthsOpen'),
        initialGrade: null,
        moderatedGrade: null,
        currentGrade: null,
        suggestedOverallGrade: null,
        overallGradeInconsistencies: [],
        uoppHeld: false,
        uoppCount: 0,
        uoppChairIds: [],
        reauditRequired: false,
        moderationDue: cycle?.moderationDue ?? null,
        rectifyBy: null,
        urgentIssuesDue: null,
        uoppDue: null,
        followUpUoppDue: null,
        dipAuditDue: null,
        escalateIfNotImprovedBy: null,
        submittedOn: null,
        moderatedOn: null,
        allocatedAt: occurredAt(event),
      });
    },

    async AnswerRecorded(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      if (!(await manager.existsBy(AuditEntity, { id: auditId }))) throw new MalformedEventError(`audit ${auditId} was never allocated`);
      await manager.upsert(
        AuditAnswerEntity,
        {
          auditId,
          section: data.string('section'),
          question: data.string('question'),
          answer: data.answer('answer'),
          comment: data.optionalString('comment'),
        },
        { conflictPaths: ['auditId', 'section', 'question'] },
      );
    },

    async NarrativeRecorded(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      await requireAllocated(manager, auditId);
      await manager.upsert(
        AuditNarrativeEntity,
        { auditId, section: data.string('section'), question: data.string('question'), text: data.string('text') },
        { conflictPaths: ['auditId', 'section', 'question'] },
      );
    },

    async GradeSet(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      const section = data.string('section');
      const to = data.grade('to');
      await changeAudit(manager, auditId, (audit) => {
        if (section !== OVERALL) return;
        audit.initialGrade = to;
        audit.currentGrade = to;
      });
      // Only the auditor's column is named, so an upsert never clears the moderator's grade.
      await manager.upsert(AuditSectionGradeEntity, { auditId, section, auditorGrade: to }, { conflictPaths: ['auditId', 'section'] });
    },

    async AuditSubmitted(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.status = 'SUBMITTED';
        audit.initialGrade = data.grade('overallGrade');
        audit.currentGrade = audit.initialGrade;
        audit.suggestedOverallGrade = data.optionalGrade('suggestedGrade');
        audit.overallGradeInconsistencies = data.present('inconsistencies') ? data.strings('inconsistencies') : [];
        audit.submittedOn = data.date('submittedOn');
        audit.moderationDue = data.date('moderationDue');
        audit.rectifyBy = null;
      });
    },

    async AuditReturnedForRectification(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.status = 'RETURNED';
        audit.rectifyBy = data.optionalDate('rectifyBy');
      });
    },

    async AuditReallocated(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.auditorId = data.string('auditorId');
        audit.moderatorId = data.string('moderatorId');
      });
    },

    async ModerationChanged(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      const section = data.string('section');
      const to = data.grade('to');
      await changeAudit(manager, auditId, (audit) => {
        if (section === OVERALL) audit.currentGrade = to;
      });
      await manager.upsert(AuditSectionGradeEntity, { auditId, section, moderatorGrade: to }, { conflictPaths: ['auditId', 'section'] });
    },

    async ModerationCompleted(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.status = 'MODERATED';
        audit.moderatedGrade = data.grade('moderatedGrade');
        audit.currentGrade = audit.moderatedGrade;
        audit.moderatedOn = data.date('completedOn');
        // The decider dates these on the working calendar; events from before those fields lack them.
        audit.uoppDue = data.optionalDate('uoppDue');
        audit.urgentIssuesDue = data.optionalDate('urgentIssuesDue');
        if (data.optionalBoolean('reauditRequired')) audit.reauditRequired = true;
      });
    },

    async UoPPHeld(event, manager) {
      const data = EventData.of(event);
      const meeting = uoppMeeting(data);
      const revisedGrade = data.optionalGrade('revisedGrade');
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.followUpUoppDue = followUpUoppDueAfter(audit, meeting);
        audit.uoppHeld = true;
        audit.uoppCount += 1;
        const chairId = data.string('chairId');
        if (!audit.uoppChairIds.includes(chairId)) audit.uoppChairIds = [...audit.uoppChairIds, chairId];
        if (revisedGrade) audit.currentGrade = revisedGrade;
      });
    },

    async ReauditDue(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.reauditRequired = true;
        audit.dipAuditDue = data.date('dueOn');
        audit.escalateIfNotImprovedBy = data.optionalDate('escalateIfNotImprovedBy') ?? audit.escalateIfNotImprovedBy;
      });
    },

    async EscalatedToDivisionalDirector(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      await requireAllocated(manager, auditId);
      await manager.insert(DirectorEscalationEntity, {
        auditId,
        dueOn: data.date('dueOn'),
        escalatedOn: data.date('escalatedOn'),
        escalatedById: data.string('escalatedById'),
        grade: data.grade('grade'),
        evidenceAuditId: data.optionalString('evidenceAuditId') || null,
        summary: data.string('summary'),
      });
    },

    /** The final decision on a disputed moderation: the overall grade now stands at `to`. */
    async DisputeResolved(event, manager) {
      const data = EventData.of(event);
      const section = data.string('section');
      const to = data.grade('to');
      await changeAudit(manager, data.string('auditId'), (audit) => {
        if (section === OVERALL) audit.currentGrade = to;
      });
    },

    async AuditInvalidated(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.status = 'INVALIDATED';
      });
    },
  },
});
