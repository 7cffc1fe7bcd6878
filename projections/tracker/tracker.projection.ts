import type { EntityManager } from 'typeorm';
import { OVERALL, type LocalDate } from '../../src/shared/domain-types.js';
import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { followUpUoppDueAfter, uoppMeeting } from '../shared/audit-deadlines.js';
import { TrackerActionEntity, TrackerCycleDeadlineEntity, TrackerStaffNameEntity, TrackerTeamNameEntity } from './tracker-lookup.entities.js';
import { nextDeadline } from './tracker-deadlines.js';
import { TrackerRowEntity, auditKind } from './tracker-row.entity.js';

/** Loads a tracker row, lets `change` edit it, recomputes the next deadline and writes it back. */
async function changeRow(manager: EntityManager, auditId: string, change: (row: TrackerRowEntity) => void): Promise<TrackerRowEntity> {
  const row = await manager.findOneBy(TrackerRowEntity, { auditId });
  if (!row) throw new MalformedEventError(`audit ${auditId} was never allocated`);
  change(row);
  row.nextDeadline = nextDeadline(row);
  // One UPDATE of the whole row; save() would read it again first.
  await manager.update(TrackerRowEntity, { auditId }, row);
  return row;
}

async function staffName(manager: EntityManager, id: string): Promise<string> {
  return (await manager.findOneBy(TrackerStaffNameEntity, { id }))?.name ?? '';
}

/**
 * A dip audit's progress decides whether the original work's dip audit deadline is met: it is met
 * on the day a dip audit of it was first submitted, as long as that dip audit still stands
 * (submitted or moderated; not back with its auditor, not invalidated).
 */
async function refreshDipAuditDone(manager: EntityManager, dip: TrackerRowEntity): Promise<void> {
  if (dip.kind !== 'DIP_AUDIT' || dip.reauditOfAuditId === null) return;
  const originalId = dip.reauditOfAuditId;
  const [{ done }]: Array<{ done: LocalDate | null }> = await manager.query(
    `SELECT to_char(min(submitted_on), 'YYYY-MM-DD') AS done FROM tracker_rows
      WHERE reaudit_of_audit_id = $1 AND kind = 'DIP_AUDIT' AND status IN ('SUBMITTED', 'MODERATED')`,
    [originalId],
  );
  // The decider allocates a dip audit only of moderated work, so the original is always there.
  if (!(await manager.existsBy(TrackerRowEntity, { auditId: originalId }))) return;
  await changeRow(manager, originalId, (row) => {
    row.dipAuditDoneOn = done;
  });
}

/** A row's action counts, after one of its actions changed. */
async function refreshActions(manager: EntityManager, auditId: string): Promise<void> {
  const [counts]: Array<{ total: number; open: number; next: LocalDate | null }> = await manager.query(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE status = 'OPEN'))::int AS open,
            to_char(min(due_on) FILTER (WHERE status = 'OPEN'), 'YYYY-MM-DD') AS next
       FROM tracker_actions WHERE audit_id = $1`,
    [auditId],
  );
  await changeRow(manager, auditId, (row) => {
    row.actions = counts.total;
    row.openActions = counts.open;
    row.nextActionDue = counts.next;
  });
}

/**
 * The audit team's tracker (000 guide: practitioner, team, auditor, moderator, initial grade,
 * moderated grade, recommendations/actions, whether a UoPP meeting has taken place, whether a
 * re-audit will be required), with status and deadlines. Also what the work queues are read from.
 */
export const trackerProjection = defineProjection({
  name: 'tracker',
  // 2: service, month, kinds of audit, current grade, actions open and next due, dip audit done, allocation order.
  version: 2,
  entities: [TrackerRowEntity, TrackerStaffNameEntity, TrackerTeamNameEntity, TrackerCycleDeadlineEntity, TrackerActionEntity],
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
      const cycleId = data.string('cycleId');
      const cycle = { cycleId, moderationDue: data.date('moderationDue'), service: data.string('service'), month: data.string('month') };
      await manager.upsert(TrackerCycleDeadlineEntity, cycle, { conflictPaths: ['cycleId'] });
      await manager.update(TrackerRowEntity, { cycleId }, { service: cycle.service, month: cycle.month });
    },

    async AuditAllocated(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const teamId = data.string('teamId');
      const practitionerId = data.string('practitionerId');
      const auditorId = data.string('auditorId');
      const moderatorId = data.string('moderatorId');
      const templateId = data.string('templateId');
      const reauditOfAuditId = data.optionalString('reauditOfAuditId') || null;
      const cycle = await manager.findOneBy(TrackerCycleDeadlineEntity, { cycleId });
      const row: Omit<TrackerRowEntity, 'nextDeadline'> = {
        auditId: data.string('auditId'),
        allocatedPosition: event.position,
        cycleId,
        service: cycle?.service ?? '',
        month: cycle?.month ?? '',
        caseRef: data.string('caseRef'),
        teamId,
        practitionerId,
        teamManagerId: data.string('teamManagerId'),
        auditorId,
        moderatorId,
        practitioner: await staffName(manager, practitionerId),
        team: (await manager.findOneBy(TrackerTeamNameEntity, { id: teamId }))?.name ?? '',
        auditor: await staffName(manager, auditorId),
        moderator: await staffName(manager, moderatorId),
        templateId,
        kind: auditKind(reauditOfAuditId, templateId),
        reauditOfAuditId,
        initialGrade: null,
        moderatedGrade: null,
        currentGrade: null,
        actions: 0,
        openActions: 0,
        nextActionDue: null,
        uoppHeld: false,
        uoppCount: 0,
        reauditRequired: false,
        status: 'ALLOCATED',
        submittedOn: null,
        moderationDue: cycle?.moderationDue ?? null,
        rectifyBy: null,
        uoppDue: null,
        followUpUoppDue: null,
        dipAuditDue: null,
        dipAuditDoneOn: null,
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
        row.currentGrade = to;
      });
    },

    async AuditSubmitted(event, manager) {
      const data = EventData.of(event);
      const row = await changeRow(manager, data.string('auditId'), (row) => {
        row.status = 'SUBMITTED';
        row.initialGrade = data.grade('overallGrade');
        row.currentGrade = row.initialGrade;
        row.submittedOn = data.date('submittedOn');
        row.moderationDue = data.date('moderationDue');
        row.rectifyBy = null;
      });
      await refreshDipAuditDone(manager, row);
    },

    async AuditReturnedForRectification(event, manager) {
      const data = EventData.of(event);
      const row = await changeRow(manager, data.string('auditId'), (row) => {
        row.status = 'RETURNED';
        row.rectifyBy = data.optionalDate('rectifyBy');
      });
      await refreshDipAuditDone(manager, row);
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

    async ModerationChanged(event, manager) {
      const data = EventData.of(event);
      if (data.string('section') !== OVERALL) return;
      const to = data.grade('to');
      await changeRow(manager, data.string('auditId'), (row) => {
        row.currentGrade = to;
      });
    },

    async ModerationCompleted(event, manager) {
      const data = EventData.of(event);
      const row = await changeRow(manager, data.string('auditId'), (row) => {
        row.status = 'MODERATED';
        row.moderatedGrade = data.grade('moderatedGrade');
        row.currentGrade = row.moderatedGrade;
        row.uoppDue = data.optionalDate('uoppDue');
        if (data.optionalBoolean('reauditRequired')) row.reauditRequired = true;
      });
      await refreshDipAuditDone(manager, row);
    },

    async UoPPHeld(event, manager) {
      const data = EventData.of(event);
      const meeting = uoppMeeting(data);
      const revisedGrade = data.optionalGrade('revisedGrade');
      await changeRow(manager, data.string('auditId'), (row) => {
        row.followUpUoppDue = followUpUoppDueAfter(row, meeting);
        row.uoppHeld = true;
        row.uoppCount += 1;
        if (revisedGrade) row.currentGrade = revisedGrade;
      });
    },

    async ReauditDue(event, manager) {
      const data = EventData.of(event);
      await changeRow(manager, data.string('auditId'), (row) => {
        row.reauditRequired = true;
        row.dipAuditDue = data.date('dueOn');
      });
    },

    async DisputeResolved(event, manager) {
      const data = EventData.of(event);
      if (data.string('section') !== OVERALL) return;
      const to = data.grade('to');
      await changeRow(manager, data.string('auditId'), (row) => {
        row.currentGrade = to;
      });
    },

    async ActionAgreed(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      await manager.insert(TrackerActionEntity, { actionId: data.string('actionId'), auditId, dueOn: data.date('dueOn'), status: 'OPEN' });
      await refreshActions(manager, auditId);
    },

    async ActionCompleted(event, manager) {
      const data = EventData.of(event);
      await closeAction(manager, data.string('auditId'), data.string('actionId'), 'DONE');
    },

    async ActionDropped(event, manager) {
      const data = EventData.of(event);
      await closeAction(manager, data.string('auditId'), data.string('actionId'), 'DROPPED');
    },

    async AuditInvalidated(event, manager) {
      const data = EventData.of(event);
      const row = await changeRow(manager, data.string('auditId'), (row) => {
        row.status = 'INVALIDATED';
      });
      await refreshDipAuditDone(manager, row);
    },
  },
});

async function closeAction(manager: EntityManager, auditId: string, actionId: string, status: 'DONE' | 'DROPPED'): Promise<void> {
  const result = await manager.update(TrackerActionEntity, { actionId }, { status });
  if (!result.affected) throw new MalformedEventError(`action ${actionId} was never agreed`);
  await refreshActions(manager, auditId);
}
