import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, In } from 'typeorm';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import type { Principal } from '../../auth/principal.js';
import { auditDecider, isAllocated, type AllocatedAudit, type AuditState } from '../../audits/decider.js';
import { findTemplate } from '../../audits/templates/index.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams } from '../../shared/domain-types.js';
import { DomainError } from '../../shared/errors.js';
import type { StaffFact } from '../../shared/facts.js';
import { newId } from '../../shared/idempotency.js';
import { staffDecider } from '../../staff/decider.js';
import { FeatureCommand, runCommand } from '../../write-side/feature-command.js';
import { WriteSide, actingAs } from '../../write-side/write-side.js';
import type { ScheduleCycleInput } from '../cycle.types.js';
import { cycleDecider } from '../decider.js';
import type { ModerationSample } from '../moderation-sample.js';
import type { AgreeKloesInput, AppointModerationGroupInput, DrawModerationSampleInput, RecordKloeMeetingInput, RecordPracticeDayInput } from './cycle-inputs.js';

interface Deps {
  writeSide: WriteSide;
  dataSource: DataSource;
}

/** Each command but drawModerationSample resolves to the cycle's id. */
async function scheduleCycle({ writeSide }: Deps, input: ScheduleCycleInput, principal: Principal, correlationId?: string): Promise<string> {
  const cycleId = newId();
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    streams.cycle(cycleId),
    cycleDecider,
    { type: 'ScheduleCycle', ...decision, data: { cycleId, name: input.name, service: input.service, month: input.month, kloes: input.kloes ?? [] } },
    context,
  );
  return cycleId;
}

/** The key lines of enquiry agreed for a cycle; they replace the ones recorded before. */
async function agreeKloes({ writeSide }: Deps, input: AgreeKloesInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(writeSide.path, streams.cycle(input.cycleId), cycleDecider, { type: 'AgreeKloes', ...decision, data: { cycleId: input.cycleId, kloes: input.kloes } }, context);
  return input.cycleId;
}

/** BEF-1, BEF-2: the KLOE meeting before the audit month. */
async function recordKloeMeeting({ writeSide }: Deps, input: RecordKloeMeetingInput, principal: Principal, correlationId?: string): Promise<string> {
  // Who attended, in which posts: the decider asks for the head of service and an EH coordinator.
  const loaded = await Promise.all([...new Set(input.attendeeIds)].map((id) => writeSide.load(streams.staff(id), staffDecider)));
  const attendees = loaded.filter((s) => s.exists).map(({ state }) => ({ id: state.id, roles: state.roles }));
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    streams.cycle(input.cycleId),
    cycleDecider,
    { type: 'RecordKloeMeeting', ...decision, data: { cycleId: input.cycleId, heldOn: input.heldOn, attendeeIds: input.attendeeIds }, attendees },
    context,
  );
  return input.cycleId;
}

/** BEF-3: the head of service, EH coordinator lead or divisional director approves the cycle's KLOEs. */
async function approveKloes({ writeSide }: Deps, cycleId: string, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'), correlationId);
  await handleCommand(writeSide.path, streams.cycle(cycleId), cycleDecider, { type: 'ApproveKloes', ...decision, data: { cycleId } }, context);
  return cycleId;
}

/** BEF-14: month 4's Practice Day. */
async function recordPracticeDay({ writeSide }: Deps, input: RecordPracticeDayInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    streams.cycle(input.cycleId),
    cycleDecider,
    { type: 'RecordPracticeDay', ...decision, data: { cycleId: input.cycleId, heldOn: input.heldOn, leadersObservations: input.leadersObservations, familyFeedback: input.familyFeedback } },
    context,
  );
  return input.cycleId;
}

/** AUD-13: the moderation group of the cycle. */
async function appointModerationGroup({ writeSide }: Deps, input: AppointModerationGroupInput, principal: Principal, correlationId?: string): Promise<string> {
  const members: StaffFact[] = [];
  for (const id of new Set(input.memberIds)) {
    const { state, exists } = await writeSide.load(streams.staff(id), staffDecider);
    if (exists) members.push(state);
  }
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    streams.cycle(input.cycleId),
    cycleDecider,
    { type: 'AppointModerationGroup', ...decision, data: { cycleId: input.cycleId, memberIds: input.memberIds }, members },
    context,
  );
  return input.cycleId;
}

async function closeCycle({ writeSide, dataSource }: Deps, cycleId: string, principal: Principal, correlationId?: string): Promise<string> {
  // Audits live in streams of their own, so the cycle's unfinished work is counted in the audits
  // read model; every mutation waits for it, so it holds the caller's own changes.
  const unfinishedAudits = await dataSource.getRepository(AuditEntity).countBy({ cycleId, status: In(['ALLOCATED', 'SUBMITTED', 'RETURNED']) });
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(writeSide.path, streams.cycle(cycleId), cycleDecider, { type: 'CloseCycle', ...decision, data: { cycleId }, unfinishedAudits }, context);
  return cycleId;
}

/**
 * AUD-10 (004 "10% of audits received are moderated each month by the AP team"): draws the sample on
 * the cycle's stream, then tells each audit it was drawn from whether it is moderated
 * (ChosenForModeration) or complete without moderation (ModerationCompleted, moderated: false).
 * Audits live in streams of their own, so that second step is one append per audit; should it stop
 * part way, the next draw first finishes what an earlier sample left undone. Resolves to the sample drawn.
 */
async function drawModerationSample(
  { writeSide, dataSource }: Deps,
  input: DrawModerationSampleInput,
  principal: Principal,
  correlationId: string = randomUUID(),
): Promise<ModerationSample> {
  const { cycleId } = input;
  const before = await writeSide.load(streams.cycle(cycleId), cycleDecider);
  // The read model finds the cycle's audits awaiting moderation; each one's own stream says whether it is sampled.
  const submitted = await dataSource.getRepository(AuditEntity).find({ where: { cycleId, status: 'SUBMITTED' }, select: { id: true } });
  const awaiting: AllocatedAudit[] = [];
  for (const { id } of submitted) {
    const { state } = await writeSide.load(streams.audit(id), auditDecider);
    if (state.status === 'SUBMITTED' && state.moderationSample === null && percentOf(state) > 0) awaiting.push(state);
  }
  const inEarlier = new Set(before.state.moderationSamples.flatMap((s) => s.receivedAuditIds));
  const received = awaiting.filter((a) => !inEarlier.has(a.id));

  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  const outcome = await handleCommand(
    writeSide.path,
    streams.cycle(cycleId),
    cycleDecider,
    {
      type: 'DrawModerationSample',
      ...decision,
      data: { cycleId, sampleId: randomUUID(), seed: input.seed ?? randomUUID() },
      received: received.map((a) => a.id),
      percent: Math.max(0, ...received.map(percentOf)),
    },
    context,
  );
  const samples = outcome.state.moderationSamples;
  for (const audit of awaiting) {
    const sample = samples.find((s) => s.receivedAuditIds.includes(audit.id));
    if (!sample) continue;
    try {
      await handleCommand(
        writeSide.path,
        streams.audit(audit.id),
        auditDecider,
        (state: AuditState) => ({
          type: 'ApplyModerationSample' as const,
          ...writeSide.decision(principal),
          data: { auditId: audit.id, cycleId, sampleId: sample.sampleId, sampled: sample.sampledAuditIds.includes(audit.id) },
          template: isAllocated(state) ? findTemplate(state.templateId, state.templateVersion) : undefined,
        }),
        writeSide.context(principal, 'AUDIT_TEAM', correlationId),
      );
    } catch (error) {
      // An audit that moved on meanwhile (returned, invalidated) is left: it is in the sample's record, and a later draw applies it.
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
    }
  }
  // The sample just drawn (or, for a request repeated with its Idempotency-Key, the one it drew then).
  return samples[samples.length - 1];
}

const percentOf = (state: AllocatedAudit): number => findTemplate(state.templateId, state.templateVersion)?.moderationSamplePercent ?? 0;

const CYCLE_COMMANDS = { scheduleCycle, agreeKloes, recordKloeMeeting, approveKloes, recordPracticeDay, appointModerationGroup, closeCycle, drawModerationSample };
type CycleCommandName = keyof typeof CYCLE_COMMANDS;

/** A command on an audit cycle, e.g. `new CommandOnCycle('agreeKloes', input, principal, correlationId)`. */
export class CommandOnCycle<Name extends CycleCommandName> extends FeatureCommand<typeof CYCLE_COMMANDS, Name> {}

/** The one handler of the cycle's commands: runs the function of the command's name, above. */
@CommandHandler(CommandOnCycle)
export class CycleCommandHandler implements ICommandHandler<CommandOnCycle<CycleCommandName>> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  execute(command: CommandOnCycle<CycleCommandName>) {
    return runCommand(CYCLE_COMMANDS, { writeSide: this.writeSide, dataSource: this.dataSource }, command);
  }
}
