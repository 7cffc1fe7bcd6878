import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { toLocalDate } from '../../src/calendar/working-calendar.js';
import { DIP_SAMPLE_V1 } from '../../src/audits/templates/dip-sample.v1.js';
import { deadlineChanges, type DeadlineChange } from '../../src/notifications/deadlines.js';
import { insertOutboxRows, outboxRows } from '../../src/notifications/outbox-rows.js';
import type { Directory, Person, Team } from '../../src/notifications/recipients.js';
import { decideMessages, type AuditFacts, type RuleContext } from '../../src/notifications/rules.js';
import type { Projection } from '../runner/projection.js';
import { markDecided, readHorizon } from './horizon.js';
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
 * Decides the messages each event calls for (src/notifications/rules.ts) and writes them to the outbox
 * in the transaction that moves this projection's checkpoint: a crash never loses or doubles one.
 * Keeps the deadlines the scheduler reminds people of, and its own copy of who is who.
 *
 * Events an import brought in (`data.imported`), events before the horizon and events already decided
 * on (a rebuild) update what the projector knows, and are never mailed (again).
 */
class NotificationsBatch {
  private directory: { people: Map<string, Person>; teams: Map<string, Team> } | null = null;
  private readonly audits = new Map<string, NotifyAuditEntity | null>();

  constructor(
    readonly manager: EntityManager,
    readonly horizon: number,
  ) {}

  async loadDirectory(): Promise<Directory & { people: Map<string, Person>; teams: Map<string, Team> }> {
    if (!this.directory) {
      const people = await this.manager.find(NotifyStaffEntity);
      const teams = await this.manager.find(NotifyTeamEntity);
      this.directory = { people: new Map(people.map((p) => [p.id, { ...p }])), teams: new Map(teams.map((t) => [t.id, { ...t }])) };
    }
    return this.directory;
  }

  async audit(id: string | undefined): Promise<NotifyAuditEntity | null> {
    if (!id) return null;
    if (!this.audits.has(id)) this.audits.set(id, await this.manager.findOneBy(NotifyAuditEntity, { id }));
    return this.audits.get(id) ?? null;
  }

  async saveAudit(audit: NotifyAuditEntity): Promise<void> {
    this.audits.set(audit.id, audit);
    await this.manager.upsert(NotifyAuditEntity, audit, { conflictPaths: ['id'] });
  }

  async person(person: Person): Promise<void> {
    await this.manager.upsert(NotifyStaffEntity, person, { conflictPaths: ['id'] });
    if (this.directory) this.directory.people.set(person.id, person);
  }

  /** PPL-8: from now on, what is meant for them is reported to the audit team instead. */
  async personLeft(staffId: string): Promise<void> {
    await this.manager.update(NotifyStaffEntity, { id: staffId }, { left: true });
    const known = this.directory?.people.get(staffId);
    if (known) known.left = true;
  }

  async team(team: Team): Promise<void> {
    await this.manager.upsert(NotifyTeamEntity, team, { conflictPaths: ['id'] });
    if (this.directory) this.directory.teams.set(team.id, team);
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
    const cycle = cycleId ? await manager.findOneBy(NotifyCycleEntity, { id: cycleId }) : null;
    const dipSample = typeof d.dipSampleId === 'string' ? await manager.findOneBy(NotifyDipSampleEntity, { id: d.dipSampleId }) : null;
    const context: RuleContext = { directory, audit: audit ? auditFacts(audit) : null, cycle, dipSample };
    const at = new Date(event.metadata.occurredAt);
    for (const decision of decideMessages(event, context)) {
      await insertOutboxRows(manager, outboxRows(decision.rule, decision.to, decision.facts, directory, { key: event.id, eventId: event.id, reminderId: null, at }));
    }
  }

  // 2. Open, move and close deadlines (also for history: a deadline still ahead is reminded of).
  if (d.imported == null) await applyDeadlines(manager, deadlineChanges(event, audit), toLocalDate(new Date(event.metadata.occurredAt)));

  // 3. Keep what is known in step.
  await evolve(event, d, audit, batch);
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

async function applyDeadlines(manager: EntityManager, changes: DeadlineChange[], plannedOn: string): Promise<void> {
  for (const change of changes) {
    if (change.op === 'closeAudit') await manager.delete(NotifyDeadlineEntity, { auditId: change.auditId });
    else if (change.op === 'close') await manager.delete(NotifyDeadlineEntity, { id: `${change.kind}:${change.subjectId}` });
    else {
      await manager.upsert(
        NotifyDeadlineEntity,
        {
          id: `${change.kind}:${change.subjectId}`,
          kind: change.kind,
          subjectId: change.subjectId,
          auditId: change.auditId,
          dueOn: change.dueOn,
          plannedOn,
          target: change.target ?? {},
        },
        { conflictPaths: ['id'] },
      );
    }
  }
}

async function evolve(event: RecordedEvent, d: Record<string, any>, audit: NotifyAuditEntity | null, batch: NotificationsBatch): Promise<void> {
  const { manager } = batch;
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
      await manager.upsert(
        NotifyCycleEntity,
        { id: d.cycleId, name: d.name, month: d.month, kloes: d.kloes ?? [], moderationDue: d.moderationDue ?? '' },
        { conflictPaths: ['id'] },
      );
      return;
    case 'KloesAgreed':
      await manager.update(NotifyCycleEntity, { id: d.cycleId }, { kloes: d.kloes ?? [] });
      return;
    case 'DipSampleRecorded':
      await manager.upsert(
        NotifyDipSampleEntity,
        { id: d.dipSampleId, theme: d.theme, teamIds: [...new Set<string>((d.cases ?? []).map((c: { teamId: string }) => c.teamId))] },
        { conflictPaths: ['id'] },
      );
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
        dipAuditOf: d.reauditOfAuditId && d.templateId === DIP_SAMPLE_V1.id ? d.reauditOfAuditId : null,
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
  async handle(events, manager) {
    const handled = events.filter((event) => HANDLED.has(event.type));
    if (handled.length === 0) return;
    const batch = new NotificationsBatch(manager, await readHorizon(manager));
    for (const event of handled) await handleEvent(event, batch);
    await markDecided(manager, handled[handled.length - 1].position);
  },
};
