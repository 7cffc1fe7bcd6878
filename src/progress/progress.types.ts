import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean } from 'class-validator';
import { LocalDateScalar } from '../graphql/scalars.js';
import { IsEntityId, IsText } from '../graphql/validation.js';

@ObjectType({ description: "REP-8: the EH coordinator lead's weekly record on a piece of Inadequate work." })
export class InadequateWorkProgress {
  @Field(() => ID) auditId: string;
  @Field(() => LocalDateScalar, { description: 'The Monday of the week recorded.' }) weekOf: string;
  @Field(() => String) progress: string;
  @Field(() => Boolean, { description: 'Whether the work is progressing to Good / Outstanding as the plan asks.' }) onTrack: boolean;
  @Field(() => ID) recordedById: string;
  @Field(() => LocalDateScalar) recordedOn: string;
}

@InputType()
export class RecordInadequateWorkProgressInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(4000) progress: string;
  @Field(() => Boolean) @IsBoolean({ message: 'onTrack: must be true or false' }) onTrack: boolean;
}
