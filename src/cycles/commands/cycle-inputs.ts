import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsOptional, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN, IsEntityId } from '../../graphql/validation.js';
import { LocalDateScalar } from '../../graphql/scalars.js';

/** The inputs of the cycle's commands (cycle-commands.ts); ScheduleCycleInput is in cycle.types.ts. */

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

@InputType()
export class RecordKloeMeetingInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => [ID])
  @ArrayNotEmpty({ message: 'attendeeIds: name the staff who attended the KLOE meeting' })
  @ArrayMaxSize(30, { message: 'attendeeIds: at most 30 attendees' })
  @Matches(ID_PATTERN, { each: true, message: 'attendeeIds: each must be a staff id' })
  attendeeIds: string[];
}

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

@InputType()
export class DrawModerationSampleInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => String, { nullable: true, description: 'The seed of the random draw; left out, one is chosen at random. Recorded either way, so the draw can be repeated.' })
  @IsOptional()
  @MaxLength(200, { message: 'seed: at most 200 characters' })
  seed?: string | null;
}

@InputType()
export class AppointModerationGroupInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => [ID], { description: 'The divisional director, heads of service, group managers and QA officers who moderate the cycle (001).' })
  @ArrayMaxSize(30, { message: 'memberIds: at most 30' })
  @Matches(ID_PATTERN, { each: true, message: "memberIds: each must be 1–64 letters, digits, '.', '_' or '-'" })
  memberIds: string[];
}
