import type { EntityManager } from 'typeorm';
import { OVERALL } from '../../src/shared/domain-types.js';
import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { followUpUoppDueAfter, nextDeadline, uoppMeeting } from '../shared/audit-deadlines.js';
import { TrackerCycleDeadlineEntity, TrackerStaffNameEntity, TrackerTeamNameEntity } from './tracker-lookup.entities.js';
import { TrackerRowEntity } from './tracker-row.entity.js';

/** Loads a tracker row, lets `change` edit it, recomputes the next deadline and saves it. */
async function changeRow(manager: EntityManager, auditId: string, change: (row: TrackerRowEntity) => void): Promise<void> {
  const row = await manager.findOneBy(TrackerRowEntity, { auditId });
  if (!row) throw new MalformedEventError(`audit ${auditId} was never allocated`);
  change(row);
  row.nextDeadline = nextDeadline(row);
  await manager.save(TrackerRowEntity, row);
}

async function staffName(manager: EntityManager, id: string): Promise<string> {
  return (await manager.findOneBy(TrackerStaffNameEntity, { id }))?.name ?? '';
}

/** The audit team's tracker: one row per audit with names, grades, UoPP, re-audit and the next deadline. */
export const trackerProjection = defineProjection({
  name: 'tracker',
  version: 1,
  entities: [TrackerRowEntity, TrackerStaffNameEntity, TrackerTeamNameEntity, TrackerCycleDeadlineEntity],
  handlers: {
    async TeamRegistered(event, manager) {
      const data = EventData.of(event);
      const id = data.string('teamId');
      const name = data.string('name');
      await manager.upsert(TrackerTeamNameEntity, { id, name }, { conflictPaths: ['id'] });
      // Rows allocated before the team was known (or under an older name) catch up here.
      await manager.update(TrackerRowEntity, { teamId: id }, { team: name });
    },

    async StaffRegistered(event, manager) {
      const data = EventData.of(event);
      const id = data.string('staffId');
      const name = data.string('name');
      await manager.upsert(TrackerStaffNameEntity, { id, name }, { conflictPaths: ['id'] });
      await manager.update(TrackerRowEntity, { practitionerId: id }, { practitioner: name });
      await manager.update(TrackerRowEntity, { auditorId: id }, { auditor: name });
      await manager.update(TrackerRowEntity, { moderatorId: id }, { moderator: name });
    },

    async CycleScheduled(event, manager) {
      const data = EventData.of(event);
      await manager.upsert(
        TrackerCycleDeadlineEntity,
        { cycleId: data.string('cycleId'), moderationDue: data.date('moderationDue') },
        { conflictPaths: ['cycleId'] },
      );
    },

    async AuditAllocated(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const teamId = data.string('teamId');
      const practitionerId = data.string('practitionerId');
      const auditorId = data.string('auditorId');
      const moderatorId = data.string('moderatorId');
      const cycle = await manager.findOneBy(TrackerCycleDeadlineEntity, { cycleId });
      const row: Omit<TrackerRowEntity, 'nextDeadline'> = {
        auditId: data.string('auditId'),
        cycleId,
        caseRef: data.string('caseRef'),
        teamId,
        practitionerId,
        auditorId,
        moderatorId,
        practitioner: await staffName(manager, practitionerId),
        team: (await manager.findOneBy(TrackerTeamNameEntity, { id: teamId }))?.name ?? '',
        auditor: await staffName(manager, auditorId),
        moderator: await staffName(manager, moderatorId),
        initialGrade: null,
        moderatedGrade: null,
        actions: 0,
        uoppHeld: false,
        uoppCount: 0,
        reauditRequired: false,
        status: 'ALLOCATED',
        moderationDue: cycle?.moderationDue ?? null,
        rectifyBy: null,
        uoppDue: null,
        followUpUoppDue: null,
        dipAuditDue: null,
      };
      await manager.insert(TrackerRowEntity, { ...row, nextDeadline: nextDeadline(row) });
    },

    async GradeSet(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      const to = data.grade('to');
      // Section grades are not on the tracker; only the overall one is.
      if (data.string('section') !== OVERALL) return;
      await changeRow(manager, auditId, (row) => {
        row.initialGrade = to;
      });
    },

    async AuditSubmitted(event, manager) {
      const data = EventData.of(event);
      await changeRow(manager, data.string('auditId'), (row) => {
        row.status = 'SUBMITTED';
        row.initialGrade = data.grade('overallGrade');
        row.moderationDue = data.date('moderationDue');
        row.rectifyBy = null;
      });
    },

    async AuditReturnedForRectification(event, manager) {
      const data = EventData.of(event);
      await changeRow(manager, data.string('auditId'), (row) => {
        row.status = 'RETURNED';
        row.rectifyBy = data.optionalDate('rectifyBy');
      });
    },

    async AuditReallocated(event, manager) {
      const data = EventData.of(event);
      const auditorId = data.string('auditorId');
      const moderatorId = data.string('moderatorId');
      const auditor = await staffName(manager, auditorId);
      const moderator = await staffName(manager, moderatorId);
      await changeRow(manager, data.string('auditId'), (row) => {
        Object.assign(row, { auditorId, auditor, moderatorId, moderator });
      });
    },

    async ModerationCompleted(event, manager) {
      const data = EventData.of(event);
      await changeRow(manager, data.string('auditId'), (row) => {
        row.status = 'MODERATED';
        row.moderatedGrade = data.grade('moderatedGrade');
        row.uoppDue = data.optionalDate('uoppDue');
        if (data.optionalBoolean('reauditRequired')) row.reauditRequired = true;
      });
    },

    async UoPPHeld(event, manager) {
      const data = EventData.of(event);
      const meeting = uoppMeeting(data);
      await changeRow(manager, data.string('auditId'), (row) => {
        row.followUpUoppDue = followUpUoppDueAfter(row, meeting);
        row.uoppHeld = true;
        row.uoppCount += 1;
      });
    },

    async ReauditDue(event, manager) {
      const data = EventData.of(event);
      await changeRow(manager, data.string('auditId'), (row) => {
        row.reauditRequired = true;
        row.dipAuditDue = data.date('dueOn');
      });
    },

    async ActionAgreed(event, manager) {
      const data = EventData.of(event);
      await changeRow(manager, data.string('auditId'), (row) => {
        row.actions += 1;
      });
    },

    async AuditInvalidated(event, manager) {
      const data = EventData.of(event);
      await changeRow(manager, data.string('auditId'), (row) => {
        row.status = 'INVALIDATED';
      });
    },
  },
});
