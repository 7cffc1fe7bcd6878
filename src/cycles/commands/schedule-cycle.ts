import { newId } from '../../shared/idempotency.js';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { cycleDecider } from '../decider.js';
import type { ScheduleCycleInput } from '../cycle.types.js';

export class ScheduleCycleCommand extends Command<string> {
  constructor(
    readonly input: ScheduleCycleInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ScheduleCycleCommand)
export class ScheduleCycleHandler implements ICommandHandler<ScheduleCycleCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: ScheduleCycleCommand): Promise<string> {
    const cycleId = newId();
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.cycle(cycleId),
      cycleDecider,
      { type: 'ScheduleCycle', ...decision, data: { cycleId, name: input.name, service: input.service, month: input.month, kloes: input.kloes ?? [] } },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return cycleId;
  }
}
