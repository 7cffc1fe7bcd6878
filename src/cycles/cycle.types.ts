import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsText } from '../graphql/validation.js';
import { LocalDateScalar } from '../graphql/scalars.js';
import { Audit } from '../audits/audit.types.js';

@ObjectType()
export class AuditCycle {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String) service: string;
  @Field(() => String, { description: 'The audit month, YYYY-MM.' }) month: string;
  @Field(() => [String]) kloes: string[];
  @Field(() => LocalDateScalar, { nullable: true, description: 'Moderation of the cycle\'s audits is due by this day.' })
  moderationDue: string | null;
  @Field(() => String, { description: 'OPEN or CLOSED.' }) status: string;
  /** Resolved by CyclesResolver. */
  @Field(() => [Audit]) audits?: Audit[];
}

@InputType()
export class ScheduleCycleInput {
  @Field(() => String) @IsText() name: string;
  @Field(() => String) @IsText() service: string;
  @Field(() => String) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month: must be YYYY-MM' }) month: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'kloes: at most 20 key lines of enquiry' })
  @Matches(/\S/, { each: true, message: 'kloes: a key line of enquiry must not be empty' })
  @MaxLength(500, { each: true, message: 'kloes: each at most 500 characters' })
  kloes?: string[] | null;
}
