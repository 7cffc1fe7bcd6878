import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsEntityId, IsText } from '../../graphql/validation.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import type { Principal } from '../../auth/principal.js';
import { cycleDecider } from '../../cycles/decider.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { staffDecider } from '../decider.js';

@InputType()
export class GrantAuditorExemptionInput {
  @Field(() => ID) @IsEntityId() staffId: string;
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => String) @IsText(2000) reason: string;
}

@ObjectType({ description: 'An auditor excused from auditing in one cycle by the head of service.' })
export class AuditorExemption {
  @Field(() => ID) staffId: string;
  @Field(() => ID) cycleId: string;
  @Field(() => String) reason: string;
  @Field(() => ID) grantedById: string;
  @Field(() => LocalDateScalar) grantedOn: string;
}

/** The head of service excuses an auditor from one cycle; resolves to the exemption as recorded. */
export class GrantAuditorExemptionCommand extends Command<AuditorExemption> {
  constructor(
    readonly input: GrantAuditorExemptionInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(GrantAuditorExemptionCommand)
export class GrantAuditorExemptionHandler implements ICommandHandler<GrantAuditorExemptionCommand, AuditorExemption> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: GrantAuditorExemptionCommand): Promise<AuditorExemption> {
    const cycle = await this.writeSide.load(streams.cycle(input.cycleId), cycleDecider);
    const decision = this.writeSide.decision(principal);
    const { events } = await this.writeSide.execute(
      streams.staff(input.staffId),
      staffDecider,
      {
        type: 'GrantAuditorExemption',
        ...decision,
        data: { staffId: input.staffId, cycleId: input.cycleId, reason: input.reason },
        cycle: cycle.exists ? { id: cycle.state.id, closed: cycle.state.status === 'CLOSED' } : null,
      },
      this.writeSide.context(principal, 'HEAD_OF_SERVICE', correlationId, decision.now),
    );
    const granted = events.find((event) => event.type === 'AuditorExempted');
    if (granted?.type !== 'AuditorExempted') throw new Error('GrantAuditorExemption appended no AuditorExempted event');
    return { ...granted.data };
  }
}
