import type { Principal } from '../../auth/principal.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams } from '../../shared/domain-types.js';
import { newId } from '../../shared/idempotency.js';
import { actingAs } from '../../write-side/write-side.js';
import type {
  Escalation,
  MarkSectionNotApplicableInput,
  RaiseEscalationInput,
  RecordAnswerInput,
  RecordCollaborativeDiscussionInput,
  RecordFamilyFeedbackInput,
  RecordNarrativeInput,
  RecordPractitionerFeedbackInput,
  SetGradeInput,
} from '../audit.types.js';
import { auditDecider, type AuditCommand, type AuditState } from '../decider.js';
import { cycleState, loadAudit, staffFacts, templateOf, type AuditDeps } from './audit-facts.js';

/**
 * The auditor's commands while completing the audit, up to submission. Each resolves to the audit's
 * id; a command whose rule reads the audit's template takes it from the state it is decided on.
 */

export async function recordAnswer({ writeSide }: AuditDeps, input: RecordAnswerInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDITOR', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    (state: AuditState): AuditCommand => ({
      type: 'RecordAnswer',
      ...decision,
      data: { auditId: input.auditId, section: input.section, question: input.question, answer: input.answer, comment: input.comment ?? null },
      template: templateOf(state),
    }),
    context,
  );
  return input.auditId;
}

/** A written answer to a free-text question of the template. */
export async function recordNarrative({ writeSide }: AuditDeps, input: RecordNarrativeInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDITOR', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    (state: AuditState): AuditCommand => ({
      type: 'RecordNarrative',
      ...decision,
      data: { auditId: input.auditId, section: input.section, question: input.question, text: input.text },
      template: templateOf(state),
    }),
    context,
  );
  return input.auditId;
}

export async function setGrade({ writeSide }: AuditDeps, input: SetGradeInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDITOR', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    (state: AuditState): AuditCommand => ({
      type: 'SetGrade',
      ...decision,
      data: { auditId: input.auditId, section: input.section, grade: input.grade, rationale: input.rationale },
      template: templateOf(state),
    }),
    context,
  );
  return input.auditId;
}

/** AUD-1: the date of the auditor's collaborative discussion with the practitioner and/or team manager. */
export async function recordCollaborativeDiscussion({ writeSide }: AuditDeps, input: RecordCollaborativeDiscussionInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDITOR', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    { type: 'RecordCollaborativeDiscussion', ...decision, data: { auditId: input.auditId, discussedOn: input.discussedOn, withIds: input.withIds } },
    context,
  );
  return input.auditId;
}

/** AUD-8: a graded section not relevant to the case, with the reason (templates that allow it). */
export async function markSectionNotApplicable({ writeSide }: AuditDeps, input: MarkSectionNotApplicableInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDITOR', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    (state: AuditState): AuditCommand => ({
      type: 'MarkSectionNotApplicable',
      ...decision,
      data: { auditId: input.auditId, section: input.section, reason: input.reason },
      template: templateOf(state),
    }),
    context,
  );
  return input.auditId;
}

/** The family's view of the work (template section 9), recorded by the auditor. */
export async function recordFamilyFeedback({ writeSide }: AuditDeps, input: RecordFamilyFeedbackInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDITOR', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    {
      type: 'RecordFamilyFeedback',
      ...decision,
      data: {
        auditId: input.auditId,
        rating: input.rating ?? null,
        couldHaveTheirSay: input.couldHaveTheirSay ?? null,
        ableToAccessSupport: input.ableToAccessSupport ?? null,
        comments: input.comments ?? null,
        notCompletedReason: input.notCompletedReason ?? null,
      },
    },
    context,
  );
  return input.auditId;
}

/** The practitioner's own section (template section 10), by the practitioner or the auditor for them. */
export async function recordPractitionerFeedback({ writeSide }: AuditDeps, input: RecordPractitionerFeedbackInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'PRACTITIONER', 'AUDITOR'), correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    (state: AuditState): AuditCommand => ({
      type: 'RecordPractitionerFeedback',
      ...decision,
      data: {
        auditId: input.auditId,
        comments: input.comments ?? null,
        notCompletedReason: input.notCompletedReason ?? null,
        answers: (input.answers ?? []).map((a) => ({ question: a.question, text: a.text })),
      },
      template: templateOf(state),
    }),
    context,
  );
  return input.auditId;
}

/** A concern for the child's safety, escalated at once; resolves to the escalation as recorded (there is no read model of escalations yet). */
export async function raiseEscalation({ writeSide }: AuditDeps, input: RaiseEscalationInput, principal: Principal, correlationId?: string): Promise<Escalation> {
  const escalationId = newId();
  const escalatedTo = await staffFacts(writeSide, input.escalatedToIds ?? []);
  const { decision, context } = writeSide.begin(principal, actingAs(principal, 'AUDITOR', 'MODERATOR'), correlationId);
  const { events } = await handleCommand(
    writeSide.path,
    streams.audit(input.auditId),
    auditDecider,
    {
      type: 'RaiseEscalation',
      ...decision,
      data: {
        auditId: input.auditId,
        escalationId,
        escalatedToIds: input.escalatedToIds,
        escalatedOn: input.escalatedOn,
        concern: input.concern,
        immediateActions: input.immediateActions,
      },
      escalatedTo,
    },
    context,
  );
  const raised = events.find((event) => event.type === 'EscalationRaised');
  if (raised?.type !== 'EscalationRaised') throw new Error('RaiseEscalation appended no EscalationRaised event');
  const { data } = raised;
  return {
    id: data.escalationId,
    auditId: data.auditId,
    raisedById: data.raisedById,
    escalatedToIds: data.escalatedToIds,
    escalatedOn: data.escalatedOn,
    concern: data.concern,
    immediateActions: data.immediateActions,
  };
}

export async function submitAudit({ writeSide }: AuditDeps, auditId: string, principal: Principal, correlationId?: string): Promise<string> {
  // The moderation date depends on the cycle's month, a fact from the cycle's own stream.
  const { cycleId } = await loadAudit(writeSide, auditId);
  const cycle = await cycleState(writeSide, cycleId);
  const { decision, context } = writeSide.begin(principal, 'AUDITOR', correlationId);
  await handleCommand(
    writeSide.path,
    streams.audit(auditId),
    auditDecider,
    (state: AuditState): AuditCommand => ({ type: 'SubmitAudit', ...decision, data: { auditId }, template: templateOf(state), cycle }),
    context,
  );
  return auditId;
}
