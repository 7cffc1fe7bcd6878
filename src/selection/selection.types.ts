import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, MaxLength, Min, ValidateNested } from 'class-validator';
import { GradeEnum } from '../graphql/enums.js';
import { LocalDateScalar } from '../graphql/scalars.js';
import { IsEntityId, IsText } from '../graphql/validation.js';
import type { Grade } from '../shared/domain-types.js';

const SampleBasisEnum = { TEAM: 'TEAM', SERVICE: 'SERVICE', CHOSEN: 'CHOSEN' } as const;
registerEnumType(SampleBasisEnum, {
  name: 'SampleBasis',
  description: "Drawn for its team's sample size, or from the whole service; or chosen by hand for the KLOEs, with a reason (BEF-11).",
});

@ObjectType()
export class SampleSize {
  @Field(() => ID, { nullable: true, description: 'The team; null for the whole service.' }) teamId: string | null;
  @Field(() => Int) size: number;
}

@ObjectType({ description: 'A case drawn for audit, with the facts the template header asks for.' })
export class SampledCase {
  @Field(() => String) caseRef: string;
  @Field(() => ID) teamId: string;
  @Field(() => ID) practitionerId: string;
  @Field(() => ID) teamManagerId: string;
  @Field(() => String, { nullable: true }) ethnicity: string | null;
  @Field(() => Int, { nullable: true }) childAge: number | null;
  @Field(() => Int, { nullable: true }) monthsOpen: number | null;
  @Field(() => Boolean, { description: 'Audited before (more than 12 months ago), by the service’s own audits.' }) auditedBefore: boolean;
  @Field(() => LocalDateScalar, { nullable: true }) previousAuditOn: string | null;
  @Field(() => SampleBasisEnum) basis: 'TEAM' | 'SERVICE' | 'CHOSEN';
  @Field(() => String, { nullable: true, description: 'BEF-11: why the case was chosen by hand (for which KLOE).' }) reason?: string | null;
  @Field(() => ID, { nullable: true, description: 'The audit allocated for this case in the cycle, once there is one.' }) allocatedAuditId: string | null;
}

@ObjectType({ description: 'A candidate left out because the case was audited in the last 12 months.' })
export class ExcludedCase {
  @Field(() => String) caseRef: string;
  @Field(() => ID) teamId: string;
  @Field(() => ID) auditId: string;
  @Field(() => LocalDateScalar) auditedOn: string;
}

@ObjectType({ description: 'BEF-12: a case audited in the last 12 months that the audit team kept in the draw, and why.' })
export class ExclusionOverride {
  @Field(() => String) caseRef: string;
  @Field(() => String) reason: string;
  @Field(() => ID) auditId: string;
  @Field(() => LocalDateScalar) auditedOn: string;
}

@ObjectType({ description: 'A random sample of open cases for a cycle; reproducible from its seed and what it was drawn from.' })
export class SampleProposal {
  @Field(() => ID) id: string;
  @Field(() => ID) cycleId: string;
  @Field(() => String) service: string;
  @Field(() => String) seed: string;
  @Field(() => LocalDateScalar, { description: 'Cases audited after this day (12 months before) were left out.' }) excludedIfAuditedAfter: string;
  @Field(() => [SampleSize]) sampleSizes: SampleSize[];
  @Field(() => Int) candidatesConsidered: number;
  @Field(() => [SampledCase]) cases: SampledCase[];
  @Field(() => [ExcludedCase]) excluded: ExcludedCase[];
  @Field(() => [ExclusionOverride]) exclusionOverrides: ExclusionOverride[];
  @Field(() => ID) proposedById: string;
  @Field(() => LocalDateScalar) proposedOn: string;
}

@ObjectType({ description: 'A moderated audit of the previous cycle whose work fell below Good, proposed for re-audit.' })
export class ReauditCandidate {
  @Field(() => ID) auditId: string;
  @Field(() => String) caseRef: string;
  @Field(() => ID) teamId: string;
  @Field(() => GradeEnum) grade: Grade;
  @Field(() => ID, { nullable: true, description: 'The re-audit allocated in this cycle, once there is one.' }) reauditId: string | null;
}

@ObjectType({ description: '000 "6-month re-audit of 10% of work": at least 10% (rounded up) of the previous cycle’s work below Good.' })
export class ReauditProposal {
  @Field(() => ID) id: string;
  @Field(() => ID) cycleId: string;
  @Field(() => ID) previousCycleId: string;
  @Field(() => String) seed: string;
  @Field(() => Int, { description: 'How many moderated audits of the previous cycle fell below Good.' }) belowGood: number;
  @Field(() => Int, { description: 'At least 10% of them, rounded up.' }) required: number;
  @Field(() => [ReauditCandidate]) candidates: ReauditCandidate[];
  @Field(() => ID) proposedById: string;
  @Field(() => LocalDateScalar) proposedOn: string;
}

@InputType({ description: 'An open case put forward for the sample, from the child level data sheets.' })
export class CaseCandidateInput {
  @Field(() => String) @IsText(100) caseRef: string;
  @Field(() => ID) @IsEntityId() teamId: string;
  @Field(() => ID) @IsEntityId() practitionerId: string;
  @Field(() => ID) @IsEntityId() teamManagerId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100, { message: 'ethnicity: at most 100 characters' }) ethnicity?: string | null;
  @Field(() => Int, { nullable: true, description: "The index (or youngest) child's age in whole years." }) @IsOptional() childAge?: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole months the case has been open in Early Help.' }) @IsOptional() monthsOpen?: number | null;
}

@InputType()
export class SampleSizeInput {
  @Field(() => ID, { nullable: true, description: 'The team to draw from; omit for the whole service (after the teams’ own).' })
  @IsOptional()
  @IsEntityId()
  teamId?: string | null;
  @Field(() => Int) @IsInt({ message: 'size: must be a whole number of cases, 1 or more' }) @Min(1, { message: 'size: must be a whole number of cases, 1 or more' }) size: number;
}

@InputType({ description: 'A candidate named with a reason: chosen by hand for a KLOE (BEF-11), or kept in the draw though audited in the last 12 months (BEF-12).' })
export class ReasonedCaseInput {
  @Field(() => String) @IsText(100) caseRef: string;
  @Field(() => String) @IsText(2000) reason: string;
}

@InputType()
export class ProposeSampleInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => [CaseCandidateInput])
  @ArrayMaxSize(5000, { message: 'candidates: at most 5000 cases' })
  @ValidateNested({ each: true })
  @Type(() => CaseCandidateInput)
  candidates: CaseCandidateInput[];
  @Field(() => [SampleSizeInput])
  @ArrayMaxSize(100, { message: 'sampleSizes: at most 100' })
  @ValidateNested({ each: true })
  @Type(() => SampleSizeInput)
  sampleSizes: SampleSizeInput[];
  @Field(() => [ReasonedCaseInput], { nullable: true, description: 'BEF-11: candidates picked by hand for the KLOEs, each with its reason; taken besides the draw.' })
  @IsOptional()
  @ArrayMaxSize(200, { message: 'chosen: at most 200 cases' })
  @ValidateNested({ each: true })
  @Type(() => ReasonedCaseInput)
  chosen?: ReasonedCaseInput[] | null;
  @Field(() => [ReasonedCaseInput], { nullable: true, description: 'BEF-12: candidates audited in the last 12 months to keep in the draw, each with its reason.' })
  @IsOptional()
  @ArrayMaxSize(200, { message: 'includeRecentlyAudited: at most 200 cases' })
  @ValidateNested({ each: true })
  @Type(() => ReasonedCaseInput)
  includeRecentlyAudited?: ReasonedCaseInput[] | null;
  @Field(() => String, { nullable: true, description: 'To draw again as before; a new one is made when omitted.' })
  @IsOptional()
  @IsText(200)
  seed?: string | null;
}

@InputType({ description: 'A re-audit of a proposed candidate: the case, team and people are the original audit’s unless given.' })
export class AllocateReauditInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => ID) @IsEntityId() reauditOfAuditId: string;
  @Field(() => ID) @IsEntityId() auditorId: string;
  @Field(() => ID) @IsEntityId() moderatorId: string;
  @Field(() => ID, { nullable: true, description: 'When the case has a new practitioner.' }) @IsOptional() @IsEntityId() practitionerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsEntityId() teamManagerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Defaults to the original audit’s template.' }) @IsOptional() @IsEntityId() templateId?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() childAge?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() monthsOpen?: number | null;
}
