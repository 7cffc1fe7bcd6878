import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { AnswerEnum } from '../graphql/enums.js';
import { LocalDateScalar } from '../graphql/scalars.js';
import { IsEntityId, IsText } from '../graphql/validation.js';
import { ANSWERS, type Answer } from '../shared/domain-types.js';
import type { DipSampleStatus } from './events.js';

const DipSampleStatusEnum = { RECORDED: 'RECORDED', FINDINGS_REPORTED: 'FINDINGS_REPORTED', SIGNED_OFF: 'SIGNED_OFF' } as const;
registerEnumType(DipSampleStatusEnum, { name: 'DipSampleStatus', description: 'RECORDED, then FINDINGS_REPORTED to a head of service, then SIGNED_OFF.' });

@ObjectType()
export class DipSampleAnswer {
  @Field(() => String) question: string;
  @Field(() => AnswerEnum) answer: Answer;
  @Field(() => String, { nullable: true }) comment: string | null;
}

@ObjectType({ description: 'One case record checked, with its answers on the theme.' })
export class DipSampleCase {
  @Field(() => String) caseRef: string;
  @Field(() => ID) teamId: string;
  @Field(() => [DipSampleAnswer]) answers: DipSampleAnswer[];
}

@ObjectType({ description: 'How one question of the theme was answered across the cases checked.' })
export class DipSampleTally {
  @Field(() => String) question: string;
  @Field(() => String) text: string;
  @Field(() => Int) yes: number;
  @Field(() => Int) no: number;
  @Field(() => Int) notApplicable: number;
  @Field(() => Int) partially: number;
}

@ObjectType({ description: "The audit team's quick thematic check of case records (000 'Completion of dip samples')." })
export class DipSample {
  @Field(() => ID) id: string;
  @Field(() => ID) cycleId: string;
  @Field(() => String, { description: 'The dip-sample template section tested: CLOSURE, STEP_DOWN, SUPERVISION or DIRECT_WORK.' }) theme: string;
  @Field(() => String) themeTitle: string;
  @Field(() => ID) templateId: string;
  @Field(() => Int) templateVersion: number;
  @Field(() => String, { nullable: true, description: "The cycle's key line of enquiry it tests." }) kloe: string | null;
  @Field(() => DipSampleStatusEnum) status: DipSampleStatus;
  @Field(() => ID) recordedById: string;
  @Field(() => LocalDateScalar) recordedOn: string;
  @Field(() => [DipSampleCase]) cases: DipSampleCase[];
  @Field(() => [DipSampleTally]) tally: DipSampleTally[];
  @Field(() => [String], { description: 'The key findings reported to the head of service (the latest report).' }) findings: string[];
  @Field(() => ID, { nullable: true }) reportedById: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) reportedOn: string | null;
  @Field(() => ID, { nullable: true, description: 'The head of service the findings were sent to for sign-off.' }) headOfServiceId: string | null;
  @Field(() => ID, { nullable: true }) signedOffById: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) signedOffOn: string | null;
  @Field(() => String, { nullable: true }) signOffNote: string | null;
}

@InputType()
export class DipSampleAnswerInput {
  @Field(() => String) @IsText(64) question: string;
  @Field(() => AnswerEnum) @IsIn(ANSWERS, { message: 'answer: must be YES, NO, NOT_APPLICABLE or PARTIALLY' }) answer: Answer;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000, { message: 'comment: at most 2000 characters' }) comment?: string | null;
}

@InputType()
export class DipSampleCaseInput {
  @Field(() => String) @IsText(100) caseRef: string;
  @Field(() => ID) @IsEntityId() teamId: string;
  @Field(() => [DipSampleAnswerInput])
  @ArrayMaxSize(50, { message: 'answers: at most 50' })
  @ValidateNested({ each: true })
  @Type(() => DipSampleAnswerInput)
  answers: DipSampleAnswerInput[];
}

@InputType()
export class RecordDipSampleInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => String, { description: 'CLOSURE, STEP_DOWN, SUPERVISION or DIRECT_WORK.' }) @IsText(64) theme: string;
  @Field(() => String, { nullable: true, description: "One of the cycle's key lines of enquiry." }) @IsOptional() @MaxLength(500, { message: 'kloe: at most 500 characters' }) kloe?: string | null;
  @Field(() => [DipSampleCaseInput])
  @ArrayMaxSize(200, { message: 'cases: at most 200 case records' })
  @ValidateNested({ each: true })
  @Type(() => DipSampleCaseInput)
  cases: DipSampleCaseInput[];
}

@InputType()
export class ReportDipSampleFindingsInput {
  @Field(() => ID) @IsEntityId() dipSampleId: string;
  @Field(() => [String]) @ArrayMaxSize(50, { message: 'findings: at most 50' }) @MaxLength(4000, { each: true, message: 'findings: each at most 4000 characters' }) findings: string[];
  @Field(() => ID, { description: 'The head of service who signs the findings off.' }) @IsEntityId() headOfServiceId: string;
}

@InputType()
export class SignOffDipSampleInput {
  @Field(() => ID) @IsEntityId() dipSampleId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000, { message: 'note: at most 4000 characters' }) note?: string | null;
}
