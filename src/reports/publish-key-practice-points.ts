import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, Matches, MaxLength } from 'class-validator';
import type { Principal } from '../auth/principal.js';
import { IsEntityId } from '../graphql/validation.js';
import { handleCommand } from '../shared/command-handling.js';
import { streams } from '../shared/domain-types.js';
import { WriteSide } from '../write-side/write-side.js';
import { MAX_KEY_PRACTICE_POINTS, MAX_POINT_LENGTH, keyPracticePointsDecider } from './key-practice-points.js';

@InputType()
export class PublishKeyPracticePointsInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => [String], { description: `1 to ${MAX_KEY_PRACTICE_POINTS} points, in the order practitioners should read them.` })
  @IsArray({ message: 'points: must be a list of key practice points' })
  @ArrayNotEmpty({ message: 'points: at least one key practice point is required' })
  @ArrayMaxSize(MAX_KEY_PRACTICE_POINTS, { message: `points: at most ${MAX_KEY_PRACTICE_POINTS} key practice points` })
  @Matches(/\S/, { each: true, message: 'points: a key practice point must not be empty' })
  @MaxLength(MAX_POINT_LENGTH, { each: true, message: `points: each key practice point is at most ${MAX_POINT_LENGTH} characters` })
  points: string[];
}

export class PublishKeyPracticePointsCommand extends Command<string> {
  constructor(
    readonly input: PublishKeyPracticePointsInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(PublishKeyPracticePointsCommand)
export class PublishKeyPracticePointsHandler implements ICommandHandler<PublishKeyPracticePointsCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: PublishKeyPracticePointsCommand): Promise<string> {
    const { decision, context } = this.writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
    await handleCommand(
      this.writeSide.path,
      streams.cycle(input.cycleId),
      keyPracticePointsDecider,
      { type: 'PublishKeyPracticePoints', ...decision, data: { cycleId: input.cycleId, points: input.points } },
      context,
    );
    return input.cycleId;
  }
}
