import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsText } from '../graphql/validation.js';
import { LocalDateScalar } from '../graphql/scalars.js';
import { Audit } from '../audits/audit.types.js';
import { RoleEnum } from '../graphql/enums.js';
import type { Role } from '../shared/domain-types.js';

@ObjectType({ description: 'BEF-1, BEF-2: the KLOE meeting before the audit month.' })
export class KloeMeeting {
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => [ID]) attendeeIds: string[];
  @Field(() => LocalDateScalar, { description: 'The cases are to be identified and allocated by this day, a week after the meeting.' })
  casesDueBy: string;
}

@ObjectType({ description: 'BEF-3: one post\'s approval of the current KLOE list.' })
export class KloeApproval {
  @Field(() => RoleEnum) role: Role;
  @Field(() => ID) staffId: string;
  @Field(() => LocalDateScalar) approvedOn: string;
}

@ObjectType({ description: "BEF-14: month 4's Practice Day: the leaders' observations and the families' feedback." })
export class PracticeDay {
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => [String]) leadersObservations: string[];
  @Field(() => [String]) familyFeedback: string[];
}

@ObjectType({ description: 'BEF-13: the six-month programme of the cycle (000, 001): months YYYY-MM.' })
export class CycleProgramme {
  @Field(() => String, { description: 'Month 1: the audits.' }) auditMonth: string;
  @Field(() => String, { description: 'Months 3 to 6: the learning campaign.' }) learningFrom: string;
  @Field(() => String) learningTo: string;
  @Field(() => String, { description: 'Month 4: the Practice Day.' }) practiceDayMonth: string;
  @Field(() => String, { description: 'Month 6: the re-audit of work below Good.' }) reauditMonth: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'The day the Practice Day was held, once recorded.' }) practiceDayHeldOn: string | null;
}

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
  @Field(() => KloeMeeting, { nullable: true }) kloeMeeting: KloeMeeting | null;
  @Field(() => [KloeApproval]) kloeApprovals: KloeApproval[];
  @Field(() => Boolean, { description: 'BEF-4: the head of service, EH coordinator lead and divisional director have all approved the KLOEs: audits can be allocated.' })
  kloesApproved: boolean;
  @Field(() => CycleProgramme) programme: CycleProgramme;
  @Field(() => [ID], { description: "AUD-13 (001): the moderation group's members when the programme moderates this cycle by group; empty: each audit's allocated moderator moderates it." })
  moderationGroupIds: string[];
  /** Resolved by CyclesResolver. */
  @Field(() => [Audit]) audits?: Audit[];
}

@ObjectType({ description: "AUD-10: a moderation sample of the month's social care audits received (004: 10% moderated by the AP team)." })
export class ModerationSample {
  @Field(() => ID) sampleId: string;
  @Field(() => String, { description: 'The seed of the random draw: the same seed and audits give the same sample.' }) seed: string;
  @Field(() => Int, { description: 'The share moderated, in percent, rounded up to whole audits.' }) percent: number;
  @Field(() => LocalDateScalar) drawnOn: string;
  @Field(() => ID) drawnById: string;
  @Field(() => [ID], { description: 'The audits received the sample was drawn from.' }) receivedAuditIds: string[];
  @Field(() => [ID], { description: 'The audits to moderate; the others completed without moderation.' }) sampledAuditIds: string[];
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
