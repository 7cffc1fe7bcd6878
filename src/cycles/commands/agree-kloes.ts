import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, Matches, MaxLength } from 'class-validator';
import { IsEntityId } from '../../graphql/validation.js';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { cycleDecider } from '../decider.js';

@InputType()
export class AgreeKloesInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => [String])
  @ArrayNotEmpty({ message: 'kloes: at least one key line of enquiry is required' })
  @ArrayMaxSize(20, { message: 'kloes: at most 20 key lines of enquiry' })
  @Matches(/\S/, { each: true, message: 'kloes: a key line of enquiry must not be empty' })
  @MaxLength(500, { each: true, message: 'kloes: each at most 500 characters' })
  kloes: string[];
}

/** The key lines of enquiry agreed for a cycle; they replace the ones recorded before. */
export class AgreeKloesCommand extends Command<string> {
  constructor(
    readonly input: AgreeKloesInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(AgreeKloesCommand)
export class AgreeKloesHandler implements ICommandHandler<AgreeKloesCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: AgreeKloesCommand): Promise<string> {
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.cycle(input.cycleId),
      cycleDecider,
      { type: 'AgreeKloes', ...decision, data: { cycleId: input.cycleId, kloes: input.kloes } },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.cycleId;
  }
}
