import { MODERATING_ROLES } from './commands/moderating.js';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Authenticated, CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { CommandOnAudit } from './commands/audit-commands.js';
import { AuditQueries } from './audit.queries.js';
import {
  Action,
  AllocateAuditInput,
  Audit,
  Escalation,
  GradeChange,
  InvalidateAuditInput,
  MarkSectionNotApplicableInput,
  RecordCollaborativeDiscussionInput,
  ModerateGradeInput,
  ModerationDispute,
  RaiseEscalationInput,
  ReallocateAuditInput,
  RecordAnswerInput,
  RecordFamilyFeedbackInput,
  RecordNarrativeInput,
  RecordPractitionerFeedbackInput,
  RecordUrgentIssuesAddressedInput,
  RecordUoPPMeetingInput,
  ReturnAuditForRectificationInput,
  SetGradeInput,
  UoPPMeetingRecord,
} from './audit.types.js';

/**
 * The audit from allocation to UoPP. The roles here only open the door; who may act on which audit
 * (the allocated auditor, the allocated moderator, the chair…) is decided in decider.ts.
 */
@Resolver(() => Audit)
export class AuditsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: AuditQueries,
  ) {}

  @Authenticated()
  @Query(() => Audit, { nullable: true, description: 'One audit, if the caller may read it.' })
  audit(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal): Promise<Audit | null> {
    return this.queries.byId(id, principal);
  }

  @ResolveField(() => [GradeChange], { description: 'Every grade ever given on this audit, oldest first.' })
  gradeHistory(@Parent() audit: Audit): Promise<GradeChange[]> {
    return this.queries.gradeHistory(audit.id);
  }

  @ResolveField(() => [Action])
  actions(@Parent() audit: Audit, @CurrentPrincipal() principal: Principal): Promise<Action[]> {
    return this.queries.actions(audit.id, principal);
  }

  @ResolveField(() => [ModerationDispute], { description: 'Moderation disputes about this audit and where each stands, oldest first.' })
  disputes(@Parent() audit: Audit): Promise<ModerationDispute[]> {
    return this.queries.disputes(audit.id);
  }

  @ResolveField(() => [UoPPMeetingRecord], { description: 'The UoPP meetings recorded on this audit, oldest first: never what was said.' })
  uoppMeetings(@Parent() audit: Audit): Promise<UoPPMeetingRecord[]> {
    return this.queries.uoppMeetings(audit.id);
  }

  @ResolveField(() => [Audit])
  reaudits(@Parent() audit: Audit, @CurrentPrincipal() principal: Principal): Promise<Audit[]> {
    return this.queries.reaudits(audit.id, principal);
  }

  /** Allocation, and with reauditOfAuditId a dip audit or re-audit of an earlier audit. */
  @Roles('AUDIT_TEAM')
  @Mutation(() => Audit)
  async allocateAudit(
    @Args('input') input: AllocateAuditInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    const id = await this.commands.execute(new CommandOnAudit('allocateAudit', input, principal, correlationId));
    return this.written(id, principal);
  }

  @Roles('AUDITOR', 'AUDIT_TEAM') // AFT-4: the audit team completes dip audits; the decider admits only the allocated auditor
  @Mutation(() => Audit)
  async recordAnswer(
    @Args('input') input: RecordAnswerInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('recordAnswer', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('AUDITOR', 'AUDIT_TEAM') // AFT-4: the audit team completes dip audits; the decider admits only the allocated auditor
  @Mutation(() => Audit, { description: 'A written answer to a free-text question of the template (recordAnswer takes the YES/NO/N/A/Partially ones).' })
  async recordNarrative(
    @Args('input') input: RecordNarrativeInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('recordNarrative', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('AUDITOR', 'AUDIT_TEAM') // AFT-4: the audit team completes dip audits; the decider admits only the allocated auditor
  @Mutation(() => Audit)
  async setGrade(
    @Args('input') input: SetGradeInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('setGrade', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('AUDITOR')
  @Mutation(() => Audit, { description: 'AUD-1: when the auditor discussed the case with the practitioner and/or team manager (required before submission where the template asks for it).' })
  async recordCollaborativeDiscussion(
    @Args('input') input: RecordCollaborativeDiscussionInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('recordCollaborativeDiscussion', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('AUDITOR')
  @Mutation(() => Audit, { description: 'AUD-8: a graded section not relevant to this case, with the reason (templates that allow it); a later grade replaces it.' })
  async markSectionNotApplicable(
    @Args('input') input: MarkSectionNotApplicableInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('markSectionNotApplicable', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('AUDITOR', 'AUDIT_TEAM') // AFT-4: the audit team completes dip audits; the decider admits only the allocated auditor
  @Mutation(() => Audit)
  async submitAudit(
    @Args('auditId', { type: () => ID }) auditId: string,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('submitAudit', auditId, principal, correlationId));
    return this.written(auditId, principal);
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Audit, { description: "The audit team's QA returns a submitted audit to the auditor with a date to put it right by." })
  async returnAuditForRectification(
    @Args('input') input: ReturnAuditForRectificationInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('returnAuditForRectification', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Audit, { description: 'The audit no longer counts (before moderation completes).' })
  async invalidateAudit(
    @Args('input') input: InvalidateAuditInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('invalidateAudit', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Audit, { description: 'A new auditor (before submission) or moderator (before moderation completes).' })
  async reallocateAudit(
    @Args('input') input: ReallocateAuditInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('reallocateAudit', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles(...MODERATING_ROLES) // AUD-13: a moderation group's members; the decider admits only the allocated moderator or the cycle's group
  @Mutation(() => Audit, { description: 'The moderator agrees (the same grade) or changes a grade, always with a rationale.' })
  async moderateGrade(
    @Args('input') input: ModerateGradeInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('moderateGrade', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles(...MODERATING_ROLES) // AUD-13: a moderation group's members; the decider admits only the allocated moderator or the cycle's group
  @Mutation(() => Audit)
  async completeModeration(
    @Args('auditId', { type: () => ID }) auditId: string,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('completeModeration', auditId, principal, correlationId));
    return this.written(auditId, principal);
  }

  /**
   * Chaired by the auditor for RI and above, by the audit manager for Inadequate work; the follow-up on
   * Inadequate work may be chaired by the EH coordinator lead of the case's service (PPL-1, decider).
   */
  @Roles('AUDITOR', 'AUDIT_MANAGER', 'AUDIT_TEAM', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD')
  @Mutation(() => Audit)
  async recordUoPPMeeting(
    @Args('input') input: RecordUoPPMeetingInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('recordUoPPMeeting', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('AUDITOR', 'MODERATOR')
  @Mutation(() => Escalation, { description: "A concern for the child's safety, escalated at once by the auditor or moderator." })
  raiseEscalation(
    @Args('input') input: RaiseEscalationInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Escalation> {
    return this.commands.execute(new CommandOnAudit('raiseEscalation', input, principal, correlationId));
  }

  @Roles('AUDITOR')
  @Mutation(() => Audit)
  async recordFamilyFeedback(
    @Args('input') input: RecordFamilyFeedbackInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('recordFamilyFeedback', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('PRACTITIONER', 'AUDITOR')
  @Mutation(() => Audit)
  async recordPractitionerFeedback(
    @Args('input') input: RecordPractitionerFeedbackInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('recordPractitionerFeedback', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  @Roles('TEAM_MANAGER')
  @Mutation(() => Audit, { description: 'The team manager of the case records that the urgent issues of work moderated Inadequate were addressed.' })
  async recordUrgentIssuesAddressed(
    @Args('input') input: RecordUrgentIssuesAddressedInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new CommandOnAudit('recordUrgentIssuesAddressed', input, principal, correlationId));
    return this.written(input.auditId, principal);
  }

  /** The audit after the caller's own change (the write side waited for the read models). */
  private async written(auditId: string, principal: Principal): Promise<Audit> {
    return (await this.queries.byId(auditId, principal))!;
  }
}
