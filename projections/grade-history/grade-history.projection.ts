import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { OVERALL, type Grade, type GradeSource } from '../../src/shared/domain-types.js';
import { defineProjection } from '../runner/projection.js';
import { EventData, occurredAt } from '../runner/event-data.js';
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

async function record(manager: EntityManager, event: RecordedEvent, change: Change): Promise<void> {
  const audit = await manager.findOneBy(GradeHistoryAuditEntity, { auditId: change.auditId });
  // A plain insert: the event id is the key, so applying an event twice could never pass unnoticed.
  await manager.insert(GradeChangeEntity, {
    eventId: event.id,
    ...change,
    cycleId: audit?.cycleId ?? null,
    teamId: audit?.teamId ?? null,
    changedAt: occurredAt(event),
    position: event.position,
  });
}

/** Every grade ever given (auditor, moderator, UoPP, dispute): `gradeHistory` and `gradeChanges`. */
export const gradeHistoryProjection = defineProjection({
  name: 'grade-history',
  version: 1,
  entities: [GradeChangeEntity, GradeHistoryAuditEntity],
  handlers: {
    async AuditAllocated(event, manager) {
      const data = EventData.of(event);
      await manager.upsert(
        GradeHistoryAuditEntity,
        { auditId: data.string('auditId'), cycleId: data.string('cycleId'), teamId: data.string('teamId') },
        { conflictPaths: ['auditId'] },
      );
    },

    async GradeSet(event, manager) {
      const data = EventData.of(event);
      await record(manager, event, {
        auditId: data.string('auditId'),
        section: data.string('section'),
        source: 'AUDITOR',
        from: data.optionalGrade('from'),
        to: data.grade('to'),
        rationale: data.string('rationale'),
        changedById: data.string('auditorId'),
      });
    },

    async ModerationChanged(event, manager) {
      const data = EventData.of(event);
      await record(manager, event, {
        auditId: data.string('auditId'),
        section: data.string('section'),
        source: 'MODERATOR',
        from: data.optionalGrade('from'),
        to: data.grade('to'),
        rationale: data.string('rationale'),
        changedById: data.string('moderatorId'),
      });
    },

    async UoPPHeld(event, manager) {
      const data = EventData.of(event);
      const revisedGrade = data.optionalGrade('revisedGrade');
      // A meeting that keeps the grade is not a grade change.
      if (!revisedGrade) return;
      await record(manager, event, {
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
    async DisputeResolved(event, manager) {
      const data = EventData.of(event);
      await record(manager, event, {
        auditId: data.string('auditId'),
        section: data.string('section'),
        source: 'DISPUTE',
        from: data.grade('from'),
        to: data.grade('to'),
        rationale: data.string('rationale'),
        changedById: data.string('decidedById'),
      });
    },
  },
});
