import { newId } from '../../shared/idempotency.js';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, LessThan } from 'typeorm';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import { CycleEntity } from '../../../projections/cycles/cycle.entity.js';
import type { Principal } from '../../auth/principal.js';
import { WriteSide } from '../../write-side/write-side.js';
import { selectionDecider } from '../decider.js';
import { selectionStream } from '../events.js';
import { cycleFact } from './cycle-fact.js';

/** Resolves to the new proposal's id. */
export class ProposeReauditCandidatesCommand extends Command<string> {
  constructor(
    readonly input: { cycleId: string; count?: number | null; seed?: string | null },
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ProposeReauditCandidatesCommand)
export class ProposeReauditCandidatesHandler implements ICommandHandler<ProposeReauditCandidatesCommand, string> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId }: ProposeReauditCandidatesCommand): Promise<string> {
    const proposalId = newId();
    const cycle = await cycleFact(this.writeSide, input.cycleId);
    // "In the following audit cycle": the latest earlier cycle of the same service, and its audits.
    const previous = cycle
      ? await this.dataSource.getRepository(CycleEntity).findOne({ where: { service: cycle.service, month: LessThan(cycle.month) }, order: { month: 'DESC', id: 'ASC' } })
      : null;
    const audits = previous ? await this.dataSource.getRepository(AuditEntity).findBy({ cycleId: previous.id }) : [];
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
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
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return proposalId;
  }
}
