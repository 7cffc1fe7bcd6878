import type { Principal } from '../../auth/principal.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams, type Role } from '../../shared/domain-types.js';
import { newId } from '../../shared/idempotency.js';
import { actingAs } from '../../write-side/write-side.js';
import type { DiscussModerationDisputeInput, ModerateGradeInput, ModerationDispute, RaiseModerationDisputeInput, ResolveModerationDisputeInput } from '../audit.types.js';
import { auditDecider, type AuditCommand, type AuditState } from '../decider.js';
import { loadAudit, moderationGroupOf, staffFact, teamFact, templateOf, type AuditDeps } from './audit-facts.js';
import { disputeView } from './dispute-view.js';

/** Moderation and its disputes (000 "Escalation"). */

/** AUD-13: the allocated moderator, or a member of the cycle's moderation group (src/cycles/moderation-group.ts). */
export const MODERATING_ROLES: Role[] = ['MODERATOR', 'HEAD_OF_SERVICE', 'DIVISIONAL_DIRECTOR', 'AUDIT_TEAM'];

/** The moderator agrees (the same grade) or changes a grade; resolves to the audit's id. */
export async function moderateGrade({ writeSide }: AuditDeps, input: ModerateGradeInput, principal: Principal, correlationId?: string): Promise<string> {
  const moderationGroupIds = await moderationGroupOf(writeSide, input.auditId);
  const { decision, context } = writeSide.begin(principal, actingAs(principal, ...MODERATING_ROLES), correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    (state: AuditState): AuditCommand => ({
      type: 'ModerateGrade',
      ...decision,
      data: { auditId: input.auditId, section: input.section, grade: input.grade, rationale: input.rationale },
      template: templateOf(state),
      moderationGroupIds,
    }),
    context,
  );
  return input.auditId;
}

/** Resolves to the audit's id. */
export async function completeModeration({ writeSide }: AuditDeps, auditId: string, principal: Principal, correlationId?: string): Promise<string> {
  const moderationGroupIds = await moderationGroupOf(writeSide, auditId);
  const { decision, context } = writeSide.begin(principal, actingAs(principal, ...MODERATING_ROLES), correlationId);
  await handleCommand(writeSide.path, streams.audit(auditId), auditDecider, { type: 'CompleteModeration', ...decision, data: { auditId }, moderationGroupIds }, context);
  return auditId;
}

/** Raised by the practitioner, team manager or EH coordinator lead; resolves to the dispute as the write side left it. */
export async function raiseModerationDispute({ writeSide }: AuditDeps, input: RaiseModerationDisputeInput, principal: Principal, correlationId?: string): Promise<ModerationDispute> {
  const disputeId = newId();
  // An EH coordinator lead is recognised by their team's service matching the case team's.
  const audit = await loadAudit(writeSide, input.auditId);
  const actor = await staffFact(writeSide, principal.staffId);
  const [actorTeam, caseTeam] = await Promise.all([teamFact(writeSide, actor?.teamId ?? null), teamFact(writeSide, audit.teamId)]);
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'PRACTITIONER', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD'), correlationId);
  const { state } = await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    { type: 'RaiseDispute', ...decision, data: { auditId: input.auditId, disputeId, reason: input.reason }, actorTeam, caseTeam },
    context,
  );
  return disputeView(state, disputeId);
}

/** The moderator's discussion of a dispute, settled or not. */
export async function discussModerationDispute({ writeSide }: AuditDeps, input: DiscussModerationDisputeInput, principal: Principal, correlationId?: string): Promise<ModerationDispute> {
  const { decision, context } = writeSide.begin(principal, 'MODERATOR', correlationId);
  const { state } = await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    { type: 'DiscussDispute', ...decision, data: { auditId: input.auditId, disputeId: input.disputeId, resolved: input.resolved, note: input.note } },
    context,
  );
  return disputeView(state, input.disputeId);
}

/** The final decision on a dispute the discussion with the moderator did not settle. */
export async function resolveModerationDispute({ writeSide }: AuditDeps, input: ResolveModerationDisputeInput, principal: Principal, correlationId?: string): Promise<ModerationDispute> {
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'HEAD_OF_SERVICE', 'AUDIT_TEAM'), correlationId);
  const { state } = await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    { type: 'ResolveDispute', ...decision, data: { auditId: input.auditId, disputeId: input.disputeId, grade: input.grade, rationale: input.rationale } },
    context,
  );
  return disputeView(state, input.disputeId);
}
