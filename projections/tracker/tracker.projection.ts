import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { OVERALL, type LocalDate } from '../../src/shared/domain-types.js';
import { defineBatchProjection, idsIn } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { followUpUoppDueAfter, nextDeadline } from '../../src/shared/deadlines.js';
import { uoppMeeting } from '../shared/uopp-meeting.js';
import { RowCache } from '../runner/row-cache.js';
import { TrackerActionEntity, TrackerCycleDeadlineEntity, TrackerStaffNameEntity, TrackerTeamNameEntity } from './tracker-lookup.entities.js';
import { TrackerRowEntity, auditKind } from './tracker-row.entity.js';

/**
 * One batch of events applied to the tracker: the rows, actions, names and cycles it touches are
 * held in memory (RowCache) and written back together at the end, in the batch's transaction.
 */
class TrackerBatch {
  readonly rows: RowCache<TrackerRowEntity>;
  readonly actions: RowCache<TrackerActionEntity>;
  readonly staff: RowCache<TrackerStaffNameEntity>;
  readonly teams: RowCache<TrackerTeamNameEntity>;
  readonly cycles: RowCache<TrackerCycleDeadlineEntity>;
  /** Every action of an audit, once loaded. */
  private readonly actionsByAudit = new Map<string, TrackerActionEntity[]>();
  /** The dip audits held of each original work (all of them, for the originals the batch concerns). */
  private readonly dipAudits = new Map<string, TrackerRowEntity[]>();

  constructor(readonly manager: EntityManager) {
    this.rows = new RowCache(manager, TrackerRowEntity, 'auditId');
    this.actions = new RowCache(manager, TrackerActionEntity, 'actionId');
    this.staff = new RowCache(manager, TrackerStaffNameEntity, 'id');
    this.teams = new RowCache(manager, TrackerTeamNameEntity, 'id');
    this.cycles = new RowCache(manager, TrackerCycleDeadlineEntity, 'cycleId');
  }

  /** Loads up front what the batch's events will ask for, a query per table. */
  async preload(events: readonly RecordedEvent[]): Promise<void> {
    const ids = (key: string, types?: string[]) => idsIn(events, key, types);
    const allocations = ['AuditAllocated', 'AuditReallocated'];
    await this.rows.preload(ids('auditId'));
    // Dip audits decide whether their original's dip audit is done: hold every dip audit of each
    // original concerned, and the original, so that is decided in memory.
    const originals = new Set<string>();
    for (const row of this.rows.held()) if (row.kind === 'DIP_AUDIT' && row.reauditOfAuditId) originals.add(row.reauditOfAuditId);
    for (const event of events) {
      const data = event.data as Record<string, unknown> | null;
      if (event.type === 'AuditAllocated' && typeof data?.reauditOfAuditId === 'string' && data.reauditOfAuditId !== '') originals.add(data.reauditOfAuditId);
    }
    await this.rows.preloadBy('reauditOfAuditId', originals);
    await this.rows.preload(originals);
    // A renamed team or person, or a cycle scheduled again, changes every row of theirs: all are held,
    // so that is done in memory and written with the batch (in a rebuild, none are there yet).
    const staffIds = ids('staffId', ['StaffRegistered']);
    await this.rows.preloadBy('cycleId', ids('cycleId', ['CycleScheduled']));
    await this.rows.preloadBy('teamId', ids('teamId', ['TeamRegistered']));
    await this.rows.preloadBy('practitionerId', staffIds);
    await this.rows.preloadBy('auditorId', staffIds);
    await this.rows.preloadBy('moderatorId', staffIds);
    for (const row of this.rows.held()) this.indexDipAudit(row);
    await this.staff.preload([
      ...ids('staffId', ['StaffRegistered']),
      ...ids('practitionerId', allocations),
      ...ids('auditorId', allocations),
      ...ids('moderatorId', allocations),
    ]);
    await this.teams.preload(ids('teamId', ['TeamRegistered', 'AuditAllocated']));
    await this.cycles.preload(ids('cycleId', ['CycleScheduled', 'AuditAllocated']));
    await this.loadActions(ids('auditId', ['ActionAgreed', 'ActionCompleted', 'ActionDropped']));
    await this.actions.preload(ids('actionId', ['ActionAgreed', 'ActionCompleted', 'ActionDropped']));
  }

  async flush(): Promise<void> {
    await this.staff.flush();
    await this.teams.flush();
    await this.cycles.flush();
    await this.actions.flush();
    await this.rows.flush();
  }

  async row(auditId: string): Promise<TrackerRowEntity> {
    const row = await this.rows.get(auditId);
    if (!row) throw new MalformedEventError(`audit ${auditId} was never allocated`);
    return row;
  }

  /** Lets `change` edit a row and recomputes its next deadline. */
  async change(auditId: string, change: (row: TrackerRowEntity) => void): Promise<TrackerRowEntity> {
    const row = await this.row(auditId);
    change(row);
    row.nextDeadline = nextDeadline(row);
    this.rows.changed(row);
    return row;
  }

  async staffName(id: string): Promise<string> {
    return (await this.staff.get(id))?.name ?? '';
  }

  async actionsOf(auditId: string): Promise<TrackerActionEntity[]> {
    if (!this.actionsByAudit.has(auditId)) await this.loadActions([auditId]);
    return this.actionsByAudit.get(auditId)!;
  }

  addAction(action: TrackerActionEntity): void {
    this.actions.add(action);
    this.actionsByAudit.get(action.auditId)!.push(action);
  }

  /** A new row, held from now on. */
  addRow(row: TrackerRowEntity): void {
    this.rows.add(row);
    this.indexDipAudit(row);
  }

  /** The dip audits of an original work, as held. */
  dipAuditsOf(originalId: string): readonly TrackerRowEntity[] {
    return this.dipAudits.get(originalId) ?? [];
  }

  /** A change to every row of a cycle or team: all of them are held (preload). */
  changeAll(column: 'cycleId' | 'teamId', id: string, values: Partial<TrackerRowEntity>): void {
    for (const row of this.rows.held()) {
      if (row[column] !== id) continue;
      Object.assign(row, values);
      this.rows.changed(row);
    }
  }

  /** A staff member's name on every row they are on, in whichever part: all of them are held (preload). */
  renameStaff(id: string, name: string): void {
    for (const row of this.rows.held()) {
      if (row.practitionerId !== id && row.auditorId !== id && row.moderatorId !== id) continue;
      if (row.practitionerId === id) row.practitioner = name;
      if (row.auditorId === id) row.auditor = name;
      if (row.moderatorId === id) row.moderator = name;
      this.rows.changed(row);
    }
  }

  private indexDipAudit(row: TrackerRowEntity): void {
    if (row.kind !== 'DIP_AUDIT' || row.reauditOfAuditId === null) return;
    const dips = this.dipAudits.get(row.reauditOfAuditId);
    if (!dips) this.dipAudits.set(row.reauditOfAuditId, [row]);
    else if (!dips.includes(row)) dips.push(row);
  }

  private async loadActions(auditIds: string[]): Promise<void> {
    const wanted = [...new Set(auditIds)].filter((id) => !this.actionsByAudit.has(id));
    if (wanted.length === 0) return;
    for (const id of wanted) this.actionsByAudit.set(id, []);
    // The same object in both, so a change through either is seen by the other.
    for (const action of await this.actions.preloadBy('auditId', wanted)) this.actionsByAudit.get(action.auditId)!.push(action);
  }
}

/**
 * A dip audit's progress decides whether the original work's dip audit deadline is met: it is met
 * on the day a dip audit of it was first submitted, as long as that dip audit still stands
 * (submitted or moderated; not back with its auditor, not invalidated).
 */
async function refreshDipAuditDone(batch: TrackerBatch, dip: TrackerRowEntity): Promise<void> {
  if (dip.kind !== 'DIP_AUDIT' || dip.reauditOfAuditId === null) return;
  const originalId = dip.reauditOfAuditId;
  // Every dip audit of the original is held (TrackerBatch.preload).
  let done: LocalDate | null = null;
  for (const row of batch.dipAuditsOf(originalId)) {
    if ((row.status === 'SUBMITTED' || row.status === 'MODERATED') && row.submittedOn !== null && (done === null || row.submittedOn < done)) done = row.submittedOn;
  }
  // The decider allocates a dip audit only of moderated work, so the original is always there.
  if (!(await batch.rows.get(originalId))) return;
  await batch.change(originalId, (row) => {
    row.dipAuditDoneOn = done;
  });
}

/** A row's action counts, after one of its actions changed. */
async function refreshActions(batch: TrackerBatch, auditId: string): Promise<void> {
  const actions = await batch.actionsOf(auditId);
  const open = actions.filter((a) => a.status === 'OPEN');
  await batch.change(auditId, (row) => {
    row.actions = actions.length;
    row.openActions = open.length;
    row.nextActionDue = open.map((a) => a.dueOn).sort()[0] ?? null;
  });
}

async function closeAction(batch: TrackerBatch, auditId: string, actionId: string, status: 'DONE' | 'DROPPED'): Promise<void> {
  await batch.actionsOf(auditId);
  const action = await batch.actions.get(actionId);
  if (!action) throw new MalformedEventError(`action ${actionId} was never agreed`);
  action.status = status;
  batch.actions.changed(action);
  await refreshActions(batch, auditId);
}

type Handler = (event: RecordedEvent, batch: TrackerBatch) => Promise<void>;

const handlers: Record<string, Handler> = {
  async TeamRegistered(event, batch) {
    const data = EventData.of(event);
    const id = data.string('teamId');
    const name = data.string('name');
    const team = await batch.teams.get(id);
    if (team) {
      team.name = name;
      batch.teams.changed(team);
    } else batch.teams.add({ id, name });
    // Rows allocated before the team was known (or under an older name) catch up here.
    batch.changeAll('teamId', id, { team: name });
  },

  async StaffRegistered(event, batch) {
    const data = EventData.of(event);
    const id = data.string('staffId');
    const name = data.string('name');
    const staff = await batch.staff.get(id);
    if (staff) {
      staff.name = name;
      batch.staff.changed(staff);
    } else batch.staff.add({ id, name });
    batch.renameStaff(id, name);
  },

  async CycleScheduled(event, batch) {
    const data = EventData.of(event);
    const cycleId = data.string('cycleId');
    const cycle = { cycleId, moderationDue: data.date('moderationDue'), service: data.string('service'), month: data.string('month') };
    await batch.cycles.put(cycle);
    batch.changeAll('cycleId', cycleId, { service: cycle.service, month: cycle.month });
  },

  async AuditAllocated(event, batch) {
    const data = EventData.of(event);
    const auditId = data.string('auditId');
    const cycleId = data.string('cycleId');
    const teamId = data.string('teamId');
    const practitionerId = data.string('practitionerId');
    const auditorId = data.string('auditorId');
    const moderatorId = data.string('moderatorId');
    const templateId = data.string('templateId');
    const reauditOfAuditId = data.optionalString('reauditOfAuditId') || null;
    if (await batch.rows.get(auditId)) throw new MalformedEventError(`audit ${auditId} is already allocated`);
    const cycle = await batch.cycles.get(cycleId);
    const row: TrackerRowEntity = {
      auditId,
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
      practitioner: await batch.staffName(practitionerId),
      team: (await batch.teams.get(teamId))?.name ?? '',
      auditor: await batch.staffName(auditorId),
      moderator: await batch.staffName(moderatorId),
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
      urgentIssuesDue: null,
      urgentIssuesAddressedOn: null,
      followUpUoppDue: null,
      dipAuditDue: null,
      dipAuditDoneOn: null,
      referredToCoordinatorLeadOn: null,
      nextDeadline: null,
    };
    row.nextDeadline = nextDeadline(row);
    batch.addRow(row);
  },

  async GradeSet(event, batch) {
    const data = EventData.of(event);
    const auditId = data.string('auditId');
    const to = data.grade('to');
    // Section grades are not on the tracker; only the overall one is.
    if (data.string('section') !== OVERALL) return;
    await batch.change(auditId, (row) => {
      row.initialGrade = to;
      row.currentGrade = to;
    });
  },

  async AuditSubmitted(event, batch) {
    const data = EventData.of(event);
    const row = await batch.change(data.string('auditId'), (row) => {
      row.status = 'SUBMITTED';
      row.initialGrade = data.grade('overallGrade');
      row.currentGrade = row.initialGrade;
      row.submittedOn = data.date('submittedOn');
      row.moderationDue = data.date('moderationDue');
      row.rectifyBy = null;
    });
    await refreshDipAuditDone(batch, row);
  },

  async AuditReturnedForRectification(event, batch) {
    const data = EventData.of(event);
    const row = await batch.change(data.string('auditId'), (row) => {
      row.status = 'RETURNED';
      row.rectifyBy = data.optionalDate('rectifyBy');
    });
    await refreshDipAuditDone(batch, row);
  },

  async AuditReallocated(event, batch) {
    const data = EventData.of(event);
    const auditorId = data.string('auditorId');
    const moderatorId = data.string('moderatorId');
    const auditor = await batch.staffName(auditorId);
    const moderator = await batch.staffName(moderatorId);
    await batch.change(data.string('auditId'), (row) => {
      Object.assign(row, { auditorId, auditor, moderatorId, moderator });
    });
  },

  async ModerationChanged(event, batch) {
    const data = EventData.of(event);
    if (data.string('section') !== OVERALL) return;
    const to = data.grade('to');
    await batch.change(data.string('auditId'), (row) => {
      row.currentGrade = to;
    });
  },

  async ModerationCompleted(event, batch) {
    const data = EventData.of(event);
    const row = await batch.change(data.string('auditId'), (row) => {
      row.status = 'MODERATED';
      // AUD-10: an audit completed without moderation (outside the sample) has no moderated grade.
      row.moderatedGrade = data.optionalBoolean('moderated') === false ? null : data.grade('moderatedGrade');
      row.currentGrade = data.grade('moderatedGrade');
      row.uoppDue = data.optionalDate('uoppDue');
      row.urgentIssuesDue = data.optionalDate('urgentIssuesDue');
      if (data.optionalBoolean('reauditRequired')) row.reauditRequired = true;
    });
    await refreshDipAuditDone(batch, row);
  },

  // AFT-5: on the row of the work the dip audit found still below Good.
  async ReferredToCoordinatorLead(event, batch) {
    const data = EventData.of(event);
    await batch.change(data.string('originalAuditId'), (row) => {
      row.referredToCoordinatorLeadOn = data.date('referredOn');
    });
  },

  async UrgentIssuesAddressed(event, batch) {
    const data = EventData.of(event);
    await batch.change(data.string('auditId'), (row) => {
      row.urgentIssuesAddressedOn = data.date('addressedOn');
    });
  },

  async UoPPHeld(event, batch) {
    const data = EventData.of(event);
    const meeting = uoppMeeting(data);
    const revisedGrade = data.optionalGrade('revisedGrade');
    await batch.change(data.string('auditId'), (row) => {
      row.followUpUoppDue = followUpUoppDueAfter(row, meeting);
      row.uoppHeld = true;
      row.uoppCount += 1;
      if (revisedGrade) row.currentGrade = revisedGrade;
    });
  },

  async ReauditDue(event, batch) {
    const data = EventData.of(event);
    await batch.change(data.string('auditId'), (row) => {
      row.reauditRequired = true;
      row.dipAuditDue = data.date('dueOn');
    });
  },

  /** AFT-1/AFT-2: the follow-ups as they stand after a dispute decision or UoPP changed the grade. */
  async FollowUpsRevised(event, batch) {
    const data = EventData.of(event);
    await batch.change(data.string('auditId'), (row) => {
      row.reauditRequired = data.optionalBoolean('reauditRequired') ?? false;
      row.dipAuditDue = data.optionalDate('dipAuditDue');
      row.urgentIssuesDue = data.optionalDate('urgentIssuesDue');
      row.uoppDue = data.optionalDate('uoppDue');
      row.followUpUoppDue = data.optionalDate('followUpUoppDue');
    });
  },

  async DisputeResolved(event, batch) {
    const data = EventData.of(event);
    if (data.string('section') !== OVERALL) return;
    const to = data.grade('to');
    await batch.change(data.string('auditId'), (row) => {
      row.currentGrade = to;
    });
  },

  async ActionAgreed(event, batch) {
    const data = EventData.of(event);
    const auditId = data.string('auditId');
    const actionId = data.string('actionId');
    await batch.row(auditId);
    await batch.actionsOf(auditId);
    if (await batch.actions.get(actionId)) throw new MalformedEventError(`action ${actionId} is already agreed`);
    batch.addAction({ actionId, auditId, dueOn: data.date('dueOn'), status: 'OPEN' });
    await refreshActions(batch, auditId);
  },

  async ActionCompleted(event, batch) {
    const data = EventData.of(event);
    await closeAction(batch, data.string('auditId'), data.string('actionId'), 'DONE');
  },

  async ActionDropped(event, batch) {
    const data = EventData.of(event);
    await closeAction(batch, data.string('auditId'), data.string('actionId'), 'DROPPED');
  },

  async AuditInvalidated(event, batch) {
    const data = EventData.of(event);
    const row = await batch.change(data.string('auditId'), (row) => {
      row.status = 'INVALIDATED';
    });
    await refreshDipAuditDone(batch, row);
  },
};

/**
 * The audit team's tracker (000 guide: practitioner, team, auditor, moderator, initial grade,
 * moderated grade, recommendations/actions, whether a UoPP meeting has taken place, whether a
 * re-audit will be required), with status and deadlines. Also what the work queues are read from.
 */
export const trackerProjection = defineBatchProjection({
  name: 'tracker',
  // 2: service, month, kinds of audit, current grade, actions open and next due, dip audit done, allocation order.
  // 3: the urgent issues of Inadequate work, due and addressed.
  version: 4,
  entities: [TrackerRowEntity, TrackerStaffNameEntity, TrackerTeamNameEntity, TrackerCycleDeadlineEntity, TrackerActionEntity],
  begin: async (manager, events) => {
    const batch = new TrackerBatch(manager);
    await batch.preload(events);
    return batch;
  },
  handlers,
});
