import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { OVERALL } from '../../src/shared/domain-types.js';
import { defineBatchProjection, idsIn } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { followUpUoppDueAfter } from '../../src/shared/deadlines.js';
import { uoppMeeting } from '../shared/uopp-meeting.js';
import { RowCache } from '../runner/row-cache.js';
import { auditKind } from '../tracker/tracker-row.entity.js';
import { BoardReportActionEntity, BoardReportAuditEntity, BoardReportCycleEntity } from './board-report.entities.js';

/**
 * One batch of events applied to the board report's tables: the cycles, audits and actions it
 * touches held in memory (RowCache) and written back together at the end of the batch.
 */
class BoardReportBatch {
  readonly cycles: RowCache<BoardReportCycleEntity>;
  readonly audits: RowCache<BoardReportAuditEntity>;
  readonly actions: RowCache<BoardReportActionEntity>;

  constructor(manager: EntityManager) {
    this.cycles = new RowCache(manager, BoardReportCycleEntity, 'cycleId');
    this.audits = new RowCache(manager, BoardReportAuditEntity, 'auditId');
    this.actions = new RowCache(manager, BoardReportActionEntity, 'actionId');
  }

  async preload(events: readonly RecordedEvent[]): Promise<void> {
    const ids = (key: string) => idsIn(events, key);
    await this.cycles.preload(ids('cycleId'));
    await this.audits.preload(ids('auditId'));
    await this.actions.preload(ids('actionId'));
  }

  async flush(): Promise<void> {
    await this.cycles.flush();
    await this.audits.flush();
    await this.actions.flush();
  }

  async changeAudit(auditId: string, change: (audit: BoardReportAuditEntity) => void): Promise<void> {
    const audit = await this.audits.get(auditId);
    if (!audit) throw new MalformedEventError(`audit ${auditId} was never allocated`);
    change(audit);
    this.audits.changed(audit);
  }

  async changeCycle(cycleId: string, change: Partial<BoardReportCycleEntity>): Promise<void> {
    const cycle = await this.cycles.get(cycleId);
    if (!cycle) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
    Object.assign(cycle, change);
    this.cycles.changed(cycle);
  }
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

const handlers: Record<string, (event: RecordedEvent, batch: BoardReportBatch) => Promise<void>> = {
  async CycleScheduled(event, batch) {
    const data = EventData.of(event);
    const cycleId = data.string('cycleId');
    if (await batch.cycles.get(cycleId)) throw new MalformedEventError(`cycle ${cycleId} is already scheduled`);
    batch.cycles.add({
      cycleId,
      name: data.string('name'),
      service: data.string('service'),
      month: data.string('month'),
      kloes: data.strings('kloes'),
      keyPracticePoints: [],
      keyPracticePointsPublishedOn: null,
      keyPracticePointsPublishedById: null,
    });
  },

  async KloesAgreed(event, batch) {
    const data = EventData.of(event);
    await batch.changeCycle(data.string('cycleId'), { kloes: data.strings('kloes') });
  },

  async KeyPracticePointsPublished(event, batch) {
    const data = EventData.of(event);
    await batch.changeCycle(data.string('cycleId'), {
      keyPracticePoints: data.strings('points'),
      keyPracticePointsPublishedOn: data.date('publishedOn'),
      keyPracticePointsPublishedById: data.string('publishedById'),
    });
  },

  async AuditAllocated(event, batch) {
    const data = EventData.of(event);
    const reauditOfAuditId = data.optionalString('reauditOfAuditId') || null;
    const auditId = data.string('auditId');
    if (await batch.audits.get(auditId)) throw new MalformedEventError(`audit ${auditId} is already allocated`);
    batch.audits.add({
      auditId,
      cycleId: data.string('cycleId'),
      kind: auditKind(reauditOfAuditId, data.string('templateId')),
      allocatedPosition: event.position,
      reauditOfAuditId,
      auditorId: data.string('auditorId'),
      status: 'ALLOCATED',
      initialGrade: null,
      moderatedGrade: null,
      moderated: true,
      currentGrade: null,
      moderatedOn: null,
      uoppDue: null,
      uoppHeldOn: null,
      followUpUoppDue: null,
      followUpUoppHeldOn: null,
      urgentIssuesDue: null,
      urgentIssuesAddressedOn: null,
      uoppCount: 0,
      dipAuditDue: null,
      familyFeedbackRecorded: false,
      familyRating: null,
      familyCouldHaveTheirSay: null,
      familyAbleToAccessSupport: null,
      ...caseFacts(event),
    });
  },

  async AuditSubmitted(event, batch) {
    const data = EventData.of(event);
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.status = 'SUBMITTED';
      audit.initialGrade = data.grade('overallGrade');
      audit.currentGrade = audit.initialGrade;
    });
  },

  async AuditReturnedForRectification(event, batch) {
    const data = EventData.of(event);
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.status = 'RETURNED';
    });
  },

  async AuditReallocated(event, batch) {
    const data = EventData.of(event);
    const auditorId = data.string('auditorId');
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.auditorId = auditorId;
    });
  },

  async ModerationChanged(event, batch) {
    const data = EventData.of(event);
    if (data.string('section') !== OVERALL) return;
    const to = data.grade('to');
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.currentGrade = to;
    });
  },

  async ModerationCompleted(event, batch) {
    const data = EventData.of(event);
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.status = 'MODERATED';
      audit.moderatedGrade = data.grade('moderatedGrade');
      audit.moderated = data.optionalBoolean('moderated') !== false;
      audit.currentGrade = audit.moderatedGrade;
      audit.moderatedOn = data.date('completedOn');
      audit.uoppDue = data.optionalDate('uoppDue');
      audit.urgentIssuesDue = data.optionalDate('urgentIssuesDue');
    });
  },

  async UrgentIssuesAddressed(event, batch) {
    const data = EventData.of(event);
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.urgentIssuesAddressedOn = data.date('addressedOn');
    });
  },

  async UoPPHeld(event, batch) {
    const data = EventData.of(event);
    const meeting = uoppMeeting(data);
    const revisedGrade = data.optionalGrade('revisedGrade');
    await batch.changeAudit(data.string('auditId'), (audit) => {
      const first = meeting.meeting ? meeting.meeting === 'INITIAL' : audit.uoppCount === 0;
      audit.followUpUoppDue = followUpUoppDueAfter(audit, meeting);
      if (first) audit.uoppHeldOn ??= meeting.heldOn;
      else audit.followUpUoppHeldOn ??= meeting.heldOn;
      audit.uoppCount += 1;
      if (revisedGrade) audit.currentGrade = revisedGrade;
    });
  },

  async ReauditDue(event, batch) {
    const data = EventData.of(event);
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.dipAuditDue = data.date('dueOn');
    });
  },

  /** AFT-1/AFT-2: the follow-ups as they stand after a dispute decision or UoPP changed the grade. */
  async FollowUpsRevised(event, batch) {
    const data = EventData.of(event);
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.dipAuditDue = data.optionalDate('dipAuditDue');
      audit.urgentIssuesDue = data.optionalDate('urgentIssuesDue');
      audit.uoppDue = data.optionalDate('uoppDue');
      audit.followUpUoppDue = data.optionalDate('followUpUoppDue');
    });
  },

  async DisputeResolved(event, batch) {
    const data = EventData.of(event);
    if (data.string('section') !== OVERALL) return;
    const to = data.grade('to');
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.currentGrade = to;
    });
  },

  async AuditInvalidated(event, batch) {
    const data = EventData.of(event);
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.status = 'INVALIDATED';
    });
  },

  /** The latest feedback recorded for the audit stands. */
  async FamilyFeedbackRecorded(event, batch) {
    const data = EventData.of(event);
    const rating = data.present('rating') && (event.data as Record<string, unknown>).rating !== null ? data.integer('rating') : null;
    if (rating !== null && (rating < 1 || rating > 5)) throw new MalformedEventError(`field "rating" must be 1 to 5, got ${rating}`);
    await batch.changeAudit(data.string('auditId'), (audit) => {
      audit.familyFeedbackRecorded = true;
      audit.familyRating = rating;
      audit.familyCouldHaveTheirSay = data.optionalString('couldHaveTheirSay');
      audit.familyAbleToAccessSupport = data.optionalString('ableToAccessSupport');
    });
  },

  async ActionAgreed(event, batch) {
    const data = EventData.of(event);
    const auditId = data.string('auditId');
    const audit = await batch.audits.get(auditId);
    if (!audit) throw new MalformedEventError(`audit ${auditId} was never allocated`);
    const actionId = data.string('actionId');
    if (await batch.actions.get(actionId)) throw new MalformedEventError(`action ${actionId} is already agreed`);
    batch.actions.add({
      actionId,
      auditId,
      cycleId: audit.cycleId,
      dueOn: data.date('dueOn'),
      status: 'OPEN',
      closedOn: null,
    });
  },

  async ActionCompleted(event, batch) {
    const data = EventData.of(event);
    await closeAction(batch, data.string('actionId'), 'DONE', data.date('completedOn'));
  },

  async ActionDropped(event, batch) {
    const data = EventData.of(event);
    await closeAction(batch, data.string('actionId'), 'DROPPED', data.date('droppedOn'));
  },
};

/**
 * What the board report is worked out from (src/reports/): per cycle its service, month, KLOEs and
 * key practice points; per audit its grades, UoPP dates, follow-ups, family feedback and equality
 * facts; per action its status and dates.
 */
export const boardReportProjection = defineBatchProjection({
  name: 'board-report',
  // 2: the urgent issues of Inadequate work.
  version: 3,
  entities: [BoardReportCycleEntity, BoardReportAuditEntity, BoardReportActionEntity],
  begin: async (manager, events) => {
    const batch = new BoardReportBatch(manager);
    await batch.preload(events);
    return batch;
  },
  handlers,
});

async function closeAction(batch: BoardReportBatch, actionId: string, status: 'DONE' | 'DROPPED', closedOn: string): Promise<void> {
  const action = await batch.actions.get(actionId);
  if (!action) throw new MalformedEventError(`action ${actionId} was never agreed`);
  Object.assign(action, { status, closedOn });
  batch.actions.changed(action);
}
