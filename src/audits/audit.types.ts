import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ActionScopeEnum, ActionStatusEnum, AnswerEnum, AuditStatusEnum, GradeEnum, GradeSourceEnum } from '../graphql/enums.js';
import { DateTimeScalar, LocalDateScalar } from '../graphql/scalars.js';
import { IsEntityId, IsText } from '../graphql/validation.js';
import {
  ACTION_SCOPES,
  ANSWERS,
  GRADES,
  type ActionScope,
  type ActionStatus,
  type Answer,
  type AuditStatus,
  type Grade,
  type GradeSource,
} from '../shared/domain-types.js';
import { LINKED_PLANS, type DisputeState, type LinkedPlan } from './decider.js';
import type { DisputeParty } from './events.js';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const LinkedPlanEnum = asEnum(LINKED_PLANS);
export const DisputePartyEnum = asEnum<DisputeParty>(['PRACTITIONER', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD']);
export const DisputeStatusEnum = asEnum<DisputeState['status']>(['OPEN', 'UNRESOLVED', 'SETTLED', 'DECIDED']);
registerEnumType(LinkedPlanEnum, { name: 'LinkedPlan', description: "The child's existing plan a UoPP meeting's actions go into." });
export enum ModerationSampleEnum {
  IN_SAMPLE = 'IN_SAMPLE',
  OUTSIDE_SAMPLE = 'OUTSIDE_SAMPLE',
}
registerEnumType(ModerationSampleEnum, {
  name: 'ModerationSampleMembership',
  description: "AUD-10: whether the month's moderation sample (10% of social care audits received) chose the audit.",
});
registerEnumType(DisputePartyEnum, { name: 'DisputeParty', description: 'Who disputes a moderation.' });
registerEnumType(DisputeStatusEnum, {
  name: 'DisputeStatus',
  description: 'OPEN until discussed with the moderator; SETTLED there, or UNRESOLVED and then DECIDED by the head of service or audit team.',
});

@ObjectType()
export class SectionGrade {
  @Field(() => String) section: string;
  @Field(() => GradeEnum, { nullable: true }) auditorGrade: Grade | null;
  @Field(() => GradeEnum, { nullable: true }) moderatorGrade: Grade | null;
  @Field(() => String, { nullable: true, description: 'AUD-8: why the auditor marked the section not applicable to this case; null when it is not.' })
  notApplicableReason?: string | null;
}

@ObjectType()
export class GradeChange {
  @Field(() => ID) eventId: string;
  @Field(() => ID) auditId: string;
  @Field(() => String, { description: 'A template section key, or OVERALL for the audit as a whole.' }) section: string;
  @Field(() => GradeSourceEnum) source: GradeSource;
  @Field(() => GradeEnum, { nullable: true }) from: Grade | null;
  @Field(() => GradeEnum) to: Grade;
  @Field(() => String) rationale: string;
  @Field(() => ID) changedById: string;
  @Field(() => DateTimeScalar) changedAt: Date;
}

@ObjectType()
export class Deadlines {
  @Field(() => LocalDateScalar, { nullable: true }) moderationDue: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) uoppDue: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) followUpUoppDue: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dipAuditDue: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Inadequate work: the team manager addresses urgent issues by this day.' })
  urgentIssuesDue: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'While returned for rectification: the day to put it right by.' })
  rectifyBy: string | null;
  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Moderated below Good: work not improved by this day (4 months after moderation) is escalated to the divisional director.',
  })
  improvementEscalationDue?: string | null;
}

@ObjectType()
export class Action {
  @Field(() => ID) id: string;
  @Field(() => ID) auditId: string;
  @Field(() => String) description: string;
  @Field(() => ID) ownerId: string;
  @Field(() => LocalDateScalar) dueOn: string;
  @Field(() => ActionScopeEnum) scope: ActionScope;
  @Field(() => ActionStatusEnum) status: ActionStatus;
  @Field(() => Boolean, { description: 'OPEN and due before today.' }) overdue: boolean;
  @Field(() => Boolean, { description: "Only CASE actions go on the child's record." }) onCaseRecord: boolean;
  @Field(() => ID) agreedById: string;
  @Field(() => LocalDateScalar) agreedOn: string;
  @Field(() => String, { nullable: true }) lastProgressNote: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'AUD-5: when the practitioner acknowledged this case action; null until then.' })
  acknowledgedOn?: string | null;
  @Field(() => String, { nullable: true, description: 'AUD-5: the practitioner’s comment when acknowledging it.' }) acknowledgementComment?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) lastProgressedOn: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'When it was completed or dropped.' }) closedOn: string | null;
  @Field(() => String, { nullable: true, description: 'The completion note or the reason it was dropped.' }) closingNote: string | null;
}

@ObjectType({ description: 'A moderation dispute and where it stands.' })
export class ModerationDispute {
  @Field(() => ID) id: string;
  @Field(() => ID) auditId: string;
  @Field(() => ID) raisedById: string;
  @Field(() => DisputePartyEnum) raisedAs: DisputeParty;
  @Field(() => DisputeStatusEnum) status: DisputeState['status'];
  @Field(() => GradeEnum, { nullable: true, description: "The audit's overall grade now." }) currentGrade: Grade | null;
}

@ObjectType({ description: 'A UoPP meeting as recorded: when, who chaired and attended, the plan it links to, and a grade it raised; never what was said.' })
export class UoPPMeetingRecord {
  @Field(() => String, { description: 'INITIAL, or FOLLOW_UP for the follow-up on Inadequate work.' }) meeting: 'INITIAL' | 'FOLLOW_UP';
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => ID) chairId: string;
  @Field(() => [ID]) attendeeIds: string[];
  @Field(() => LinkedPlanEnum, { nullable: true, description: "The child's plan the meeting's actions go into." }) linkedPlan: LinkedPlan | null;
  @Field(() => GradeEnum, { description: 'The overall grade when the meeting was held.' }) gradeBefore: Grade;
  @Field(() => GradeEnum, { nullable: true, description: 'The grade the meeting raised the work to; null when unchanged.' }) revisedGrade: Grade | null;
}

@ObjectType({ description: "A concern for the child's safety escalated at once: to whom, when, and the immediate actions." })
export class Escalation {
  @Field(() => ID) id: string;
  @Field(() => ID) auditId: string;
  @Field(() => ID) raisedById: string;
  @Field(() => [ID]) escalatedToIds: string[];
  @Field(() => LocalDateScalar) escalatedOn: string;
  @Field(() => String) concern: string;
  @Field(() => String) immediateActions: string;
}

@ObjectType()
export class AnswerRecord {
  @Field(() => String) section: string;
  @Field(() => String) question: string;
  @Field(() => AnswerEnum) answer: Answer;
  @Field(() => String, { nullable: true }) comment: string | null;
}

@ObjectType({ description: "The auditor's written answer to a free-text question of the template." })
export class NarrativeRecord {
  @Field(() => String) section: string;
  @Field(() => String) question: string;
  @Field(() => String) text: string;
}

@ObjectType({ description: "The team manager's record that the urgent issues of Inadequate work were addressed (000 guide: within 2 working days of moderation)." })
export class UrgentIssuesAddressedRecord {
  @Field(() => LocalDateScalar) addressedOn: string;
  @Field(() => ID) addressedById: string;
  @Field(() => LocalDateScalar, { description: 'The day they were due to be addressed by.' }) dueOn: string;
  @Field(() => Boolean, { description: 'Addressed on or before the day due.' }) onTime: boolean;
  @Field(() => String) summary: string;
}

@ObjectType()
export class FeedbackAnswer {
  @Field(() => String) question: string;
  @Field(() => String) text: string;
}

@ObjectType({ description: 'AUD-7: the family’s view of the work (template section 9), as the auditor recorded it.' })
export class FamilyFeedback {
  @Field(() => Int, { nullable: true }) rating: number | null;
  @Field(() => AnswerEnum, { nullable: true }) couldHaveTheirSay: Answer | null;
  @Field(() => AnswerEnum, { nullable: true }) ableToAccessSupport: Answer | null;
  @Field(() => String, { nullable: true }) comments: string | null;
  @Field(() => String, { nullable: true }) notCompletedReason: string | null;
  @Field(() => ID) recordedById: string;
  @Field(() => LocalDateScalar) recordedOn: string;
}

@ObjectType({ description: 'AUD-7: the practitioner’s own section (template section 10), in their words.' })
export class PractitionerFeedback {
  @Field(() => [FeedbackAnswer]) answers: FeedbackAnswer[];
  @Field(() => String, { nullable: true }) comments: string | null;
  @Field(() => String, { nullable: true }) notCompletedReason: string | null;
  @Field(() => ID) recordedById: string;
  @Field(() => LocalDateScalar) recordedOn: string;
}

@ObjectType()
export class Audit {
  @Field(() => ID) id: string;
  @Field(() => ID) cycleId: string;
  @Field(() => String) caseRef: string;
  @Field(() => ID) teamId: string;
  @Field(() => ID) practitionerId: string;
  @Field(() => ID) teamManagerId: string;
  @Field(() => ID) auditorId: string;
  @Field(() => ID) moderatorId: string;
  @Field(() => ID) templateId: string;
  @Field(() => Number, { description: 'The template version the audit was allocated with.' }) templateVersion: number;
  @Field(() => AuditStatusEnum) status: AuditStatus;
  @Field(() => GradeEnum, { nullable: true, description: "The auditor's overall grade." }) initialGrade: Grade | null;
  @Field(() => GradeEnum, { nullable: true, description: 'The overall grade after moderation.' }) moderatedGrade: Grade | null;
  @Field(() => GradeEnum, { nullable: true, description: 'The latest overall grade, after any UoPP revision or dispute decision.' })
  currentGrade: Grade | null;
  @Field(() => ModerationSampleEnum, {
    nullable: true,
    description:
      "AUD-10: on a template moderated by sample, IN_SAMPLE (moderated) or OUTSIDE_SAMPLE (completed without moderation, moderatedGrade null) once the month's sample is drawn; null before, and for templates that moderate every audit.",
  })
  moderationSample: 'IN_SAMPLE' | 'OUTSIDE_SAMPLE' | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'AFT-5: the day a dip audit found this work still below Good and referred it to the EH coordinator lead; null when not referred.' })
  referredToCoordinatorLeadOn: string | null;
  @Field(() => ID, { nullable: true, description: 'AFT-5: the dip audit that referred the work.' }) referredByDipAuditId: string | null;
  @Field(() => [SectionGrade]) sections: SectionGrade[];
  @Field(() => Boolean) uoppHeld: boolean;
  @Field(() => Boolean) reauditRequired: boolean;
  @Field(() => Deadlines) deadlines: Deadlines;
  @Field(() => UrgentIssuesAddressedRecord, { nullable: true, description: 'Inadequate work: when and how its urgent issues were addressed; null until then.' })
  urgentIssuesAddressed?: UrgentIssuesAddressedRecord | null;
  @Field(() => [AnswerRecord]) answers: AnswerRecord[];
  @Field(() => [NarrativeRecord], { description: 'Written answers to the free-text questions.' }) narratives?: NarrativeRecord[];
  @Field(() => Boolean, { nullable: true, description: 'Audited previously? (template header); null when not known.' }) auditedBefore?: boolean | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'When the case was last audited before this audit.' }) previousAuditOn?: string | null;
  @Field(() => String, { nullable: true, description: 'The ethnicity recorded at allocation (template header).' }) ethnicity?: string | null;
  @Field(() => Int, { nullable: true, description: "The index (or youngest) child's age at the point of audit, in years." }) childAge?: number | null;
  @Field(() => Int, { nullable: true, description: 'How many months the case had been open in Early Help when allocated.' }) monthsOpen?: number | null;
  @Field(() => ID, { nullable: true, description: 'A dip audit or re-audit: the audit it follows up.' }) reauditOfAuditId: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'AUD-1: when the auditor discussed the case with the practitioner and/or team manager.' })
  collaborativeDiscussionOn?: string | null;
  @Field(() => [ID], { description: 'AUD-1: who took part in that discussion (the practitioner and/or team manager).' }) collaborativeDiscussionWithIds?: string[];
  @Field(() => FamilyFeedback, { nullable: true, description: 'AUD-7: the family’s feedback, the latest recorded; null until then.' }) familyFeedback?: FamilyFeedback | null;
  @Field(() => PractitionerFeedback, { nullable: true, description: 'AUD-7: the practitioner’s own section, the latest recorded; null until then.' })
  practitionerFeedback?: PractitionerFeedback | null;
  @Field(() => GradeEnum, {
    nullable: true,
    description: "The overall grade the auditor's section grades suggest so far; the auditor decides the overall grade.",
  })
  suggestedOverallGrade: Grade | null;
  @Field(() => String, { nullable: true, description: 'AUD-12: which rule of 002 gave the suggested overall grade, with the counts; null when nothing is suggested.' })
  suggestedOverallGradeRule?: string | null;
  @Field(() => [String], {
    description: "Why the auditor's overall grade looks inconsistent with the section grades, for the audit team's QA; empty when it does not.",
  })
  overallGradeInconsistencies: string[];
  /** Resolved by AuditsResolver. */
  @Field(() => [GradeChange]) gradeHistory?: GradeChange[];
  @Field(() => [Action], { description: "Actions on the child's record (CASE); the audit team also sees learning actions here." })
  actions?: Action[];
  @Field(() => [Audit], { description: 'Dip audits and re-audits that follow this audit up, that the caller may read.' })
  reaudits?: Audit[];
  @Field(() => [ModerationDispute]) disputes?: ModerationDispute[];
  @Field(() => [UoPPMeetingRecord], { description: 'The UoPP meetings recorded on this audit, oldest first.' }) uoppMeetings?: UoPPMeetingRecord[];
}

const GRADE_MESSAGE = { message: `grade: must be one of ${GRADES.join(', ')}` };

@InputType()
export class AllocateAuditInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => String) @IsText(100) caseRef: string;
  @Field(() => ID) @IsEntityId() teamId: string;
  @Field(() => ID) @IsEntityId() practitionerId: string;
  @Field(() => ID) @IsEntityId() teamManagerId: string;
  @Field(() => ID) @IsEntityId() auditorId: string;
  @Field(() => ID) @IsEntityId() moderatorId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsEntityId() templateId?: string | null;
  @Field(() => ID, { nullable: true, description: 'For a dip audit or re-audit in a later cycle: the moderated audit it follows up.' })
  @IsOptional()
  @IsEntityId()
  reauditOfAuditId?: string | null;
  // The case facts of the Early Help template's header (003).
  @Field(() => Boolean, { nullable: true, description: 'Audited previously? When omitted, the service answers from its own earlier audits of the case.' })
  @IsOptional()
  @IsBoolean({ message: 'auditedBefore: must be true or false' })
  auditedBefore?: boolean | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'When the case was audited before.' }) @IsOptional() previousAuditOn?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100, { message: 'ethnicity: at most 100 characters' }) ethnicity?: string | null;
  @Field(() => Int, { nullable: true, description: "The index (or youngest) child's age at the point of audit, in whole years." })
  @IsOptional()
  @IsInt({ message: "childAge: must be the index child's age at the point of audit in whole years, from 0 to 25" })
  @Min(0, { message: "childAge: must be the index child's age at the point of audit in whole years, from 0 to 25" })
  @Max(25, { message: "childAge: must be the index child's age at the point of audit in whole years, from 0 to 25" })
  childAge?: number | null;
  @Field(() => Int, { nullable: true, description: 'How many whole months the case has been open in Early Help.' })
  @IsOptional()
  @IsInt({ message: 'monthsOpen: must be the whole months the case has been open in Early Help, from 0 to 600' })
  @Min(0, { message: 'monthsOpen: must be the whole months the case has been open in Early Help, from 0 to 600' })
  @Max(600, { message: 'monthsOpen: must be the whole months the case has been open in Early Help, from 0 to 600' })
  monthsOpen?: number | null;
}

@InputType()
export class RecordAnswerInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(64) section: string;
  @Field(() => String) @IsText(64) question: string;
  @Field(() => AnswerEnum) @IsIn(ANSWERS, { message: 'answer: must be YES, NO, NOT_APPLICABLE or PARTIALLY' }) answer: Answer;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000, { message: 'comment: at most 4000 characters' }) comment?: string | null;
}

@InputType({ description: 'A written answer to a free-text question (one the template offers no YES/NO choice for).' })
export class RecordNarrativeInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(64) section: string;
  @Field(() => String) @IsText(64) question: string;
  @Field(() => String) @IsText(8000) text: string;
}

@InputType()
export class SetGradeInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(64) section: string;
  @Field(() => GradeEnum) @IsIn(GRADES, GRADE_MESSAGE) grade: Grade;
  @Field(() => String) @IsText(4000) rationale: string;
}

@InputType()
export class ModerateGradeInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(64) section: string;
  @Field(() => GradeEnum) @IsIn(GRADES, GRADE_MESSAGE) grade: Grade;
  @Field(() => String) @IsText(4000) rationale: string;
}

@InputType()
export class RecordCollaborativeDiscussionInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => LocalDateScalar) discussedOn: string;
  @Field(() => [ID], { description: 'The practitioner and/or the team manager of the case.' }) @ArrayMaxSize(10, { message: 'withIds: at most 10' })
  withIds: string[];
}

@InputType()
export class MarkSectionNotApplicableInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(64) section: string;
  @Field(() => String) @IsText(4000) reason: string;
}

@InputType()
export class RecordUoPPMeetingInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => ID) @IsEntityId() chairId: string;
  @Field(() => [ID]) @ArrayMaxSize(50, { message: 'attendeeIds: at most 50' }) attendeeIds: string[];
  @Field(() => GradeEnum, { nullable: true }) @IsOptional() @IsIn(GRADES, GRADE_MESSAGE) revisedGrade?: Grade | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000, { message: 'rationale: at most 4000 characters' }) rationale?: string | null;
  @Field(() => LinkedPlanEnum, { nullable: true }) @IsOptional() @IsIn(LINKED_PLANS, { message: `linkedPlan: must be one of ${LINKED_PLANS.join(', ')}` })
  linkedPlan?: LinkedPlan | null;
}

@InputType()
export class AgreeActionInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(2000) description: string;
  @Field(() => ID) @IsEntityId() ownerId: string;
  @Field(() => LocalDateScalar) dueOn: string;
  @Field(() => ActionScopeEnum) @IsIn(ACTION_SCOPES, { message: 'scope: must be CASE or a learning scope' }) scope: ActionScope;
}

@InputType()
export class ReturnAuditForRectificationInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(2000) reason: string;
  @Field(() => LocalDateScalar) rectifyBy: string;
}

@InputType()
export class InvalidateAuditInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(2000) reason: string;
}

@InputType({ description: 'A new auditor, a new moderator or both; an omitted one stays as it is.' })
export class ReallocateAuditInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsEntityId() auditorId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsEntityId() moderatorId?: string | null;
  @Field(() => String) @IsText(2000) reason: string;
}

@InputType()
export class RaiseModerationDisputeInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(4000) reason: string;
}

@InputType()
export class DiscussModerationDisputeInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => ID) @IsEntityId() disputeId: string;
  @Field(() => Boolean, { description: 'Whether the discussion settled the dispute.' }) @IsBoolean({ message: 'resolved: must be true or false' }) resolved: boolean;
  @Field(() => String) @IsText(4000) note: string;
}

@InputType()
export class ResolveModerationDisputeInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => ID) @IsEntityId() disputeId: string;
  @Field(() => GradeEnum) @IsIn(GRADES, GRADE_MESSAGE) grade: Grade;
  @Field(() => String) @IsText(4000) rationale: string;
}

@InputType()
export class AcknowledgeActionInput {
  @Field(() => ID) @IsEntityId() actionId: string;
  @Field(() => String, { nullable: true, description: 'What the practitioner has to say about the action, if anything.' })
  @IsOptional()
  @MaxLength(4000, { message: 'comment: at most 4000 characters' })
  comment?: string | null;
}

@InputType()
export class ProgressActionInput {
  @Field(() => ID) @IsEntityId() actionId: string;
  @Field(() => String) @IsText(4000) note: string;
}

@InputType()
export class CompleteActionInput {
  @Field(() => ID) @IsEntityId() actionId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000, { message: 'note: at most 4000 characters' }) note?: string | null;
}

@InputType()
export class DropActionInput {
  @Field(() => ID) @IsEntityId() actionId: string;
  @Field(() => String) @IsText(4000) reason: string;
}

@InputType()
export class RaiseEscalationInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => [ID]) @ArrayMaxSize(20, { message: 'escalatedToIds: at most 20' }) escalatedToIds: string[];
  @Field(() => LocalDateScalar) escalatedOn: string;
  @Field(() => String) @IsText(4000) concern: string;
  @Field(() => String) @IsText(4000) immediateActions: string;
}

@InputType({ description: "The family's view (template section 9), or why it could not be had." })
export class RecordFamilyFeedbackInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => Int, { nullable: true, description: '1 not good … 5 excellent.' })
  @IsOptional()
  @IsInt({ message: 'rating: must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating: must be a whole number from 1 to 5' })
  @Max(5, { message: 'rating: must be a whole number from 1 to 5' })
  rating?: number | null;
  @Field(() => AnswerEnum, { nullable: true }) @IsOptional() @IsIn(['YES', 'NO', 'NOT_APPLICABLE'], { message: 'couldHaveTheirSay: must be YES, NO or NOT_APPLICABLE' })
  couldHaveTheirSay?: 'YES' | 'NO' | 'NOT_APPLICABLE' | null;
  @Field(() => AnswerEnum, { nullable: true }) @IsOptional() @IsIn(['YES', 'NO', 'NOT_APPLICABLE'], { message: 'ableToAccessSupport: must be YES, NO or NOT_APPLICABLE' })
  ableToAccessSupport?: 'YES' | 'NO' | 'NOT_APPLICABLE' | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000, { message: 'comments: at most 4000 characters' }) comments?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000, { message: 'notCompletedReason: at most 2000 characters' }) notCompletedReason?: string | null;
}

@InputType({ description: 'The urgent issues of Inadequate work addressed: by the team manager of the case, within 2 working days of moderation.' })
export class RecordUrgentIssuesAddressedInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String, { description: 'What was done, briefly.' }) @IsText(2000) summary: string;
}

@InputType({ description: "The practitioner's own section (template section 10), or why it could not be completed." })
export class PractitionerAnswerInput {
  @Field(() => String, { description: 'A question of the practitioner section, e.g. S10_Q1.' }) @IsText(64) question: string;
  @Field(() => String) @IsText(4000) text: string;
}

@InputType()
export class RecordPractitionerFeedbackInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => [PractitionerAnswerInput], { nullable: true, description: 'AUD-6: the practitioner’s own answers to the questions of their section.' })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'answers: at most 20' })
  @ValidateNested({ each: true })
  @Type(() => PractitionerAnswerInput)
  answers?: PractitionerAnswerInput[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000, { message: 'comments: at most 4000 characters' }) comments?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000, { message: 'notCompletedReason: at most 2000 characters' }) notCompletedReason?: string | null;
}
