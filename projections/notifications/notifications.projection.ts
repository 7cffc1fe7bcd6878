import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { toLocalDate } from '../../src/calendar/working-calendar.js';
import { DIP_SAMPLE_TEMPLATE_ID } from '../../src/shared/audit-template.js';
import { deadlineChanges, type DeadlineChange } from '../../src/shared/deadlines.js';
import { outboxRows } from '../../src/notifications/contracts/outbox-rows.js';
import type { Directory, Person, Team } from '../../src/notifications/contracts/recipients.js';
import { decideMessages, type AuditFacts, type RuleContext } from '../../src/notifications/contracts/rules.js';
import { idsIn, type Projection } from '../runner/projection.js';
import { RowCache, writeRows } from '../runner/row-cache.js';
import { markDecided, readHorizon } from './horizon.js';
import { insertOutboxRows } from './outbox.entities.js';
import {
  NOTIFY_LOOKUP_ENTITIES,
  NotifyAuditEntity,
  NotifyCycleEntity,
  NotifyDeadlineEntity,
  NotifyDipSampleEntity,
  NotifyStaffEntity,
  NotifyTeamEntity,
} from './notify-lookups.entities.js';

/**
 * Decides the messages each event calls for (src/notifications/contracts/rules.ts) and writes them to the outbox
 * in the transaction that moves this projection's checkpoint: a crash never loses or doubles one.
 * Keeps the deadlines the scheduler reminds people of, and its own copy of who is who.
 *
 * Events an import brought in (`data.imported`), events before the horizon and events already decided
 * on (a rebuild) update what the projector knows, and are never mailed (again).
 *
 * A batch is applied in memory (RowCache) and written back at its end in a few multi-row statements,
 * so a rebuild's page of thousands of events costs a handful of queries, not several per event.
 */
class NotificationsBatch {
  private directory: { people: Map<string, Person>; teams: Map<string, Team> } | null = null;
  readonly audits: RowCache<NotifyAuditEntity>;
  readonly staff: RowCache<NotifyStaffEntity>;
  readonly teams: RowCache<NotifyTeamEntity>;
  readonly cycles: RowCache<NotifyCycleEntity>;
  readonly dipSamples: RowCache<NotifyDipSampleEntity>;
  readonly deadlines: DeadlineChanges;
  /** Whether the batch wrote messages to the outbox. */
  mailed = false;

  constructor(
    readonly manager: EntityManager,
    readonly horizon: number,
  ) {
    this.audits = new RowCache(manager, NotifyAuditEntity, 'id');
    this.staff = new RowCache(manager, NotifyStaffEntity, 'id');
    this.teams = new RowCache(manager, NotifyTeamEntity, 'id');
    this.cycles = new RowCache(manager, NotifyCycleEntity, 'id');
    this.dipSamples = new RowCache(manager, NotifyDipSampleEntity, 'id');
    this.deadlines = new DeadlineChanges(manager);
  }

  /** Every person and team, as they stand at this point of the batch. */
  async loadDirectory(): Promise<Directory & { people: Map<string, Person>; teams: Map<string, Team> }> {
    if (!this.directory) {
      // What the batch changed so far is held, and wins over what the table still says.
      for (const person of await this.manager.find(NotifyStaffEntity)) this.staff.hold(person);
      for (const team of await this.manager.find(NotifyTeamEntity)) this.teams.hold(team);
      this.directory = { people: new Map([...this.staff.held()].map((p) => [p.id, p])), teams: new Map([...this.teams.held()].map((t) => [t.id, t])) };
    }
    return this.directory;
  }

  async audit(id: string | undefined): Promise<NotifyAuditEntity | null> {
    if (!id) return null;
    return (await this.audits.get(id)) ?? null;
  }

  async saveAudit(audit: NotifyAuditEntity): Promise<void> {
    await this.audits.put(audit);
  }

  async person(person: Person): Promise<void> {
    const held = await this.staff.put(person);
    if (this.directory) this.directory.people.set(person.id, held);
  }

  /** PPL-8: from now on, what is meant for them is reported to the audit team instead. */
  async personLeft(staffId: string): Promise<void> {
    const known = await this.staff.get(staffId);
    if (!known) return;
    known.left = true;
    this.staff.changed(known);
  }

  async team(team: Team): Promise<void> {
    const held = await this.teams.put(team);
    if (this.directory) this.directory.teams.set(team.id, held);
  }

  async flush(): Promise<void> {
    await this.staff.flush();
    await this.teams.flush();
    await this.cycles.flush();
    await this.dipSamples.flush();
    await this.audits.flush();
    await this.deadlines.flush();
  }
}

/**
 * The batch's openings and closings of deadlines, applied at its end with the same outcome as one
 * statement each in event order: every deadline id's last state, and the audits whose deadlines were
 * all closed (those opened after the closing survive it). Nothing in a batch reads deadlines back.
 */
class DeadlineChanges {
  /** Deadlines the batch touched: their last state, null once closed. */
  private readonly byId = new Map<string, NotifyDeadlineEntity | null>();
  /** Audits all of whose deadlines stored before the batch are closed. */
  private readonly closedAudits = new Set<string>();

  constructor(private readonly manager: EntityManager) {}

  apply(changes: DeadlineChange[], plannedOn: string): void {
    for (const change of changes) {
      if (change.op === 'closeAudit') {
        this.closedAudits.add(change.auditId);
        for (const [id, row] of this.byId) if (row?.auditId === change.auditId) this.byId.set(id, null);
      } else if (change.op === 'close') this.byId.set(`${change.kind}:${change.subjectId}`, null);
      else {
        const id = `${change.kind}:${change.subjectId}`;
        this.byId.set(id, { id, kind: change.kind, subjectId: change.subjectId, auditId: change.auditId, dueOn: change.dueOn, plannedOn, target: change.target ?? {} });
      }
    }
  }

  async flush(): Promise<void> {
    const closed = [...this.byId].filter(([, row]) => row === null).map(([id]) => id);
    if (this.closedAudits.size > 0) await this.manager.query('DELETE FROM notify_deadlines WHERE audit_id = ANY($1::text[])', [[...this.closedAudits]]);
    if (closed.length > 0) await this.manager.query('DELETE FROM notify_deadlines WHERE id = ANY($1::text[])', [closed]);
    const open = [...this.byId.values()].filter((row): row is NotifyDeadlineEntity => row !== null);
    await writeRows(this.manager, NotifyDeadlineEntity, open, 'upsert');
  }
}

const HANDLED = new Set([
  'TeamRegistered',
  'StaffRegistered',
  'StaffLeft',
  'CycleScheduled',
  'KloesAgreed',
  'AuditAllocated',
  'AuditReallocated',
  'AuditSubmitted',
  'AuditReturnedForRectification',
  'AuditInvalidated',
  'NotificationRequired',
  'ModerationChanged',
  'ModerationCompleted',
  'UoPPHeld',
  'ReauditDue',
  'EscalationRaised',
  'ModerationDisputed',
  'DisputeDiscussed',
  'DisputeResolved',
  'ActionAgreed',
  'ActionCompleted',
  'ActionDropped',
  'EscalatedToDivisionalDirector',
  'UrgentIssuesAddressed',
  'FollowUpsRevised',
  'DipSampleRecorded',
  'DipSampleFindingsReported',
]);

async function handleEvent(event: RecordedEvent, batch: NotificationsBatch): Promise<void> {
  const { manager } = batch;
  const d = event.data as Record<string, any>;
  const audit = await batch.audit(typeof d.auditId === 'string' ? d.auditId : undefined);

  // 1. Decide the messages from what was known before the event.
  const history = d.imported != null || event.position <= batch.horizon;
  if (!history) {
    const directory = await batch.loadDirectory();
    const cycleId = event.type === 'AuditAllocated' ? d.cycleId : audit?.cycleId;
    const cycle = cycleId ? ((await batch.cycles.get(cycleId)) ?? null) : null;
    const dipSample = typeof d.dipSampleId === 'string' ? ((await batch.dipSamples.get(d.dipSampleId)) ?? null) : null;
    const context: RuleContext = { directory, audit: audit ? auditFacts(audit) : null, cycle, dipSample };
    const at = new Date(event.metadata.occurredAt);
    for (const decision of decideMessages(event, context)) {
      batch.mailed = true;
      await insertOutboxRows(manager, outboxRows(decision.rule, decision.to, decision.facts, directory, { key: event.id, eventId: event.id, reminderId: null, at }));
    }
  }

  // 2. Open, move and close deadlines (also for history: a deadline still ahead is reminded of).
  if (d.imported == null) batch.deadlines.apply(deadlineChanges(event, audit), dayOf(event.metadata.occurredAt));

  // 3. Keep what is known in step.
  await evolve(event, d, audit, batch);
}

/** The authority's days of the UTC hours seen lately: a rebuild asks for the day of every event. */
const daysByHour = new Map<number, string>();

/**
 * The day an instant falls on in the authority's time zone (toLocalDate). Its offsets from UTC are
 * whole hours, changed on the hour, so every instant of one UTC hour falls on the same day.
 */
function dayOf(occurredAt: unknown): string {
  const instant = new Date(occurredAt as string);
  const hour = Math.floor(instant.getTime() / 3_600_000);
  // An invalid instant is left to toLocalDate to refuse.
  if (Number.isNaN(hour)) return toLocalDate(instant);
  let day = daysByHour.get(hour);
  if (day === undefined) {
    if (daysByHour.size >= 10_000) daysByHour.clear();
    day = toLocalDate(instant);
    daysByHour.set(hour, day);
  }
  return day;
}

function auditFacts(a: NotifyAuditEntity): AuditFacts {
  return {
    auditId: a.id,
    caseRef: a.caseRef,
    cycleId: a.cycleId,
    teamId: a.teamId,
    practitionerId: a.practitionerId,
    teamManagerId: a.teamManagerId,
    auditorId: a.auditorId,
    moderatorId: a.moderatorId,
    moderationChanges: a.moderationChanges,
    disputeRaisers: a.disputeRaisers,
    currentGrade: a.currentGrade,
    dipAuditOf: a.dipAuditOf,
  };
}

async function evolve(event: RecordedEvent, d: Record<string, any>, audit: NotifyAuditEntity | null, batch: NotificationsBatch): Promise<void> {
  const change = async (fields: Partial<NotifyAuditEntity>) => {
    if (audit) await batch.saveAudit({ ...audit, ...fields });
  };
  switch (event.type) {
    case 'TeamRegistered':
      return batch.team({ id: d.teamId, name: d.name, service: d.service });
    case 'StaffRegistered':
      return batch.person({ id: d.staffId, name: d.name, email: d.email ?? '', teamId: d.teamId || null, roles: d.roles ?? [], left: false });
    case 'StaffLeft':
      return batch.personLeft(d.staffId);
    case 'CycleScheduled':
      await batch.cycles.put({ id: d.cycleId, name: d.name, month: d.month, kloes: d.kloes ?? [], moderationDue: d.moderationDue ?? '' });
      return;
    case 'KloesAgreed': {
      const cycle = await batch.cycles.get(d.cycleId);
      if (cycle) {
        cycle.kloes = d.kloes ?? [];
        batch.cycles.changed(cycle);
      }
      return;
    }
    case 'DipSampleRecorded':
      await batch.dipSamples.put({ id: d.dipSampleId, theme: d.theme, teamIds: [...new Set<string>((d.cases ?? []).map((c: { teamId: string }) => c.teamId))] });
      return;
    case 'AuditAllocated':
      return batch.saveAudit({
        id: d.auditId,
        caseRef: d.caseRef,
        cycleId: d.cycleId,
        teamId: d.teamId,
        practitionerId: d.practitionerId,
        teamManagerId: d.teamManagerId,
        auditorId: d.auditorId,
        moderatorId: d.moderatorId,
        status: 'ALLOCATED',
        currentGrade: null,
        moderationChanges: 0,
        disputeRaisers: {},
        dipAuditOf: d.reauditOfAuditId && d.templateId === DIP_SAMPLE_TEMPLATE_ID ? d.reauditOfAuditId : null,
        inadequateInProgress: false,
      });
    case 'AuditReallocated':
      return change({ auditorId: d.auditorId, moderatorId: d.moderatorId });
    case 'AuditSubmitted':
      return change({ status: 'SUBMITTED', currentGrade: d.overallGrade ?? null });
    case 'AuditReturnedForRectification':
      return change({ status: 'RETURNED' });
    case 'AuditInvalidated':
      return change({ status: 'INVALIDATED', inadequateInProgress: false });
    case 'ModerationChanged':
      if (d.from !== d.to) await change({ moderationChanges: (audit?.moderationChanges ?? 0) + 1 });
      return;
    case 'ModerationCompleted':
      return change({ status: 'MODERATED', currentGrade: d.moderatedGrade, moderationChanges: 0, inadequateInProgress: d.moderatedGrade === 'INADEQUATE' });
    case 'UoPPHeld':
      if (d.revisedGrade) await change({ currentGrade: d.revisedGrade, inadequateInProgress: d.revisedGrade === 'INADEQUATE' });
      return;
    case 'ModerationDisputed':
      return change({ disputeRaisers: { ...(audit?.disputeRaisers ?? {}), [d.disputeId]: d.raisedById } });
    case 'DisputeResolved':
      if (d.section === 'OVERALL') await change({ currentGrade: d.to, inadequateInProgress: d.to === 'INADEQUATE' });
      return;
  }
}

export const notificationsProjection: Projection = {
  name: 'notifications',
  version: 1,
  entities: NOTIFY_LOOKUP_ENTITIES,
  handles: (type) => HANDLED.has(type),
  async handle(events, manager) {
    const handled = events.filter((event) => HANDLED.has(event.type));
    if (handled.length === 0) return;
    const batch = new NotificationsBatch(manager, await readHorizon(manager));
    await batch.audits.preload(idsIn(handled, 'auditId'));
    // What the events ask for, a query a table rather than one an event.
    await batch.cycles.preload([...idsIn(handled, 'cycleId'), ...[...batch.audits.held()].map((audit) => audit.cycleId)]);
    await batch.staff.preload(idsIn(handled, 'staffId'));
    await batch.teams.preload(idsIn(handled, 'teamId', ['TeamRegistered']));
    await batch.dipSamples.preload(idsIn(handled, 'dipSampleId'));
    for (const event of handled) await handleEvent(event, batch);
    await batch.flush();
    await markDecided(manager, handled[handled.length - 1].position);
    // A rebuild commits without waiting for the disk (ProjectionRunner.commitBatch); not a batch that
    // wrote messages, which a mailer may send as soon as they are committed: lost in a crash after
    // that, they would be decided again and sent twice.
    if (batch.mailed) await manager.query('SET LOCAL synchronous_commit = on');
  },
};
