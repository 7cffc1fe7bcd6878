import { ActionEntity } from '../../../projections/actions/action.entity.js';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import type { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams } from '../../shared/domain-types.js';
import { notFound } from '../../shared/errors.js';
import { newId } from '../../shared/idempotency.js';
import { actingAs } from '../../write-side/write-side.js';
import type {
  AcknowledgeActionInput,
  AgreeActionInput,
  CompleteActionInput,
  DropActionInput,
  ProgressActionInput,
  RecordUoPPMeetingInput,
  RecordUrgentIssuesAddressedInput,
} from '../audit.types.js';
import { auditDecider, currentGrade, isAllocated } from '../decider.js';
import type { GradedWork } from '../improvement.js';
import type { EscalateToDivisionalDirectorInput } from '../improvement.types.js';
import { loadAudit, staffFact, staffFacts, teamFact, type AuditDeps } from './audit-facts.js';

/** After moderation: the UoPP meeting, SMART actions, urgent issues, escalation of work not improved. */

/** Chaired by the auditor for RI and above, by the audit manager for Inadequate work; resolves to the audit's id. */
export async function recordUoPPMeeting({ writeSide }: AuditDeps, input: RecordUoPPMeetingInput, principal: Principal, correlationId?: string): Promise<string> {
  // Who chaired and attended are facts from the staff streams; the decider names anyone unknown.
  const [chair, attendees] = await Promise.all([staffFact(writeSide, input.chairId), staffFacts(writeSide, input.attendeeIds ?? [])]);
  // The EH coordinator lead of the case's service may chair the follow-up (PPL-1): the decider compares the services.
  const [chairTeam, caseTeam] = chair?.roles.includes('EH_COORDINATOR_LEAD')
    ? await Promise.all([teamFact(writeSide, chair.teamId), loadAudit(writeSide, input.auditId).then((audit) => teamFact(writeSide, audit.teamId))])
    : [null, null];
  const role = actingAs(principal, 'AUDIT_MANAGER', 'AUDITOR', 'AUDIT_TEAM', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD');
  const { decision, context } = writeSide.begin(principal, role, correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    {
      type: 'RecordUoPPMeeting',
      ...decision,
      data: {
        auditId: input.auditId,
        heldOn: input.heldOn,
        chairId: input.chairId,
        attendeeIds: input.attendeeIds,
        revisedGrade: input.revisedGrade ?? null,
        rationale: input.rationale ?? null,
        linkedPlan: input.linkedPlan ?? null,
      },
      chair,
      attendees,
      chairTeam,
      caseTeam,
    },
    context,
  );
  return input.auditId;
}

/** Resolves to the new action's id. */
export async function agreeAction({ writeSide }: AuditDeps, input: AgreeActionInput, principal: Principal, correlationId?: string): Promise<string> {
  const actionId = newId();
  const owner = await staffFact(writeSide, input.ownerId);
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'AUDITOR', 'AUDIT_MANAGER', 'AUDIT_TEAM'), correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    {
      type: 'AgreeAction',
      ...decision,
      data: { auditId: input.auditId, actionId, description: input.description, ownerId: input.ownerId, dueOn: input.dueOn, scope: input.scope },
      owner,
    },
    context,
  );
  return actionId;
}

/**
 * An action lives in its audit's stream; callers name only the action, so its audit is looked up in
 * the actions read model (which the agreeing mutation waited for). The decider then checks the
 * action against the audit's own state.
 */
async function auditOf(dataSource: DataSource, actionId: string): Promise<string> {
  const row = await dataSource.getRepository(ActionEntity).findOne({ where: { id: actionId }, select: { id: true, auditId: true } });
  if (!row) throw notFound('action', actionId);
  return row.auditId;
}

/** AUD-5: the practitioner of the case acknowledges (or comments on) a case action; resolves to the action's id, as do the three below. */
export async function acknowledgeAction({ writeSide, dataSource }: AuditDeps, input: AcknowledgeActionInput, principal: Principal, correlationId?: string): Promise<string> {
  const auditId = await auditOf(dataSource, input.actionId);
  const { decision, context } = writeSide.begin(principal, 'PRACTITIONER', correlationId);
  await handleCommand(writeSide.path, streams.audit(auditId), auditDecider, { type: 'AcknowledgeAction', ...decision, data: { auditId, actionId: input.actionId, comment: input.comment ?? null } }, context);
  return input.actionId;
}

export async function progressAction({ writeSide, dataSource }: AuditDeps, input: ProgressActionInput, principal: Principal, correlationId?: string): Promise<string> {
  const auditId = await auditOf(dataSource, input.actionId);
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'PRACTITIONER', 'TEAM_MANAGER', ...principal.roles), correlationId);
  await handleCommand(writeSide.path, streams.audit(auditId), auditDecider, { type: 'ProgressAction', ...decision, data: { auditId, actionId: input.actionId, note: input.note } }, context);
  return input.actionId;
}

export async function completeAction({ writeSide, dataSource }: AuditDeps, input: CompleteActionInput, principal: Principal, correlationId?: string): Promise<string> {
  const auditId = await auditOf(dataSource, input.actionId);
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'PRACTITIONER', 'TEAM_MANAGER', ...principal.roles), correlationId);
  await handleCommand(writeSide.path, streams.audit(auditId), auditDecider, { type: 'CompleteAction', ...decision, data: { auditId, actionId: input.actionId, note: input.note ?? null } }, context);
  return input.actionId;
}

export async function dropAction({ writeSide, dataSource }: AuditDeps, input: DropActionInput, principal: Principal, correlationId?: string): Promise<string> {
  const auditId = await auditOf(dataSource, input.actionId);
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'TEAM_MANAGER', 'AUDIT_TEAM'), correlationId);
  await handleCommand(writeSide.path, streams.audit(auditId), auditDecider, { type: 'DropAction', ...decision, data: { auditId, actionId: input.actionId, reason: input.reason } }, context);
  return input.actionId;
}

/** The team manager's record that the urgent issues of Inadequate work were addressed (000 guide); resolves to the audit's id. */
export async function recordUrgentIssuesAddressed({ writeSide }: AuditDeps, input: RecordUrgentIssuesAddressedInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'TEAM_MANAGER', correlationId);
  await handleCommand(writeSide.path, streams.audit(input.auditId), auditDecider, { type: 'RecordUrgentIssuesAddressed', ...decision, data: { auditId: input.auditId, summary: input.summary } }, context);
  return input.auditId;
}

/** 000: work not improved 4 months after moderation, escalated to the divisional director; resolves to the audit's id. */
export async function escalateToDivisionalDirector({ writeSide, dataSource }: AuditDeps, input: EscalateToDivisionalDirectorInput, principal: Principal, correlationId?: string): Promise<string> {
  // The dip audits and re-audits that follow the work up are found in the read model, and each is
  // judged on its own stream, which is never behind.
  const rows = await dataSource.getRepository(AuditEntity).find({ select: { id: true }, where: { reauditOfAuditId: input.auditId }, order: { allocatedAt: 'ASC', id: 'ASC' } });
  const followUps: GradedWork[] = await Promise.all(
    rows.map(async ({ id }) => {
      const { state } = await writeSide.load(streams.audit(id), auditDecider);
      // Before moderation completes the state's current grade is not set: the submitted grade stands.
      if (!isAllocated(state)) return { auditId: id, status: null, currentGrade: null };
      return { auditId: id, status: state.status, currentGrade: currentGrade(state) ?? state.submission?.grade ?? null };
    }),
  );
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    { type: 'EscalateToDivisionalDirector', ...decision, data: { auditId: input.auditId, summary: input.summary }, followUps },
    context,
  );
  return input.auditId;
}
