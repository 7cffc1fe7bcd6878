import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEntityId } from '../../graphql/validation.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { staffDecider } from '../decider.js';

@InputType()
export class RecordAuditorTrainingInput {
  @Field(() => ID) @IsEntityId() staffId: string;
  @Field(() => LocalDateScalar, { description: 'The day the auditor completed the audit team\'s training.' }) completedOn: string;
}

/** PPL-2: the audit team records that an auditor completed its training; resolves to the staff id. */
export class RecordAuditorTrainingCommand extends Command<string> {
  constructor(
    readonly input: RecordAuditorTrainingInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordAuditorTrainingCommand)
export class RecordAuditorTrainingHandler implements ICommandHandler<RecordAuditorTrainingCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: RecordAuditorTrainingCommand): Promise<string> {
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.staff(input.staffId),
      staffDecider,
      { type: 'RecordAuditorTraining', ...decision, data: { staffId: input.staffId, completedOn: input.completedOn } },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.staffId;
  }
}
