import type { Dispute, DisputesAudit } from './disputes.queries.js';

/** Which of the dispute forms a person sees (000 "Escalation"); the API decides whether they may send it. */
export interface DisputeForms {
  /** Raise a dispute: the practitioner, team manager or EH coordinator lead, on moderated work with no dispute open. */
  raise: boolean;
  /** Record the discussion with the moderator: the allocated moderator, on an OPEN dispute. */
  discuss: Dispute | null;
  /** The final decision: the head of service or audit team, on an UNRESOLVED dispute. */
  decide: Dispute | null;
}

export function disputeForms(audit: DisputesAudit, person: { staffId: string | null; roles: readonly string[] }): DisputeForms {
  const open = audit.disputes.find((d) => d.status === 'OPEN') ?? null;
  const unresolved = audit.disputes.find((d) => d.status === 'UNRESOLVED') ?? null;
  const party = person.staffId === audit.practitionerId || person.staffId === audit.teamManagerId || person.roles.includes('EH_COORDINATOR_LEAD');
  return {
    raise: party && audit.status === 'MODERATED' && !open && !unresolved,
    discuss: open && person.staffId === audit.moderatorId ? open : null,
    decide: unresolved && (person.roles.includes('HEAD_OF_SERVICE') || person.roles.includes('AUDIT_TEAM')) ? unresolved : null,
  };
}

/** The discussion form's answer: true when it settled the dispute, false when not, null when not said. */
export function settled(value: string | undefined): boolean | null {
  return value === 'yes' ? true : value === 'no' ? false : null;
}
