import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDateScalar } from '../graphql/scalars.js';
import type { LocalDate } from '../shared/domain-types.js';
import { WORK_ITEM_KINDS, type WorkItemKind } from './work-items.js';

export const WorkItemKindEnum = Object.fromEntries(WORK_ITEM_KINDS.map((k) => [k, k])) as { [K in WorkItemKind]: K };
registerEnumType(WorkItemKindEnum, {
  name: 'WorkItemKind',
  description:
    'COMPLETE_AUDIT and RECTIFY_AUDIT (auditor), MODERATE_AUDIT (moderator), ADDRESS_URGENT_ISSUES (the case team manager, Inadequate work), HOLD_UOPP and HOLD_FOLLOW_UP_UOPP (chair, auditor, audit manager, team manager), DIP_AUDIT (audit team), ADDRESS_REFERRED_WORK (the EH coordinator lead of the service: work a dip audit found still below Good, AFT-5), ACTION (owner).',
});

@ObjectType({ description: 'Something one person has to do, and by when.' })
export class WorkItem {
  @Field(() => WorkItemKindEnum) kind: WorkItemKind;
  @Field(() => ID) auditId: string;
  @Field(() => ID, { nullable: true }) cycleId: string | null;
  @Field(() => String, { nullable: true, description: 'Only when the person may read the audit.' }) caseRef: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dueOn: LocalDate | null;
  @Field(() => Boolean, { description: 'The day due has passed (by the service clock).' }) overdue: boolean;
  @Field(() => Boolean, { description: 'UoPP meetings: this person chairs (or may chair) it.' }) chair: boolean;
  @Field(() => ID, { nullable: true }) actionId: string | null;
  @Field(() => String, { nullable: true, description: "An action's description." }) description: string | null;
}

@ObjectType({ description: "What is due for one person and when, soonest first." })
export class WorkQueue {
  @Field(() => ID) staffId: string;
  @Field(() => LocalDateScalar, { description: 'The day overdue is judged on.' }) asOf: LocalDate;
  @Field(() => [WorkItem]) items: WorkItem[];
  @Field(() => Int) overdue: number;
}
