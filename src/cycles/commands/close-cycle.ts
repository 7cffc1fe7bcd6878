import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, In } from 'typeorm';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { cycleDecider } from '../decider.js';

export class CloseCycleCommand extends Command<string> {
  constructor(
    readonly cycleId: string,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(CloseCycleCommand)
export class CloseCycleHandler implements ICommandHandler<CloseCycleCommand, string> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ cycleId, principal, correlationId }: CloseCycleCommand): Promise<string> {
    // Audits live in streams of their own, so the cycle's unfinished work is counted in the audits
    // read model; every mutation waits for it, so it holds the caller's own changes.
    const unfinishedAudits = await this.dataSource
      .getRepository(AuditEntity)
      .countBy({ cycleId, status: In(['ALLOCATED', 'SUBMITTED', 'RETURNED']) });
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.cycle(cycleId),
      cycleDecider,
      { type: 'CloseCycle', ...decision, data: { cycleId }, unfinishedAudits },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return cycleId;
  }
}
