import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GradeEnum } from '../graphql/enums.js';
import { LocalDateScalar } from '../graphql/scalars.js';
import { IsEntityId, IsText } from '../graphql/validation.js';
import type { Grade } from '../shared/domain-types.js';

export const IMPROVEMENT_STATUSES = ['NOT_YET_DUE', 'DUE', 'ESCALATED', 'IMPROVED'] as const;
export type ImprovementStatus = (typeof IMPROVEMENT_STATUSES)[number];
export const ImprovementStatusEnum = Object.fromEntries(IMPROVEMENT_STATUSES.map((s) => [s, s])) as { [K in ImprovementStatus]: K };
registerEnumType(ImprovementStatusEnum, {
  name: 'ImprovementStatus',
  description:
    'Work moderated below Good, 4 months on: NOT_YET_DUE before the date; IMPROVED once its latest grade is Good or better; ' +
    'DUE when not improved by the date; ESCALATED once the audit team has escalated it to the divisional director.',
});

@ObjectType({ description: 'Work moderated below Good and whether it improved within 4 months of moderation (000 "6-month re-audit").' })
export class ImprovementEscalation {
  @Field(() => ID) auditId: string;
  @Field(() => ID) cycleId: string;
  @Field(() => String) caseRef: string;
  @Field(() => ID) teamId: string;
  @Field(() => ID) practitionerId: string;
  @Field(() => ID) teamManagerId: string;
  @Field(() => GradeEnum, { nullable: true }) moderatedGrade: Grade | null;
  @Field(() => LocalDateScalar, { nullable: true }) moderatedOn: string | null;
  @Field(() => LocalDateScalar, { description: 'Not improved by this day (4 months after moderation): escalated to the divisional director.' })
  escalateIfNotImprovedBy: string;
  @Field(() => GradeEnum, { nullable: true, description: 'The latest evidence: the latest submitted dip audit or re-audit, else the audit’s own current grade.' })
  latestGrade: Grade | null;
  @Field(() => ID, { nullable: true, description: 'The dip audit or re-audit the latest grade comes from; null when it is the audit’s own.' })
  latestGradeAuditId: string | null;
  @Field(() => ImprovementStatusEnum) status: ImprovementStatus;
  @Field(() => LocalDateScalar, { nullable: true }) escalatedOn: string | null;
  @Field(() => ID, { nullable: true }) escalatedById: string | null;
  @Field(() => String, { nullable: true, description: "The audit team's summary for the divisional director." }) summary: string | null;
}

@InputType()
export class EscalateToDivisionalDirectorInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => String, { description: 'What the audit team reports: why the work has not improved, for a fresh approach.' }) @IsText(4000) summary: string;
}
