import { createHash } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, In, LessThan, Not } from 'typeorm';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import { CycleEntity } from '../../../projections/cycles/cycle.entity.js';
import { StaffEntity } from '../../../projections/directory/staff.entity.js';
import { TeamEntity } from '../../../projections/directory/team.entity.js';
import type { Principal } from '../../auth/principal.js';
import { auditsOfCases } from '../../audits/case-history.js';
import { allocateAudit } from '../../audits/commands/allocating.js';
import { auditDecider } from '../../audits/decider.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams } from '../../shared/domain-types.js';
import { DomainError, conflict, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/idempotency.js';
import { FeatureCommand, runCommand } from '../../write-side/feature-command.js';
import { WriteSide } from '../../write-side/write-side.js';
import { requireReauditCandidate, selectionDecider } from '../decider.js';
import { DIP_AUDIT_TEMPLATE_ID, selectionStream } from '../events.js';
import type { AllocateReauditInput, ProposeSampleInput } from '../selection.types.js';
import { cycleFact } from './cycle-fact.js';

interface Deps {
  writeSide: WriteSide;
  dataSource: DataSource;
}

/** Draws a random sample within each team and the service from the open cases given; resolves to the new proposal's id. */
async function proposeSample({ writeSide, dataSource }: Deps, input: ProposeSampleInput, principal: Principal, correlationId?: string): Promise<string> {
  const proposalId = newId();
  const candidates = input.candidates ?? [];
  const teamIds = [...candidates.map((c) => c.teamId), ...(input.sampleSizes ?? []).map((s) => s.teamId ?? '')].filter(Boolean);
  const staffIds = candidates.flatMap((c) => [c.practitionerId, c.teamManagerId]);
  // A long list of candidates: teams and staff come from the directory read model in one query each,
  // and earlier audits of the cases from the audits read model (both hold the caller's own writes).
  const [cycle, teams, staff, caseAudits] = await Promise.all([
    cycleFact(writeSide, input.cycleId),
    dataSource.getRepository(TeamEntity).findBy({ id: In([...new Set(teamIds)]) }),
    dataSource.getRepository(StaffEntity).findBy({ id: In([...new Set(staffIds)]) }),
    auditsOfCases(dataSource, candidates.map((c) => (typeof c.caseRef === 'string' ? c.caseRef.trim() : ''))),
  ]);
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    selectionStream(input.cycleId),
    selectionDecider,
    {
      type: 'ProposeSample',
      ...decision,
      data: {
        cycleId: input.cycleId,
        proposalId,
        seed: input.seed ?? newId(),
        candidates: candidates.map((c) => ({ ...c })),
        sampleSizes: (input.sampleSizes ?? []).map((s) => ({ teamId: s.teamId ?? null, size: s.size })),
        chosen: (input.chosen ?? []).map((c) => ({ caseRef: c.caseRef, reason: c.reason })),
        includeRecentlyAudited: (input.includeRecentlyAudited ?? []).map((c) => ({ caseRef: c.caseRef, reason: c.reason })),
      },
      cycle,
      teams: teams.map((t) => ({ id: t.id, service: t.service })),
      staff: staff.map((s) => ({ id: s.id, teamId: s.teamId, roles: s.roles })),
      caseAudits,
    },
    context,
  );
  return proposalId;
}

/** 000 "6-month re-audit of 10% of work": the previous cycle's work below Good, proposed for re-audit; resolves to the new proposal's id. */
async function proposeReauditCandidates(
  { writeSide, dataSource }: Deps,
  input: { cycleId: string; count?: number | null; seed?: string | null },
  principal: Principal,
  correlationId?: string,
): Promise<string> {
  const proposalId = newId();
  const cycle = await cycleFact(writeSide, input.cycleId);
  // "In the following audit cycle": the latest earlier cycle of the same service, and its audits.
  const previous = cycle
    ? await dataSource.getRepository(CycleEntity).findOne({ where: { service: cycle.service, month: LessThan(cycle.month) }, order: { month: 'DESC', id: 'ASC' } })
    : null;
  const audits = previous ? await dataSource.getRepository(AuditEntity).findBy({ cycleId: previous.id }) : [];
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    selectionStream(input.cycleId),
    selectionDecider,
    {
      type: 'ProposeReauditCandidates',
      ...decision,
      data: { cycleId: input.cycleId, proposalId, seed: input.seed ?? newId(), count: input.count ?? null },
      cycle,
      previousCycle: previous ? { id: previous.id, month: previous.month } : null,
      previousAudits: audits.map((a) => ({
        auditId: a.id,
        caseRef: a.caseRef,
        teamId: a.teamId,
        status: a.status,
        currentGrade: a.currentGrade,
        reauditOfAuditId: a.reauditOfAuditId,
      })),
    },
    context,
  );
  return proposalId;
}

/**
 * The id of a cycle's re-audit of `originalId`, named by the two and by how many earlier re-audits of
 * it in the cycle were invalidated. Every allocation of the same re-audit names the same audit stream,
 * so of two allocations at once only one can create it: the other finds it taken and is refused.
 * Shaped as an RFC 9562 version 8 (name-based, SHA-256) UUID, as audit ids are UUIDs.
 */
export function reauditAuditId(cycleId: string, originalId: string, invalidatedBefore: number): string {
  const hex = createHash('sha256').update(`reaudit\u0000${cycleId}\u0000${originalId}\u0000${invalidatedBefore}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * 000: "the audit team will reallocate at least 10% of audited work that fell below good back to
 * auditors to review whether the work has now reached good … The moderation will be done as usual."
 * A candidate of the cycle's latest re-audit proposal becomes a new audit of the same case, linked to
 * the original; allocation itself (independence, the original below Good, a later cycle) is the
 * audit decider's, through the audit's allocateAudit. Resolves to the new audit's id.
 */
async function allocateReaudit(deps: Deps, input: AllocateReauditInput, principal: Principal, correlationId?: string): Promise<string> {
  const { writeSide, dataSource } = deps;
  const audits = dataSource.getRepository(AuditEntity);
  // The 6-week dip audit (on the dip-sample template) may fall in the same cycle; it is not the re-audit.
  const reauditsOf = { reauditOfAuditId: input.reauditOfAuditId, cycleId: input.cycleId, templateId: Not(DIP_AUDIT_TEMPLATE_ID) };
  const [cycle, { state }, original, already, invalidated] = await Promise.all([
    cycleFact(writeSide, input.cycleId),
    writeSide.load(selectionStream(input.cycleId), selectionDecider),
    audits.findOneBy({ id: input.reauditOfAuditId }),
    audits.findOneBy({ ...reauditsOf, status: Not('INVALIDATED') }),
    audits.countBy({ ...reauditsOf, status: 'INVALIDATED' }),
  ]);
  if (!cycle) throw notFound('cycle', input.cycleId);
  requireReauditCandidate(state, input.cycleId, input.reauditOfAuditId, already?.id ?? null);
  if (!original) throw notFound('audit', input.reauditOfAuditId);
  const auditId = reauditAuditId(input.cycleId, original.id, invalidated);
  try {
    return await allocateAudit(
      deps,
      {
        cycleId: input.cycleId,
        caseRef: original.caseRef,
        teamId: original.teamId,
        practitionerId: input.practitionerId ?? original.practitionerId,
        teamManagerId: input.teamManagerId ?? original.teamManagerId,
        auditorId: input.auditorId,
        moderatorId: input.moderatorId,
        templateId: input.templateId ?? original.templateId,
        reauditOfAuditId: original.id,
        ethnicity: original.ethnicity,
        childAge: input.childAge ?? null,
        monthsOpen: input.monthsOpen ?? null,
      },
      principal,
      correlationId,
      auditId,
    );
  } catch (error) {
    // Refused, yet the audit stream is there: another allocation of the same re-audit got there first (see reauditAuditId).
    if (error instanceof DomainError && error.code === 'CONFLICT' && (await writeSide.load(streams.audit(auditId), auditDecider)).exists) {
      throw conflict(`audit ${original.id} is already re-audited in cycle ${input.cycleId} by audit ${auditId}`);
    }
    throw error;
  }
}

const SELECTION_COMMANDS = { proposeSample, proposeReauditCandidates, allocateReaudit };
type SelectionCommandName = keyof typeof SELECTION_COMMANDS;

/** A command on a cycle's case selection, e.g. `new CommandOnSelection('proposeSample', input, principal, correlationId)`. */
export class CommandOnSelection<Name extends SelectionCommandName> extends FeatureCommand<typeof SELECTION_COMMANDS, Name> {}

/** The one handler of the selection's commands: runs the function of the command's name, above. */
@CommandHandler(CommandOnSelection)
export class SelectionCommandHandler implements ICommandHandler<CommandOnSelection<SelectionCommandName>> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  execute(command: CommandOnSelection<SelectionCommandName>) {
    return runCommand(SELECTION_COMMANDS, { writeSide: this.writeSide, dataSource: this.dataSource }, command);
  }
}
