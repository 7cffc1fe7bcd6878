import { newId } from '../../shared/idempotency.js';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, In } from 'typeorm';
import { StaffEntity } from '../../../projections/directory/staff.entity.js';
import { TeamEntity } from '../../../projections/directory/team.entity.js';
import type { Principal } from '../../auth/principal.js';
import { auditsOfCases } from '../../audits/case-history.js';
import { WriteSide } from '../../write-side/write-side.js';
import { selectionDecider } from '../decider.js';
import { selectionStream } from '../events.js';
import type { ProposeSampleInput } from '../selection.types.js';
import { cycleFact } from './cycle-fact.js';

/** Resolves to the new proposal's id. */
export class ProposeSampleCommand extends Command<string> {
  constructor(
    readonly input: ProposeSampleInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ProposeSampleCommand)
export class ProposeSampleHandler implements ICommandHandler<ProposeSampleCommand, string> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId }: ProposeSampleCommand): Promise<string> {
    const proposalId = newId();
    const candidates = input.candidates ?? [];
    const teamIds = [...candidates.map((c) => c.teamId), ...(input.sampleSizes ?? []).map((s) => s.teamId ?? '')].filter(Boolean);
    const staffIds = candidates.flatMap((c) => [c.practitionerId, c.teamManagerId]);
    // A long list of candidates: teams and staff come from the directory read model in one query each,
    // and earlier audits of the cases from the audits read model (both hold the caller's own writes).
    const [cycle, teams, staff, caseAudits] = await Promise.all([
      cycleFact(this.writeSide, input.cycleId),
      this.dataSource.getRepository(TeamEntity).findBy({ id: In([...new Set(teamIds)]) }),
      this.dataSource.getRepository(StaffEntity).findBy({ id: In([...new Set(staffIds)]) }),
      auditsOfCases(this.dataSource, candidates.map((c) => (typeof c.caseRef === 'string' ? c.caseRef.trim() : ''))),
    ]);
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
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
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return proposalId;
  }
}
