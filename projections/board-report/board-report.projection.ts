import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { OVERALL } from '../../src/shared/domain-types.js';
import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { followUpUoppDueAfter, uoppMeeting } from '../shared/audit-deadlines.js';
import { auditKind } from '../tracker/tracker-row.entity.js';
import { BoardReportActionEntity, BoardReportAuditEntity, BoardReportCycleEntity } from './board-report.entities.js';

async function changeAudit(manager: EntityManager, auditId: string, change: (audit: BoardReportAuditEntity) => void): Promise<void> {
  const audit = await manager.findOneBy(BoardReportAuditEntity, { auditId });
  if (!audit) throw new MalformedEventError(`audit ${auditId} was never allocated`);
  change(audit);
  await manager.update(BoardReportAuditEntity, { auditId }, audit);
}

async function changeCycle(manager: EntityManager, cycleId: string, change: Partial<BoardReportCycleEntity>): Promise<void> {
  const result = await manager.update(BoardReportCycleEntity, { cycleId }, change);
  if (!result.affected) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
}

/** The case facts at allocation were added to AuditAllocated later: older events lack them. */
function caseFacts(event: RecordedEvent): { ethnicity: string | null; childAge: number | null } {
  const data = event.data as Record<string, unknown>;
  const { ethnicity, childAge } = data;
  if (ethnicity !== undefined && ethnicity !== null && typeof ethnicity !== 'string') {
    throw new MalformedEventError(`field "ethnicity" must be a string or null, got ${JSON.stringify(ethnicity)}`);
  }
  if (childAge !== undefined && childAge !== null && !(typeof childAge === 'number' && Number.isInteger(childAge) && childAge >= 0)) {
    throw new MalformedEventError(`field "childAge" must be a whole number of years or null, got ${JSON.stringify(childAge)}`);
  }
  return { ethnicity: typeof ethnicity === 'string' && ethnicity.trim() !== '' ? ethnicity.trim() : null, childAge: childAge ?? null };
}

/**
 * What the board report is worked out from (src/reports/): per cycle its service, month, KLOEs and
 * key practice points; per audit its grades, UoPP dates, follow-ups, family feedback and equality
 * facts; per action its status and dates.
 */
export const boardReportProjection = defineProjection({
  name: 'board-report',
  version: 1,
  entities: [BoardReportCycleEntity, BoardReportAuditEntity, BoardReportActionEntity],
  handlers: {
    async CycleScheduled(event, manager) {
      const data = EventData.of(event);
      await manager.insert(BoardReportCycleEntity, {
        cycleId: data.string('cycleId'),
        name: data.string('name'),
        service: data.string('service'),
        month: data.string('month'),
        kloes: data.strings('kloes'),
        keyPracticePoints: [],
        keyPracticePointsPublishedOn: null,
        keyPracticePointsPublishedById: null,
      });
    },

    async KloesAgreed(event, manager) {
      const data = EventData.of(event);
      await changeCycle(manager, data.string('cycleId'), { kloes: data.strings('kloes') });
    },

    async KeyPracticePointsPublished(event, manager) {
      const data = EventData.of(event);
      await changeCycle(manager, data.string('cycleId'), {
        keyPracticePoints: data.strings('points'),
        keyPracticePointsPublishedOn: data.date('publishedOn'),
        keyPracticePointsPublishedById: data.string('publishedById'),
      });
    },

    async AuditAllocated(event, manager) {
      const data = EventData.of(event);
      const reauditOfAuditId = data.optionalString('reauditOfAuditId') || null;
      await manager.insert(BoardReportAuditEntity, {
        auditId: data.string('auditId'),
        cycleId: data.string('cycleId'),
        kind: auditKind(reauditOfAuditId, data.string('templateId')),
        allocatedPosition: event.position,
        reauditOfAuditId,
        auditorId: data.string('auditorId'),
        status: 'ALLOCATED',
        initialGrade: null,
        moderatedGrade: null,
        currentGrade: null,
        moderatedOn: null,
        uoppDue: null,
        uoppHeldOn: null,
        followUpUoppDue: null,
        followUpUoppHeldOn: null,
        uoppCount: 0,
        dipAuditDue: null,
        familyFeedbackRecorded: false,
        familyRating: null,
        familyCouldHaveTheirSay: null,
        familyAbleToAccessSupport: null,
        ...caseFacts(event),
      });
    },

    async AuditSubmitted(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.status = 'SUBMITTED';
        audit.initialGrade = data.grade('overallGrade');
        audit.currentGrade = audit.initialGrade;
      });
    },

    async AuditReturnedForRectification(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.status = 'RETURNED';
      });
    },

    async AuditReallocated(event, manager) {
      const data = EventData.of(event);
      const auditorId = data.string('auditorId');
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.auditorId = auditorId;
      });
    },

    async ModerationChanged(event, manager) {
      const data = EventData.of(event);
      if (data.string('section') !== OVERALL) return;
      const to = data.grade('to');
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.currentGrade = to;
      });
    },

    async ModerationCompleted(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.status = 'MODERATED';
        audit.moderatedGrade = data.grade('moderatedGrade');
        audit.currentGrade = audit.moderatedGrade;
        audit.moderatedOn = data.date('completedOn');
        audit.uoppDue = data.optionalDate('uoppDue');
      });
    },

    async UoPPHeld(event, manager) {
      const data = EventData.of(event);
      const meeting = uoppMeeting(data);
      const revisedGrade = data.optionalGrade('revisedGrade');
      await changeAudit(manager, data.string('auditId'), (audit) => {
        const first = meeting.meeting ? meeting.meeting === 'INITIAL' : audit.uoppCount === 0;
        audit.followUpUoppDue = followUpUoppDueAfter(audit, meeting);
        if (first) audit.uoppHeldOn ??= meeting.heldOn;
        else audit.followUpUoppHeldOn ??= meeting.heldOn;
        audit.uoppCount += 1;
        if (revisedGrade) audit.currentGrade = revisedGrade;
      });
    },

    async ReauditDue(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.dipAuditDue = data.date('dueOn');
      });
    },

    async DisputeResolved(event, manager) {
      const data = EventData.of(event);
      if (data.string('section') !== OVERALL) return;
      const to = data.grade('to');
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.currentGrade = to;
      });
    },

    async AuditInvalidated(event, manager) {
      const data = EventData.of(event);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.status = 'INVALIDATED';
      });
    },

    /** The latest feedback recorded for the audit stands. */
    async FamilyFeedbackRecorded(event, manager) {
      const data = EventData.of(event);
      const rating = data.present('rating') && (event.data as Record<string, unknown>).rating !== null ? data.integer('rating') : null;
      if (rating !== null && (rating < 1 || rating > 5)) throw new MalformedEventError(`field "rating" must be 1 to 5, got ${rating}`);
      await changeAudit(manager, data.string('auditId'), (audit) => {
        audit.familyFeedbackRecorded = true;
        audit.familyRating = rating;
        audit.familyCouldHaveTheirSay = data.optionalString('couldHaveTheirSay');
        audit.familyAbleToAccessSupport = data.optionalString('ableToAccessSupport');
      });
    },

    async ActionAgreed(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      const audit = await manager.findOneBy(BoardReportAuditEntity, { auditId });
      if (!audit) throw new MalformedEventError(`audit ${auditId} was never allocated`);
      await manager.insert(BoardReportActionEntity, {
        actionId: data.string('actionId'),
        auditId,
        cycleId: audit.cycleId,
        dueOn: data.date('dueOn'),
        status: 'OPEN',
        closedOn: null,
      });
    },

    async ActionCompleted(event, manager) {
      const data = EventData.of(event);
      await closeAction(manager, data.string('actionId'), 'DONE', data.date('completedOn'));
    },

    async ActionDropped(event, manager) {
      const data = EventData.of(event);
      await closeAction(manager, data.string('actionId'), 'DROPPED', data.date('droppedOn'));
    },
  },
});

async function closeAction(manager: EntityManager, actionId: string, status: 'DONE' | 'DROPPED', closedOn: string): Promise<void> {
  const result = await manager.update(BoardReportActionEntity, { actionId }, { status, closedOn });
  if (!result.affected) throw new MalformedEventError(`action ${actionId} was never agreed`);
}
