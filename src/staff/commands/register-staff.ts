import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { staffDecider, teamDecider } from '../decider.js';
import type { RegisterStaffInput } from '../staff.types.js';

export class RegisterStaffCommand extends Command<string> {
  constructor(
    readonly input: RegisterStaffInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterStaffCommand)
export class RegisterStaffHandler implements ICommandHandler<RegisterStaffCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: RegisterStaffCommand): Promise<string> {
    const decision = this.writeSide.decision(principal);
    // The team is a fact from its own stream, so a staff member is never put in a team that does not exist.
    const team = input.teamId ? await this.writeSide.load(streams.team(input.teamId), teamDecider) : null;
    await this.writeSide.execute(
      streams.staff(input.id),
      staffDecider,
      {
        type: 'RegisterStaff',
        ...decision,
        data: { id: input.id, name: input.name, email: input.email, teamId: input.teamId ?? null, roles: input.roles },
        team: team?.exists ? { id: team.state.id } : null,
      },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.id;
  }
}
