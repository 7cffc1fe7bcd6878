import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { OVERALL, type Answer, type Grade } from '../../src/shared/domain-types.js';
import { defineBatchProjection, idsIn } from '../runner/projection.js';
import { EventData, MalformedEventError, occurredAt } from '../runner/event-data.js';
import { RowCache, writeRows } from '../runner/row-cache.js';
import { followUpUoppDueAfter } from '../../src/shared/deadlines.js';
import { uoppMeeting } from '../shared/uopp-meeting.js';
import { AuditAnswerEntity, AuditEntity, AuditNarrativeEntity, AuditSectionGradeEntity } from './audit.entity.js';
import { AuditCycleDeadlineEntity } from './audit-cycle-deadline.entity.js';
import { DirectorEscalationEntity } from './director-escalation.entity.js';

/**
 * One batch of events applied to the audit read model: the audits, section grades and cycle dates it
 * touches are held in memory and written back together, in the batch's transaction. Answers and
 * narratives are whole rows keyed by question, so the latest of each is simply upserted.
 */
class AuditsBatch {
  readonly audits: RowCache<AuditEntity>;
  readonly sections: RowCache<AuditSectionGradeEntity>;
  readonly cycles: RowCache<AuditCycleDeadlineEntity>;
  private readonly answers = new Map<string, AuditAnswerEntity>();
  private readonly narratives = new Map<string, AuditNarrativeEntity>();
  private readonly escalations: DirectorEscalationEntity[] = [];

  private constructor(private readonly manager: EntityManager) {
    this.audits = new RowCache(manager, AuditEntity, 'id');
    this.sections = new RowCache(manager, AuditSectionGradeEntity, ['auditId', 'section']);
    this.cycles = new RowCache(manager, AuditCycleDeadlineEntity, 'cycleId');
  }

  static async begin(manager: EntityManager, events: readonly RecordedEvent[]): Promise<AuditsBatch> {
    const batch = new AuditsBatch(manager);
    await batch.audits.preload(idsIn(events, 'auditId'));
    await batch.sections.preloadBy('auditId', idsIn(events, 'auditId', ['GradeSet', 'ModerationChanged']));
    await batch.cycles.preload(idsIn(events, 'cycleId', ['CycleScheduled', 'AuditAllocated']));
    return batch;
  }

  async flush(): Promise<void> {
    await this.cycles.flush();
    // Audits before the rows that refer to them.
    await this.audits.flush();
    await this.sections.flush();
    await writeRows(this.manager, AuditAnswerEntity, [...this.answers.values()], 'upsert');
    await writeRows(this.manager, AuditNarrativeEntity, [...this.narratives.values()], 'upsert');
    // A plain insert: an audit is escalated once, and a second escalation must not pass unnoticed.
    await writeRows(this.manager, DirectorEscalationEntity, this.escalations, 'insert');
  }

  /** An audit row; an event for an audit never allocated is malformed. */
  async audit(auditId: string): Promise<AuditEntity> {
    const audit = await this.audits.get(auditId);
    if (!audit) throw new MalformedEventError(`audit ${auditId} was never allocated`);
    return audit;
  }

  /** Lets `change` edit an audit row, written at the flush. */
  async changeAudit(auditId: string, change: (audit: AuditEntity) => void): Promise<void> {
    const audit = await this.audit(auditId);
    change(audit);
    this.audits.changed(audit);
  }

  /** Sets the auditor's or the moderator's grade of a section, keeping the other's. */
  async setSectionGrade(auditId: string, section: string, column: 'auditorGrade' | 'moderatorGrade', grade: Grade | null, notApplicableReason?: string | null): Promise<void> {
    const held = await this.sections.find({ auditId, section });
    // The auditor's grade and a not-applicable mark replace each other (AUD-8); the moderator's leaves it.
    const reason = column === 'auditorGrade' ? (notApplicableReason ?? null) : undefined;
    if (held) {
      held[column] = grade;
      if (reason !== undefined) held.notApplicableReason = reason;
      this.sections.changed(held);
      return;
    }
    const row = { auditId, section, auditorGrade: null, moderatorGrade: null, notApplicableReason: null } as AuditSectionGradeEntity;
    row[column] = grade;
    if (reason !== undefined) row.notApplicableReason = reason;
    this.sections.add(row);
  }

  answer(row: Omit<AuditAnswerEntity, 'audit'>): void {
    this.answers.set(`${row.auditId}\u0000${row.section}\u0000${row.question}`, row as AuditAnswerEntity);
  }

  narrative(row: Omit<AuditNarrativeEntity, 'audit'>): void {
    this.narratives.set(`${row.auditId}\u0000${row.section}\u0000${row.question}`, row as AuditNarrativeEntity);
  }

  escalation(row: DirectorEscalationEntity): void {
    this.escalations.push(row);
  }
}

/** An integer field that older events lack and newer ones may leave null. */
function optionalInteger(event: RecordedEvent, data: EventData, key: string): number | null {
  const raw = (event.data as Record<string, unknown>)[key];
  return raw === undefined || raw === null ? null : data.integer(key);
}

/** The `audit(id)` query: one row per audit, its section grades and its answers. */
export const auditsProjection = defineBatchProjection({
  name: 'audits',
  // 2: suggested overall grade and inconsistencies from AuditSubmitted.
  // 3: the case facts of the template header, narratives, and the 4-month escalation to the divisional director.
  // 4: who chaired the UoPP meetings.
  // 5: urgent issues addressed.
  version: 6,
  begin: (manager, events) => AuditsBatch.begin(manager, events),
  entities: [AuditEntity, AuditSectionGradeEntity, AuditAnswerEntity, AuditNarrativeEntity, AuditCycleDeadlineEntity, DirectorEscalationEntity],
  handlers: {
    async CycleScheduled(event, batch) {
      const data = EventData.of(event);
      const cycle = { cycleId: data.string('cycleId'), moderationDue: data.date('moderationDue') };
      await batch.cycles.put(cycle);
    },

    async AuditAllocated(event, batch) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const auditId = data.string('auditId');
      if (await batch.audits.get(auditId)) throw new MalformedEventError(`audit ${auditId} was allocated twice`);
      const cycle = await batch.cycles.get(cycleId);
      batch.audits.add(Object.assign(new AuditEntity(), {
        id: auditId,
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
        moderationSample: null,
        referredToCoordinatorLeadOn: null,
        referredByDipAuditId: null,
        currentGrade: null,
        suggestedOverallGrade: null,
        overallGradeInconsistencies: [],
        uoppHeld: false,
        uoppCount: 0,
        uoppChairIds: [],
        collaborativeDiscussionOn: null,
        collaborativeDiscussionWithIds: [],
        familyFeedback: null,
        practitionerFeedback: null,
        reauditRequired: false,
        moderationDue: cycle?.moderationDue ?? null,
        rectifyBy: null,
        urgentIssuesDue: null,
        urgentIssuesAddressedOn: null,
        urgentIssuesAddressedById: null,
        urgentIssuesSummary: null,
        uoppDue: null,
        followUpUoppDue: null,
        dipAuditDue: null,
        escalateIfNotImprovedBy: null,
        submittedOn: null,
        moderatedOn: null,
        allocatedAt: occurredAt(event),
      }));
    },

    async AnswerRecorded(event, batch) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      await batch.audit(auditId);
      batch.answer({
        auditId,
        section: data.string('section'),
        question: data.string('question'),
        answer: data.answer('answer'),
        comment: data.optionalString('comment'),
      });
    },

    async NarrativeRecorded(event, batch) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      await batch.audit(auditId);
      batch.narrative({ auditId, section: data.string('section'), question: data.string('question'), text: data.string('text') });
    },

    async GradeSet(event, batch) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      const section = data.string('section');
      const to = data.grade('to');
      await batch.changeAudit(auditId, (audit) => {
        if (section !== OVERALL) return;
        audit.initialGrade = to;
        audit.currentGrade = to;
      });
      // Only the auditor's column is named, so an upsert never clears the moderator's grade.
      await batch.setSectionGrade(auditId, section, 'auditorGrade', to);
    },

    async AuditSubmitted(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
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

    async AuditReturnedForRectification(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.status = 'RETURNED';
        audit.rectifyBy = data.optionalDate('rectifyBy');
      });
    },

    async AuditReallocated(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.auditorId = data.string('auditorId');
        audit.moderatorId = data.string('moderatorId');
      });
    },

    async ModerationChanged(event, batch) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      const section = data.string('section');
      const to = data.grade('to');
      await batch.changeAudit(auditId, (audit) => {
        if (section === OVERALL) audit.currentGrade = to;
      });
      await batch.setSectionGrade(auditId, section, 'moderatorGrade', to);
    },

    async ModerationCompleted(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.status = 'MODERATED';
        // AUD-10: outside the moderation sample the auditor's grade stands, and nobody moderated it.
        const moderated = data.optionalBoolean('moderated') !== false;
        if (!moderated && data.optionalString('sampleId')) audit.moderationSample = 'OUTSIDE_SAMPLE';
        audit.moderatedGrade = moderated ? data.grade('moderatedGrade') : null;
        audit.currentGrade = data.grade('moderatedGrade');
        audit.moderatedOn = data.date('completedOn');
        // The decider dates these on the working calendar; events from before those fields lack them.
        audit.uoppDue = data.optionalDate('uoppDue');
        audit.urgentIssuesDue = data.optionalDate('urgentIssuesDue');
        if (data.optionalBoolean('reauditRequired')) audit.reauditRequired = true;
      });
    },

    // AFT-5: shown on the audit whose work the dip audit found still below Good.
    async ReferredToCoordinatorLead(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('originalAuditId'), (audit) => {
        audit.referredToCoordinatorLeadOn = data.date('referredOn');
        audit.referredByDipAuditId = data.string('auditId');
      });
    },

    async ChosenForModeration(event, batch) {
      await batch.changeAudit(EventData.of(event).string('auditId'), (audit) => {
        audit.moderationSample = 'IN_SAMPLE';
      });
    },

    async UoPPHeld(event, batch) {
      const data = EventData.of(event);
      const meeting = uoppMeeting(data);
      const revisedGrade = data.optionalGrade('revisedGrade');
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.followUpUoppDue = followUpUoppDueAfter(audit, meeting);
        audit.uoppHeld = true;
        audit.uoppCount += 1;
        const chairId = data.string('chairId');
        if (!audit.uoppChairIds.includes(chairId)) audit.uoppChairIds = [...audit.uoppChairIds, chairId];
        if (revisedGrade) audit.currentGrade = revisedGrade;
      });
    },

    async ReauditDue(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.reauditRequired = true;
        audit.dipAuditDue = data.date('dueOn');
        audit.escalateIfNotImprovedBy = data.optionalDate('escalateIfNotImprovedBy') ?? audit.escalateIfNotImprovedBy;
      });
    },

    async FamilyFeedbackRecorded(event, batch) {
      const data = EventData.of(event);
      const rating = data.present('rating') && (event.data as { rating: unknown }).rating !== null ? data.integer('rating') : null;
      const answer = (key: string) => (data.optionalString(key) as Answer | null) ?? null;
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.familyFeedback = {
          rating,
          couldHaveTheirSay: answer('couldHaveTheirSay'),
          ableToAccessSupport: answer('ableToAccessSupport'),
          comments: data.optionalString('comments'),
          notCompletedReason: data.optionalString('notCompletedReason'),
          recordedById: data.string('recordedById'),
          recordedOn: data.date('recordedOn'),
        };
      });
    },

    async PractitionerFeedbackRecorded(event, batch) {
      const data = EventData.of(event);
      const given = (event.data as { answers?: unknown }).answers;
      const answers = Array.isArray(given)
        ? given.map((a) => {
            if (!a || typeof a !== 'object' || typeof (a as { question?: unknown }).question !== 'string' || typeof (a as { text?: unknown }).text !== 'string') {
              throw new MalformedEventError('field "answers" must be a list of { question, text }');
            }
            return { question: (a as { question: string }).question, text: (a as { text: string }).text };
          })
        : [];
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.practitionerFeedback = {
          answers,
          comments: data.optionalString('comments'),
          notCompletedReason: data.optionalString('notCompletedReason'),
          recordedById: data.string('recordedById'),
          recordedOn: data.date('recordedOn'),
        };
      });
    },

    async CollaborativeDiscussionRecorded(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.collaborativeDiscussionOn = data.date('discussedOn');
        audit.collaborativeDiscussionWithIds = data.strings('withIds');
      });
    },

    async SectionMarkedNotApplicable(event, batch) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      await batch.audit(auditId);
      await batch.setSectionGrade(auditId, data.string('section'), 'auditorGrade', null, data.string('reason'));
    },

    /** AFT-1/AFT-2: the follow-ups as they stand after a dispute decision or UoPP changed the grade. */
    async FollowUpsRevised(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.reauditRequired = data.optionalBoolean('reauditRequired') ?? false;
        audit.dipAuditDue = data.optionalDate('dipAuditDue');
        audit.escalateIfNotImprovedBy = data.optionalDate('escalateIfNotImprovedBy');
        audit.urgentIssuesDue = data.optionalDate('urgentIssuesDue');
        audit.uoppDue = data.optionalDate('uoppDue');
        audit.followUpUoppDue = data.optionalDate('followUpUoppDue');
      });
    },

    async EscalatedToDivisionalDirector(event, batch) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      await batch.audit(auditId);
      batch.escalation({
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
    async DisputeResolved(event, batch) {
      const data = EventData.of(event);
      const section = data.string('section');
      const to = data.grade('to');
      await batch.changeAudit(data.string('auditId'), (audit) => {
        if (section === OVERALL) audit.currentGrade = to;
      });
    },

    async UrgentIssuesAddressed(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.urgentIssuesAddressedOn = data.date('addressedOn');
        audit.urgentIssuesAddressedById = data.string('addressedById');
        audit.urgentIssuesSummary = data.string('summary');
      });
    },

    async AuditInvalidated(event, batch) {
      const data = EventData.of(event);
      await batch.changeAudit(data.string('auditId'), (audit) => {
        audit.status = 'INVALIDATED';
      });
    },
  },
});
