import type { CycleFacts, Decision, EventInput, Facts, RuleContext } from './message-types.js';
import { recipients as r, distinct, type CasePeople, type Recipient } from './recipients.js';

/**
 * Who is told what, for which event: pure functions from an event and what the notifications
 * projector knows (the directory, the audit's people) to messages. Each rule cites its document.
 * Messages carry facts, never case content: the reference, dates, the grade where the document
 * has people told of it, and names of staff; no rationale, no child's name, nothing of a UoPP.
 */

export * from './message-types.js';

type RuleFn = (event: EventInput, context: RuleContext) => Decision[];

const practitionerAndManager = (a: CasePeople): Recipient[] => [r.person(a.practitionerId, 'PRACTITIONER'), r.person(a.teamManagerId, 'TEAM_MANAGER')];

const name = (context: RuleContext, staffId: string): string => context.directory.people.get(staffId)?.name ?? staffId;
const first = (context: RuleContext, staffId: string): string => name(context, staffId).trim().split(/\s+/)[0];

function allocation(a: CasePeople, cycle: CycleFacts | null, context: RuleContext): Decision[] {
  const base: Facts = {
    auditId: a.auditId,
    caseRef: a.caseRef,
    cycleName: cycle?.name ?? null,
    month: cycle?.month ?? null,
    kloes: cycle?.kloes ?? [],
    moderationDue: cycle?.moderationDue ?? null,
    practitionerFirstName: first(context, a.practitionerId),
    auditorName: name(context, a.auditorId),
    moderatorName: name(context, a.moderatorId),
  };
  return [
    // 000 "Audits": "Practitioners whose work has been selected for audits will be informed via email on
    // the same day, their Team Managers will be copied into the email. The email will set out the key lines of enquiry".
    { rule: 'ALLOCATED_PRACTITIONER', to: practitionerAndManager(a), facts: base },
    // 000 "Audits": "The Audit Team will email the audit allocations to all auditors and moderators, together with the relevant audit tool."
    { rule: 'ALLOCATED_AUDITOR', to: [r.person(a.auditorId, 'AUDITOR')], facts: base },
    { rule: 'ALLOCATED_MODERATOR', to: [r.person(a.moderatorId, 'MODERATOR')], facts: base },
  ];
}

const rules: Record<string, RuleFn> = {
  AuditAllocated(event, context) {
    const d = event.data;
    const a: CasePeople = {
      auditId: d.auditId,
      caseRef: d.caseRef,
      teamId: d.teamId,
      practitionerId: d.practitionerId,
      teamManagerId: d.teamManagerId,
      auditorId: d.auditorId,
      moderatorId: d.moderatorId,
    };
    return allocation(a, context.cycle, context);
  },

  /** A reallocated audit: the new auditor or moderator gets the allocation the first one had. */
  AuditReallocated(event, context) {
    const a = context.audit;
    if (!a) return [];
    const d = event.data;
    const now: CasePeople = { ...a, auditorId: d.auditorId, moderatorId: d.moderatorId };
    const all = allocation(now, context.cycle, context);
    return all.filter(
      (m) => (m.rule === 'ALLOCATED_AUDITOR' && d.auditorId !== d.fromAuditorId) || (m.rule === 'ALLOCATED_MODERATOR' && d.moderatorId !== d.fromModeratorId),
    );
  },

  // 000 "Moderation": "Once completed the audit needs to be sent to the allocated moderator, practitioner
  // and their Team Manager, with the Audit Team being copied into the email".
  AuditSubmitted(event, context) {
    const a = context.audit;
    if (!a) return [];
    // 000 "Dip audits of audits that were graded RI/ inadequate": "The findings of this dip audit will be
    // shared with the HoS, Early Help Coordinator Lead."
    const findings: Decision[] = a.dipAuditOf
      ? [
          {
            rule: 'DIP_AUDIT_FINDINGS',
            to: [...r.headsOfService(context.directory, a.teamId), ...r.coordinatorLeads(context.directory, a.teamId)],
            facts: { auditId: a.auditId, caseRef: a.caseRef, originalAuditId: a.dipAuditOf },
          },
        ]
      : [];
    return [
      ...findings,
      {
        rule: 'AUDIT_SUBMITTED',
        to: [r.person(a.moderatorId, 'MODERATOR'), ...practitionerAndManager(a), ...r.auditTeam(context.directory, 'AUDIT_TEAM_COPY')],
        facts: { auditId: a.auditId, caseRef: a.caseRef, moderationDue: event.data.moderationDue ?? null },
      },
    ];
  },

  // 000 "When should the meeting take place?", Inadequate: "the Practitioner, Team Manager, EH Coordinator
  // Lead., Audit Manager and Head of Service for Early Help should be notified immediately". The audit
  // decider records the duty (NotificationRequired) at submission and when moderation makes it Inadequate.
  NotificationRequired(event, context) {
    const a = context.audit;
    if (!a) return [];
    // A dispute decision that makes the work Inadequate (AFT-1) is, like moderation, the outcome after it.
    const reason = event.data.reason === 'INADEQUATE_MODERATED' || event.data.reason === 'INADEQUATE_DECIDED' ? 'INADEQUATE_MODERATED' : 'INADEQUATE_SUBMITTED';
    const to: Recipient[] = [];
    for (const wanted of (event.data.recipients ?? []) as Array<{ role: string; staffId: string | null }>) {
      if (wanted.staffId) to.push(r.person(wanted.staffId, wanted.role));
      else if (wanted.role === 'EH_COORDINATOR_LEAD') to.push(...r.coordinatorLeads(context.directory, a.teamId));
      else if (wanted.role === 'AUDIT_MANAGER') to.push(...r.auditManagers(context.directory));
      else if (wanted.role === 'HEAD_OF_SERVICE') to.push(...r.headsOfService(context.directory, a.teamId));
    }
    return [
      {
        rule: reason,
        to,
        facts: { auditId: a.auditId, caseRef: a.caseRef, practitionerFirstName: first(context, a.practitionerId), notifyBy: event.data.notifyBy ?? null },
      },
    ];
  },

  // 003 "Escalations": "If you have any concerns about the safety of this child/young person, please
  // escalate it immediately with the Team Manager and EH Coordinator." Those named are told at once;
  // the concern itself stays in the service.
  EscalationRaised(event, context) {
    const a = context.audit;
    if (!a) return [];
    const named = ((event.data.escalatedToIds ?? []) as string[]).map((id) => r.person(id, 'ESCALATED_TO'));
    return [
      {
        rule: 'SAFETY_CONCERN_ESCALATED',
        to: named,
        facts: { auditId: a.auditId, caseRef: a.caseRef, raisedByName: name(context, event.data.raisedById), escalatedOn: event.data.escalatedOn ?? null },
      },
    ];
  },

  // 000 "Moderation": an audit not of a sufficient standard "will be returned to the auditor and copied
  // to the auditor's head of service, and a timescale given for rectification".
  AuditReturnedForRectification(event, context) {
    const a = context.audit;
    if (!a) return [];
    const auditorTeam = context.directory.people.get(a.auditorId)?.teamId ?? null;
    return [
      {
        rule: 'RETURNED_FOR_RECTIFICATION',
        to: [r.person(a.auditorId, 'AUDITOR'), ...r.headsOfService(context.directory, auditorTeam, 'AUDITOR_HEAD_OF_SERVICE')],
        facts: { auditId: a.auditId, caseRef: a.caseRef, rectifyBy: event.data.rectifyBy ?? null },
      },
    ];
  },

  // 000 "Moderators": the moderator notes any disagreement with its rationale; "This will be sent back to
  // the auditor, social worker/ practitioner and team manager for reflection and learning. The Audit Team
  // needs to be copied into the email."
  ModerationCompleted(event, context) {
    const a = context.audit;
    // AUD-10: an audit completed without moderation (outside the month's sample) has no moderation to tell of.
    if (!a || event.data.moderated === false) return [];
    return [
      {
        rule: 'MODERATION_COMPLETED',
        to: [r.person(a.auditorId, 'AUDITOR'), ...practitionerAndManager(a), ...r.auditTeam(context.directory, 'AUDIT_TEAM_COPY')],
        facts: {
          auditId: a.auditId,
          caseRef: a.caseRef,
          gradesChanged: a.moderationChanges,
          moderatedGrade: event.data.moderatedGrade ?? null,
          uoppDue: event.data.uoppDue ?? null,
        },
      },
    ];
  },

  // 000 "Escalation": the coordinator lead, team manager and practitioner "will discuss this with the moderator".
  ModerationDisputed(event, context) {
    const a = context.audit;
    if (!a) return [];
    return [
      {
        rule: 'DISPUTE_RAISED',
        to: [r.person(a.moderatorId, 'MODERATOR'), ...r.auditTeam(context.directory, 'AUDIT_TEAM_COPY')],
        facts: { auditId: a.auditId, caseRef: a.caseRef, raisedByName: name(context, event.data.raisedById) },
      },
    ];
  },

  // 000 "Escalation": "If it cannot be resolved, then the moderated audit will be sent to the Audit Team/
  // Head of Service of Early Help to make a final decision." The one who raised it learns the outcome.
  DisputeDiscussed(event, context) {
    const a = context.audit;
    if (!a) return [];
    const raiser = a.disputeRaisers[event.data.disputeId];
    const resolved = event.data.resolved === true;
    const to = [...(raiser ? [r.person(raiser, 'RAISED_DISPUTE')] : [])];
    if (!resolved) to.push(...r.auditTeam(context.directory), ...r.headsOfService(context.directory, a.teamId));
    return [{ rule: 'DISPUTE_DISCUSSED', to, facts: { auditId: a.auditId, caseRef: a.caseRef, resolved } }];
  },

  /** The final decision goes to everyone the dispute concerned. */
  DisputeResolved(event, context) {
    const a = context.audit;
    if (!a) return [];
    const raiser = a.disputeRaisers[event.data.disputeId];
    return [
      {
        rule: 'DISPUTE_DECIDED',
        to: [
          ...(raiser ? [r.person(raiser, 'RAISED_DISPUTE')] : []),
          r.person(a.moderatorId, 'MODERATOR'),
          r.person(a.auditorId, 'AUDITOR'),
          ...practitionerAndManager(a),
        ],
        facts: { auditId: a.auditId, caseRef: a.caseRef, decidedByName: name(context, event.data.decidedById), grade: event.data.to ?? null },
      },
    ];
  },

  // 000 "When should the meeting take place?": "the Record of the UOPP Meeting will be sent to the TM/SW
  // and EH Coordinator Lead" and, for Inadequate work, "to the TM/SW, EH Coordinator Lead and Head of
  // Service". The record says that it was held, when, who chaired and attended and the plan; never its content.
  UoPPHeld(event, context) {
    const a = context.audit;
    if (!a) return [];
    const d = event.data;
    const inadequate = d.from === 'INADEQUATE' || a.currentGrade === 'INADEQUATE';
    return [
      {
        rule: 'UOPP_RECORD',
        to: [
          r.person(a.teamManagerId, 'TEAM_MANAGER'),
          r.person(a.practitionerId, 'PRACTITIONER'),
          ...r.coordinatorLeads(context.directory, a.teamId),
          ...(inadequate ? r.headsOfService(context.directory, a.teamId) : []),
        ],
        facts: {
          auditId: a.auditId,
          caseRef: a.caseRef,
          heldOn: d.heldOn ?? null,
          meeting: d.meeting ?? 'INITIAL',
          chairName: name(context, d.chairId),
          attendeeNames: ((d.attendeeIds ?? []) as string[]).map((id) => name(context, id)),
          linkedPlan: d.linkedPlan ?? null,
          followUpDue: d.followUpDue ?? null,
        },
      },
    ];
  },

  // 000 "Completion of dip samples": "The quality assurance lead completes a report on the key findings and
  // send to head of service for sign off. They will then also share with relevant EH Coordinators."
  DipSampleFindingsReported(event, context) {
    const sample = context.dipSample;
    const leads = sample ? sample.teamIds.flatMap((teamId) => r.coordinatorLeads(context.directory, teamId)) : [];
    return [
      {
        rule: 'DIP_SAMPLE_FINDINGS',
        to: [r.person(event.data.headOfServiceId, 'HEAD_OF_SERVICE'), ...leads],
        facts: { dipSampleId: event.data.dipSampleId, theme: sample?.theme ?? null, findings: ((event.data.findings ?? []) as string[]).length },
      },
    ];
  },
};

/** The messages an event calls for; [] for events nobody is told of. Recipients are distinct per message. */
export function decideMessages(event: EventInput, context: RuleContext): Decision[] {
  const rule = Object.hasOwn(rules, event.type) ? rules[event.type] : undefined;
  if (!rule) return [];
  return rule(event, context)
    .map((m) => ({ ...m, to: distinct(m.to) }))
    .filter((m) => m.to.length > 0);
}

export const NOTIFIED_EVENT_TYPES = Object.keys(rules);
