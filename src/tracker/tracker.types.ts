import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CycleProgramme } from '../cycles/cycle.types.js';
import { IsBoolean, IsIn, IsOptional, MaxLength } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '../shared/deadlines.js';
import { AUDIT_KINDS, type AuditKind } from '../../projections/tracker/tracker-row.entity.js';
import { AuditStatusEnum, GradeEnum } from '../graphql/enums.js';
import { SORT_DIRECTIONS, TRACKER_SORT_FIELDS, type SortDirection, type TrackerSortField } from './tracker-order.js';
import { LocalDateScalar } from '../graphql/scalars.js';
import { IsEntityId } from '../graphql/validation.js';
import { AUDIT_STATUSES, GRADES, type AuditStatus, type Grade, type GradeSource, type LocalDate } from '../shared/domain-types.js';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const AuditKindEnum = asEnum(AUDIT_KINDS);
export const DeadlineKindEnum = asEnum(DEADLINE_KINDS);
export const TrackerSortFieldEnum = asEnum(TRACKER_SORT_FIELDS);
export const SortDirectionEnum = asEnum(SORT_DIRECTIONS);
registerEnumType(TrackerSortFieldEnum, {
  name: 'TrackerSortField',
  description:
    'ALLOCATED (allocation order), CASE_REF, MONTH, TEAM, PRACTITIONER, AUDITOR, MODERATOR (names, ignoring case), STATUS (in the order of the audit: allocated … invalidated), GRADE (best first: the moderated grade, or the initial grade until moderation), NEXT_DEADLINE (soonest first).',
});
registerEnumType(SortDirectionEnum, { name: 'SortDirection' });
registerEnumType(AuditKindEnum, {
  name: 'AuditKind',
  description: "A cycle's own audit, the dip audit 6 weeks after work below Good, or a re-audit of such work in a later cycle.",
});
registerEnumType(DeadlineKindEnum, {
  name: 'DeadlineKind',
  description: 'MODERATION (audit completed and moderated), RECTIFICATION (after QA return), URGENT_ISSUES (Inadequate work: addressed by the team manager), UOPP, FOLLOW_UP_UOPP (Inadequate work), DIP_AUDIT.',
});

@ObjectType({ description: "An audit's dates as the tracker keeps them." })
export class TrackerDeadlines {
  @Field(() => LocalDateScalar, { nullable: true }) moderationDue: LocalDate | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'While returned for rectification.' }) rectifyBy: LocalDate | null;
  @Field(() => LocalDateScalar, { nullable: true }) uoppDue: LocalDate | null;
  @Field(() => LocalDateScalar, { nullable: true }) followUpUoppDue: LocalDate | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Inadequate work: the team manager addresses urgent issues by this day.' }) urgentIssuesDue?: LocalDate | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'When the team manager recorded the urgent issues addressed.' }) urgentIssuesAddressedOn?: LocalDate | null;
  @Field(() => LocalDateScalar, { nullable: true, description: "BEF-2: the cycle's cases are to be allocated by this day, a week after its KLOE meeting." })
  casesDueBy?: LocalDate | null;
  @Field(() => LocalDateScalar, { nullable: true }) dipAuditDue: LocalDate | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'When a dip audit of this work was submitted.' }) dipAuditDoneOn: LocalDate | null;
}

/** One audit as the audit team's tracker spreadsheet shows it (000 guide), with status and deadlines. */
@ObjectType()
export class TrackerRow {
  @Field(() => ID) auditId: string;
  @Field(() => ID) cycleId: string;
  @Field(() => String) practitioner: string;
  @Field(() => String) team: string;
  @Field(() => String) auditor: string;
  @Field(() => String) moderator: string;
  @Field(() => GradeEnum, { nullable: true }) initialGrade: Grade | null;
  @Field(() => GradeEnum, { nullable: true }) moderatedGrade: Grade | null;
  @Field(() => Int, { description: 'Recommendations/actions agreed.' }) actions: number;
  @Field(() => Boolean) uoppHeld: boolean;
  @Field(() => Boolean) reauditRequired: boolean;

  @Field(() => String) caseRef: string;
  @Field(() => String, { description: "The cycle's service." }) service: string;
  @Field(() => String, { description: "The cycle's month, YYYY-MM." }) month: string;
  @Field(() => ID) teamId: string;
  @Field(() => ID) practitionerId: string;
  @Field(() => ID) teamManagerId: string;
  @Field(() => ID) auditorId: string;
  @Field(() => ID) moderatorId: string;
  @Field(() => AuditKindEnum) kind: AuditKind;
  @Field(() => ID, { nullable: true, description: 'A dip audit or re-audit: the audit it follows up.' }) reauditOfAuditId: string | null;
  @Field(() => AuditStatusEnum) status: AuditStatus;
  @Field(() => GradeEnum, { nullable: true, description: 'The latest overall grade, after any UoPP revision or dispute decision.' })
  currentGrade: Grade | null;
  @Field(() => Int, { description: 'UoPP meetings held.' }) uoppMeetings: number;
  @Field(() => Int, { description: 'Actions still OPEN.' }) openActions: number;
  @Field(() => Int, { description: 'Actions OPEN and due before today.' }) overdueActions: number;
  @Field(() => TrackerDeadlines) deadlines: TrackerDeadlines;
  @Field(() => CycleProgramme, { description: "BEF-13: the six-month programme of the row's cycle." }) programme?: CycleProgramme;
  @Field(() => LocalDateScalar, { nullable: true, description: 'The earliest deadline still open.' }) nextDeadline: LocalDate | null;
  @Field(() => DeadlineKindEnum, { nullable: true }) nextDeadlineKind: DeadlineKind | null;
  @Field(() => [DeadlineKindEnum], { description: 'Open deadlines already passed, judged on today by the service clock.' })
  overdueDeadlines: DeadlineKind[];
  @Field(() => Boolean, { description: 'A deadline has passed, or an action is overdue.' }) overdue: boolean;
}

@InputType({ description: 'Every field is optional; given ones must all match.' })
export class TrackerFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsEntityId() cycleId?: string | null;
  @Field(() => String, { nullable: true, description: "The cycle's service." })
  @IsOptional()
  @MaxLength(200, { message: 'service: must be at most 200 characters' })
  service?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsEntityId() teamId?: string | null;
  @Field(() => GradeEnum, { nullable: true, description: 'The moderated grade, or the initial grade until moderation.' })
  @IsOptional()
  @IsIn(GRADES, { message: `grade: must be one of ${GRADES.join(', ')}` })
  grade?: Grade | null;
  @Field(() => AuditStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(AUDIT_STATUSES, { message: `status: must be one of ${AUDIT_STATUSES.join(', ')}` })
  status?: AuditStatus | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only rows with a passed deadline or an overdue action; false: only rows without.' })
  @IsOptional()
  @IsBoolean({ message: 'overdue: must be true or false' })
  overdue?: boolean | null;
}

@InputType({ description: 'A sort of the tracker. Rows without the value (no grade yet, no open deadline) come last either way; ties keep allocation order.' })
export class TrackerOrder {
  @Field(() => TrackerSortFieldEnum)
  @IsIn(TRACKER_SORT_FIELDS, { message: `field: must be one of ${TRACKER_SORT_FIELDS.join(', ')}` })
  field: TrackerSortField;
  @Field(() => SortDirectionEnum, { nullable: true, defaultValue: 'ASC' })
  @IsOptional()
  @IsIn(SORT_DIRECTIONS, { message: 'direction: must be ASC or DESC' })
  direction?: SortDirection | null;
}

@ObjectType()
export class TrackerEdge {
  @Field(() => String) cursor: string;
  @Field(() => TrackerRow) node: TrackerRow;
}

@ObjectType('TrackerPageInfo')
export class TrackerPageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor: string | null;
}

@ObjectType({ description: 'A page of tracker rows, in allocation order unless sorted by orderBy.' })
export class TrackerConnection {
  @Field(() => [TrackerEdge]) edges: TrackerEdge[];
  @Field(() => [TrackerRow]) nodes: TrackerRow[];
  @Field(() => TrackerPageInfo) pageInfo: TrackerPageInfo;
  @Field(() => Int, { description: 'Rows matching the filter, on every page.' }) totalCount: number;
}

/** Filters of `gradeChanges` besides the contract's cycleId/since/until. */
export interface GradeChangeFilter {
  cycleId?: string | null;
  since?: Date | null;
  until?: Date | null;
  teamId?: string | null;
  source?: GradeSource | null;
}
