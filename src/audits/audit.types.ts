import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional, MaxLength } from 'class-validator';
import { ActionScopeEnum, ActionStatusEnum, AnswerEnum, AuditStatusEnum, GradeEnum, GradeSourceEnum } from '../graphql/enums.js';
import { LocalDateScalar } from '../graphql/scalars.js';
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

@ObjectType()
export class SectionGrade {
  @Field(() => String) section: string;
  @Field(() => GradeEnum, { nullable: true }) auditorGrade: Grade | null;
  @Field(() => GradeEnum, { nullable: true }) moderatorGrade: Grade | null;
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
  @Field(() => GraphQLISODateTime) changedAt: Date;
}

@ObjectType()
export class Deadlines {
  @Field(() => LocalDateScalar, { nullable: true }) moderationDue: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) uoppDue: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) followUpUoppDue: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dipAuditDue: string | null;
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
  @Field(() => Boolean) overdue: boolean;
}

@ObjectType()
export class AnswerRecord {
  @Field(() => String) section: string;
  @Field(() => String) question: string;
  @Field(() => AnswerEnum) answer: Answer;
  @Field(() => String, { nullable: true }) comment: string | null;
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
  @Field(() => [SectionGrade]) sections: SectionGrade[];
  @Field(() => Boolean) uoppHeld: boolean;
  @Field(() => Boolean) reauditRequired: boolean;
  @Field(() => Deadlines) deadlines: Deadlines;
  @Field(() => [AnswerRecord]) answers: AnswerRecord[];
  /** Resolved by AuditsResolver. */
  @Field(() => [GradeChange]) gradeHistory?: GradeChange[];
  @Field(() => [Action]) actions?: Action[];
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
}

@InputType()
export class RecordAnswerInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(64) section: string;
  @Field(() => String) @IsText(64) question: string;
  @Field(() => AnswerEnum) @IsIn(ANSWERS, { message: 'answer: must be YES, NO, NOT_APPLICABLE or PARTIALLY' }) answer: Answer;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000, { message: 'comment: at most 4000 characters' }) comment?: string | null;
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
export class RecordUoPPMeetingInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => ID) @IsEntityId() chairId: string;
  @Field(() => [ID]) @ArrayMaxSize(50, { message: 'attendeeIds: at most 50' }) attendeeIds: string[];
  @Field(() => GradeEnum, { nullable: true }) @IsOptional() @IsIn(GRADES, GRADE_MESSAGE) revisedGrade?: Grade | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(4000, { message: 'rationale: at most 4000 characters' }) rationale?: string | null;
}

@InputType()
export class AgreeActionInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String) @IsText(2000) description: string;
  @Field(() => ID) @IsEntityId() ownerId: string;
  @Field(() => LocalDateScalar) dueOn: string;
  @Field(() => ActionScopeEnum) @IsIn(ACTION_SCOPES, { message: 'scope: must be CASE or a learning scope' }) scope: ActionScope;
}
