import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { OVERALL, type Grade, type GradeSource } from '../../src/shared/domain-types.js';
import { defineBatchProjection, idsIn } from '../runner/projection.js';
import { EventData, occurredAt } from '../runner/event-data.js';
import { RowCache, writeRows } from '../runner/row-cache.js';
import { GradeChangeEntity } from './grade-change.entity.js';
import { GradeHistoryAuditEntity } from './grade-history-audit.entity.js';

interface Change {
  auditId: string;
  section: string;
  source: GradeSource;
  from: Grade | null;
  to: Grade;
  rationale: string;
  changedById: string;
}

/** A batch's grade changes, collected and inserted together at its end. */
class GradeHistoryBatch {
  readonly audits: RowCache<GradeHistoryAuditEntity>;
  readonly changes: GradeChangeEntity[] = [];

  constructor(private readonly manager: EntityManager) {
    this.audits = new RowCache(manager, GradeHistoryAuditEntity, 'auditId');
  }

  async record(event: RecordedEvent, change: Change): Promise<void> {
    const audit = await this.audits.get(change.auditId);
    this.changes.push({
      eventId: event.id,
      ...change,
      cycleId: audit?.cycleId ?? null,
      teamId: audit?.teamId ?? null,
      changedAt: occurredAt(event),
      position: event.position,
    });
  }

  async flush(): Promise<void> {
    await this.audits.flush();
    // A plain insert: the event id is the key, so applying an event twice could never pass unnoticed.
    await writeRows(this.manager, GradeChangeEntity, this.changes, 'insert');
  }
}

const handlers: Record<string, (event: RecordedEvent, batch: GradeHistoryBatch) => Promise<void>> = {
  async AuditAllocated(event, batch) {
    const data = EventData.of(event);
    const audit = { auditId: data.string('auditId'), cycleId: data.string('cycleId'), teamId: data.string('teamId') };
    await batch.audits.put(audit);
  },

  async GradeSet(event, batch) {
    const data = EventData.of(event);
    await batch.record(event, {
      auditId: data.string('auditId'),
      section: data.string('section'),
      source: 'AUDITOR',
      from: data.optionalGrade('from'),
      to: data.grade('to'),
      rationale: data.string('rationale'),
      changedById: data.string('auditorId'),
    });
  },

  async ModerationChanged(event, batch) {
    const data = EventData.of(event);
    await batch.record(event, {
      auditId: data.string('auditId'),
      section: data.string('section'),
      source: 'MODERATOR',
      from: data.optionalGrade('from'),
      to: data.grade('to'),
      rationale: data.string('rationale'),
      changedById: data.string('moderatorId'),
    });
  },

  async UoPPHeld(event, batch) {
    const data = EventData.of(event);
    const revisedGrade = data.optionalGrade('revisedGrade');
    // A meeting that keeps the grade is not a grade change.
    if (!revisedGrade) return;
    await batch.record(event, {
      auditId: data.string('auditId'),
      section: OVERALL,
      source: 'UOPP',
      from: data.grade('from'),
      to: revisedGrade,
      rationale: data.string('rationale'),
      changedById: data.string('chairId'),
    });
  },

  /** The head of service's or audit team's final decision on an unresolved moderation dispute. */
  async DisputeResolved(event, batch) {
    const data = EventData.of(event);
    await batch.record(event, {
      auditId: data.string('auditId'),
      section: data.string('section'),
      source: 'DISPUTE',
      from: data.grade('from'),
      to: data.grade('to'),
      rationale: data.string('rationale'),
      changedById: data.string('decidedById'),
    });
  },
};

/** Every grade ever given (auditor, moderator, UoPP, dispute): `gradeHistory` and `gradeChanges`. */
export const gradeHistoryProjection = defineBatchProjection({
  name: 'grade-history',
  version: 1,
  entities: [GradeChangeEntity, GradeHistoryAuditEntity],
  begin: async (manager, events) => {
    const batch = new GradeHistoryBatch(manager);
    await batch.audits.preload(idsIn(events, 'auditId'));
    return batch;
  },
  handlers,
});
