import type { Principal } from '../../auth/principal.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams } from '../../shared/domain-types.js';
import { newId } from '../../shared/idempotency.js';
import { teamDecider } from '../../staff/decider.js';
import type { AllocateAuditInput, InvalidateAuditInput, ReallocateAuditInput, ReturnAuditForRectificationInput } from '../audit.types.js';
import { auditsOfCases } from '../case-history.js';
import { auditDecider } from '../decider.js';
import { DEFAULT_TEMPLATE_ID, findTemplate } from '../templates/index.js';
import { cycleState, loadAudit, staffFact, type AuditDeps } from './audit-facts.js';

/** The audit team's commands: allocation, reallocation, QA's return, invalidation. Each resolves to the audit's id. */

/**
 * Allocation, and with reauditOfAuditId a dip audit or re-audit of an earlier audit. The new audit's
 * id is a fresh one unless the caller names it (a re-audit does: allocateReaudit in src/selection/commands/selection-commands.ts).
 */
export async function allocateAudit({ writeSide, dataSource }: AuditDeps, input: AllocateAuditInput, principal: Principal, correlationId?: string, auditId = newId()): Promise<string> {
  // The independence and existence rules need facts from the cycle, team and staff streams.
  const reauditOfAuditId = input.reauditOfAuditId ?? null;
  const [cycle, team, practitioner, teamManager, auditor, moderator, reauditOf, previousAudits] = await Promise.all([
    cycleState(writeSide, input.cycleId),
    writeSide.load(streams.team(input.teamId), teamDecider),
    staffFact(writeSide, input.practitionerId),
    staffFact(writeSide, input.teamManagerId),
    staffFact(writeSide, input.auditorId),
    staffFact(writeSide, input.moderatorId),
    // A dip audit or re-audit follows up an earlier audit: the decider checks it fell below Good.
    reauditOfAuditId ? writeSide.load(streams.audit(reauditOfAuditId), auditDecider).then(({ state, exists }) => (exists ? state : null)) : null,
    // "Audited previously?" (003 header): the service's own earlier audits of the case.
    auditsOfCases(dataSource, [input.caseRef.trim()]),
  ]);
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(auditId),
    auditDecider,
    {
      type: 'AllocateAudit',
      ...decision,
      data: {
        auditId,
        cycleId: input.cycleId,
        caseRef: input.caseRef.trim(),
        teamId: input.teamId,
        practitionerId: input.practitionerId,
        teamManagerId: input.teamManagerId,
        auditorId: input.auditorId,
        moderatorId: input.moderatorId,
        templateId: input.templateId ?? null,
        reauditOfAuditId,
        auditedBefore: input.auditedBefore ?? null,
        previousAuditOn: input.previousAuditOn ?? null,
        ethnicity: input.ethnicity ?? null,
        childAge: input.childAge ?? null,
        monthsOpen: input.monthsOpen ?? null,
      },
      cycle,
      team: team.exists ? { id: team.state.id, service: team.state.service } : null,
      practitioner,
      teamManager,
      auditor,
      moderator,
      template: findTemplate(input.templateId ?? DEFAULT_TEMPLATE_ID),
      reauditOf,
      previousAudits: previousAudits.map(({ auditId, auditedOn }) => ({ auditId, auditedOn })),
    },
    context,
  );
  return auditId;
}

/** A new auditor (before submission) or moderator (before moderation completes). */
export async function reallocateAudit({ writeSide }: AuditDeps, input: ReallocateAuditInput, principal: Principal, correlationId?: string): Promise<string> {
  // An omitted auditor or moderator stays as allocated.
  const current = await loadAudit(writeSide, input.auditId);
  const auditorId = input.auditorId ?? current.auditorId;
  const moderatorId = input.moderatorId ?? current.moderatorId;
  const [auditor, moderator] = await Promise.all([staffFact(writeSide, auditorId), staffFact(writeSide, moderatorId)]);
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    { type: 'ReallocateAudit', ...decision, data: { auditId: input.auditId, auditorId, moderatorId, reason: input.reason }, auditor, moderator },
    context,
  );
  return input.auditId;
}

/** The audit team's QA sends a submitted audit back to the auditor with a date to put it right by. */
export async function returnAuditForRectification({ writeSide }: AuditDeps, input: ReturnAuditForRectificationInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    { type: 'ReturnForRectification', ...decision, data: { auditId: input.auditId, reason: input.reason, rectifyBy: input.rectifyBy } },
    context,
  );
  return input.auditId;
}

/** The audit no longer counts (before moderation completes). */
export async function invalidateAudit({ writeSide }: AuditDeps, input: InvalidateAuditInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(writeSide.path, streams.audit(input.auditId), auditDecider, { type: 'InvalidateAudit', ...decision, data: { auditId: input.auditId, reason: input.reason } }, context);
  return input.auditId;
}
