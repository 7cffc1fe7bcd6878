import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, Matches } from 'class-validator';
import { ID_PATTERN, IsEntityId } from '../../graphql/validation.js';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import type { StaffFact } from '../../shared/facts.js';
import { staffDecider } from '../../staff/decider.js';
import { cycleDecider } from '../decider.js';

@InputType()
export class AppointModerationGroupInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => [ID], { description: 'The divisional director, heads of service, group managers and QA officers who moderate the cycle (001).' })
  @ArrayMaxSize(30, { message: 'memberIds: at most 30' })
  @Matches(ID_PATTERN, { each: true, message: "memberIds: each must be 1–64 letters, digits, '.', '_' or '-'" })
  memberIds: string[];
}

/** AUD-13: resolves to the cycle id. */
export class AppointModerationGroupCommand extends Command<string> {
  constructor(
    readonly input: AppointModerationGroupInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(AppointModerationGroupCommand)
export class AppointModerationGroupHandler implements ICommandHandler<AppointModerationGroupCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: AppointModerationGroupCommand): Promise<string> {
    const members: StaffFact[] = [];
    for (const id of new Set(input.memberIds)) {
      const { state, exists } = await this.writeSide.load(streams.staff(id), staffDecider);
      if (exists) members.push(state);
    }
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.cycle(input.cycleId),
      cycleDecider,
      { type: 'AppointModerationGroup', ...decision, data: { cycleId: input.cycleId, memberIds: input.memberIds }, members },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.cycleId;
  }
}
