import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { teamDecider } from '../decider.js';
import type { RegisterTeamInput } from '../staff.types.js';

export class RegisterTeamCommand extends Command<string> {
  constructor(
    readonly input: RegisterTeamInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterTeamCommand)
export class RegisterTeamHandler implements ICommandHandler<RegisterTeamCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: RegisterTeamCommand): Promise<string> {
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.team(input.id),
      teamDecider,
      { type: 'RegisterTeam', ...decision, data: { id: input.id, name: input.name, service: input.service } },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.id;
  }
}
