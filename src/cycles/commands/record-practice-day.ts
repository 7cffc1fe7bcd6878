import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, MaxLength } from 'class-validator';
import { IsEntityId } from '../../graphql/validation.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { cycleDecider } from '../decider.js';

@InputType()
export class RecordPracticeDayInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => [String], { description: "What leaders saw of practice on the day." })
  @ArrayMaxSize(50, { message: 'leadersObservations: at most 50' })
  @MaxLength(2000, { each: true, message: 'leadersObservations: each at most 2000 characters' })
  leadersObservations: string[];
  @Field(() => [String], { description: 'What children and families said.' })
  @ArrayMaxSize(50, { message: 'familyFeedback: at most 50' })
  @MaxLength(2000, { each: true, message: 'familyFeedback: each at most 2000 characters' })
  familyFeedback: string[];
}

/** BEF-14: resolves to the cycle id. */
export class RecordPracticeDayCommand extends Command<string> {
  constructor(
    readonly input: RecordPracticeDayInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordPracticeDayCommand)
export class RecordPracticeDayHandler implements ICommandHandler<RecordPracticeDayCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: RecordPracticeDayCommand): Promise<string> {
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.cycle(input.cycleId),
      cycleDecider,
      { type: 'RecordPracticeDay', ...decision, data: { cycleId: input.cycleId, heldOn: input.heldOn, leadersObservations: input.leadersObservations, familyFeedback: input.familyFeedback } },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.cycleId;
  }
}
