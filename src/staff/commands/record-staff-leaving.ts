import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEntityId } from '../../graphql/validation.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { staffDecider } from '../decider.js';

@InputType()
export class RecordStaffLeavingInput {
  @Field(() => ID) @IsEntityId() staffId: string;
  @Field(() => LocalDateScalar, { description: 'The day they left the authority (today or earlier).' }) leftOn: string;
}

/** PPL-8: the audit team records that a staff member has left; resolves to the staff id. */
export class RecordStaffLeavingCommand extends Command<string> {
  constructor(
    readonly input: RecordStaffLeavingInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordStaffLeavingCommand)
export class RecordStaffLeavingHandler implements ICommandHandler<RecordStaffLeavingCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: RecordStaffLeavingCommand): Promise<string> {
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.staff(input.staffId),
      staffDecider,
      { type: 'RecordStaffLeaving', ...decision, data: { staffId: input.staffId, leftOn: input.leftOn } },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.staffId;
  }
}
