import { CycleProgramme } from '../cycles/cycle.types.js';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { GradeEnum } from '../graphql/enums.js';
import { LocalDateScalar } from '../graphql/scalars.js';
import type { Grade, LocalDate } from '../shared/domain-types.js';

/*
 * The board report: aggregates only. No type here carries a case reference, a child's details or a
 * practitioner; the only people named are auditors, in their agreement with moderation.
 */

@ObjectType()
export class GradeCount {
  @Field(() => GradeEnum) grade: Grade;
  @Field(() => Int) initial: number;
  @Field(() => Int) moderated: number;
}

@ObjectType()
export class ModerationSummary {
  @Field(() => Int) moderated: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int) upgraded: number;
  @Field(() => Int) downgraded: number;
  @Field(() => Float, { nullable: true, description: 'unchanged / moderated; null when nothing is moderated.' }) agreementRate: number | null;
}

@ObjectType({ description: 'One cell of the moderation change matrix: audits the auditor graded `initial` and moderation `moderated`.' })
export class ModerationChange {
  @Field(() => GradeEnum) initial: Grade;
  @Field(() => GradeEnum) moderated: Grade;
  @Field(() => Int) count: number;
}

@ObjectType()
export class UoppSummary {
  @Field(() => Int, { description: 'Moderated audits with a UoPP meeting due.' }) due: number;
  @Field(() => Int) held: number;
  @Field(() => Int, { description: 'Held on or before the day due.' }) heldOnTime: number;
  @Field(() => Int, { description: 'Not held, the day due passed.' }) overdue: number;
  @Field(() => Int, { description: 'Inadequate work: follow-up meetings due 6 weeks after the first.' }) followUpsDue: number;
  @Field(() => Int) followUpsHeld: number;
  @Field(() => Int) followUpsHeldOnTime: number;
  @Field(() => Int) followUpsOverdue: number;
  @Field(() => Int, { description: 'Inadequate work: urgent issues for the team manager to address within 2 working days of moderation.' })
  urgentIssuesDue?: number;
  @Field(() => Int) urgentIssuesAddressed?: number;
  @Field(() => Int, { description: 'Addressed on or before the day due.' }) urgentIssuesAddressedOnTime?: number;
  @Field(() => Int, { description: 'Not addressed, the day due passed.' }) urgentIssuesOverdue?: number;
}

@ObjectType({ description: "What became of the cycle's work moderated below Good." })
export class FollowUpSummary {
  @Field(() => Int) belowGood: number;
  @Field(() => Int, { description: 'At least 10% of the work below Good is re-audited in the following cycle (rounded up).' }) reauditTarget: number;
  @Field(() => Int) dipAuditsDue: number;
  @Field(() => Int, { description: 'Work whose dip audit was submitted.' }) dipAuditsDone: number;
  @Field(() => Int, { description: 'Of those, the latest dip audit found the work Good or better.' }) dipAuditsReachedGood: number;
  @Field(() => Int) dipAuditsOverdue: number;
  @Field(() => Int, { description: 'Work re-audited in a later cycle.' }) reaudited: number;
  @Field(() => Int) reauditsReachedGood: number;
}

@ObjectType()
export class ActionSummary {
  @Field(() => Int) agreed: number;
  @Field(() => Int) open: number;
  @Field(() => Int) completed: number;
  @Field(() => Int, { description: 'Completed on or before the day due.' }) completedOnTime: number;
  @Field(() => Int) dropped: number;
  @Field(() => Int, { description: 'Open, the day due passed.' }) overdue: number;
}

@ObjectType()
export class RatingCount {
  @Field(() => Int, { description: '1 not good … 5 excellent.' }) rating: number;
  @Field(() => Int) count: number;
}

@ObjectType()
export class AnswerCounts {
  @Field(() => Int) yes: number;
  @Field(() => Int) no: number;
  @Field(() => Int) notApplicable: number;
}

@ObjectType({ description: "The families' feedback (template section 9), in numbers only." })
export class FamilyFeedbackSummary {
  @Field(() => Int) recorded: number;
  @Field(() => Int) rated: number;
  @Field(() => Int, { description: 'Recorded with the reason it could not be had.' }) notCompleted: number;
  @Field(() => [RatingCount]) ratings: RatingCount[];
  @Field(() => Float, { nullable: true }) averageRating: number | null;
  @Field(() => AnswerCounts, { description: 'Did you feel you could have your say?' }) couldHaveTheirSay: AnswerCounts;
  @Field(() => AnswerCounts, { description: 'Were you able to access the support you needed?' }) ableToAccessSupport: AnswerCounts;
}

@ObjectType({ description: 'REP-7: the cycle\'s work moderated below Good, 4 months on (000 "6-month re-audit"); counts only.' })
export class EscalationSummary {
  @Field(() => Int, { description: 'Work moderated below Good, with its 4-month date.' }) belowGood: number;
  @Field(() => Int) notYetDue: number;
  @Field(() => Int, { description: 'Reached Good or better on the latest evidence.' }) improved: number;
  @Field(() => Int, { description: 'Not improved by its 4-month date, not yet escalated.' }) due: number;
  @Field(() => Int, { description: 'Escalated by the audit team to the divisional director.' }) escalated: number;
}

@ObjectType()
export class CycleSummary {
  @Field(() => ID) cycleId: string;
  @Field(() => String) name: string;
  @Field(() => String) month: string;
  @Field(() => Int, { description: "The cycle's audits that count: not invalidated, not dip audits." }) audits: number;
  @Field(() => [GradeCount]) grades: GradeCount[];
  @Field(() => ModerationSummary) moderation: ModerationSummary;

  @Field(() => String) service: string;
  @Field(() => [ModerationChange], { description: 'Initial × moderated overall grades, all 16 cells, best grades first.' })
  moderationChanges: ModerationChange[];
  @Field(() => Float, { nullable: true, description: "Cohen's kappa, quadratic weights, between auditor and moderator overall grades." })
  weightedKappa: number | null;
  @Field(() => UoppSummary) uopp: UoppSummary;
  @Field(() => FollowUpSummary) followUps: FollowUpSummary;
  @Field(() => ActionSummary) actions: ActionSummary;
  @Field(() => FamilyFeedbackSummary) familyFeedback: FamilyFeedbackSummary;
  @Field(() => EscalationSummary) escalations: EscalationSummary;
}

@ObjectType()
export class AuditorAgreement {
  @Field(() => ID) auditorId: string;
  @Field(() => String) auditor: string;
  @Field(() => Int) moderated: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int) upgraded: number;
  @Field(() => Int) downgraded: number;
  @Field(() => Float, { nullable: true }) agreementRate: number | null;
}

@ObjectType()
export class EqualityGradeCount {
  @Field(() => GradeEnum) grade: Grade;
  @Field(() => Int, { nullable: true, description: 'null: withheld (small numbers).' }) count: number | null;
}

@ObjectType()
export class EqualityGroup {
  @Field(() => String) group: string;
  @Field(() => Int, { nullable: true, description: 'Moderated audits in the group; null: withheld.' }) audits: number | null;
  @Field(() => [EqualityGradeCount]) grades: EqualityGradeCount[];
  @Field(() => Boolean, { description: 'Whether any figure of the group is withheld.' }) suppressed: boolean;
}

@ObjectType({ description: "Moderated grades by the child's ethnicity and age band. Counts from 1 to suppressedBelow − 1 are withheld, with a second figure wherever one could be worked out from a total." })
export class EqualityMonitoring {
  @Field(() => Int) suppressedBelow: number;
  @Field(() => [EqualityGroup]) byEthnicity: EqualityGroup[];
  @Field(() => [EqualityGroup]) byAgeBand: EqualityGroup[];
}

@ObjectType()
export class BoardReport {
  @Field(() => CycleSummary) cycle: CycleSummary;
  @Field(() => [CycleSummary], { description: 'Earlier cycles of the same service, newest first.' }) previous: CycleSummary[];

  @Field(() => LocalDateScalar, { description: 'The day the figures were worked out on (overdue is judged on it).' }) asOf: LocalDate;
  @Field(() => [String], { description: "The cycle's key lines of enquiry." }) kloes: string[];
  @Field(() => [String], { description: 'The "10 key practice points" for practitioners, as published by the audit team.' })
  keyPracticePoints: string[];
  @Field(() => [AuditorAgreement], { description: "Each auditor's agreement with moderation in this cycle." }) auditorAgreement: AuditorAgreement[];
  @Field(() => EqualityMonitoring) equality: EqualityMonitoring;
  @Field(() => CycleProgramme, { description: "BEF-13: the cycle's six-month programme and whether its Practice Day is held." }) programme: CycleProgramme;
}

@ObjectType({ description: 'A cycle\'s "10 key practice points" for front-line practitioners (000 guide).' })
export class KeyPracticePoints {
  @Field(() => ID) cycleId: string;
  @Field(() => [String]) points: string[];
  @Field(() => LocalDateScalar, { nullable: true }) publishedOn: LocalDate | null;
  @Field(() => ID, { nullable: true }) publishedById: string | null;
}
