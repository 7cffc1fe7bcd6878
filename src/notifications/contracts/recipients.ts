/**
 * Who receives what: every lookup of "the head of service", "the EH coordinator lead" and so on goes
 * through here, so a role that is added later changes one file.
 *
 * Pure: the directory is a snapshot the caller loads (the notifications projector, the scheduler).
 */

export interface Person {
  id: string;
  name: string;
  /** Empty when none was registered. */
  email: string;
  teamId: string | null;
  /** Role names as registered; strings, so roles added later are recognised here without a change. */
  roles: string[];
  /** PPL-8: left the authority (StaffLeft): reported to the audit team, never mailed. */
  left: boolean;
}

export interface Team {
  id: string;
  name: string;
  service: string;
}

export interface Directory {
  people: ReadonlyMap<string, Person>;
  teams: ReadonlyMap<string, Team>;
}

/** The people of one audit, as allocated (or reallocated). */
export interface CasePeople {
  auditId: string;
  caseRef: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
}

/** One person a message goes to, and in what capacity (shown to the audit team, kept on the outbox row). */
export interface Recipient {
  staffId: string;
  as: string;
}

const withRole = (directory: Directory, role: string): Person[] =>
  [...directory.people.values()].filter((p) => p.roles.includes(role)).sort((a, b) => a.id.localeCompare(b.id));

export const serviceOfTeam = (directory: Directory, teamId: string | null): string | null =>
  (teamId && directory.teams.get(teamId)?.service) || null;

const inService = (directory: Directory, people: Person[], service: string | null): Person[] =>
  service === null ? [] : people.filter((p) => serviceOfTeam(directory, p.teamId) === service);

export const recipients = {
  person: (staffId: string, as: string): Recipient => ({ staffId, as }),

  auditTeam: (directory: Directory, as = 'AUDIT_TEAM'): Recipient[] => withRole(directory, 'AUDIT_TEAM').map((p) => ({ staffId: p.id, as })),

  auditManagers: (directory: Directory): Recipient[] => withRole(directory, 'AUDIT_MANAGER').map((p) => ({ staffId: p.id, as: 'AUDIT_MANAGER' })),

  /**
   * The head of service for Early Help (000): a HEAD_OF_SERVICE in a team of the case's service;
   * when none is placed in a team of that service, every head of service (a post, not a team member).
   */
  headsOfService: (directory: Directory, teamId: string | null, as = 'HEAD_OF_SERVICE'): Recipient[] => {
    const all = withRole(directory, 'HEAD_OF_SERVICE');
    const placed = inService(directory, all, serviceOfTeam(directory, teamId));
    return (placed.length > 0 ? placed : all).map((p) => ({ staffId: p.id, as }));
  },

  /**
   * The EH coordinator lead of the case's service (000). Holders of the EH_COORDINATOR_LEAD role in
   * that service when the role exists; until it does, "a team manager in the same service stands in
   * for the coordinator lead" (the rule the disputes and follow-up UoPP already apply, decider.ts):
   * the team managers of the service's other teams, the case's own team manager being told anyway.
   */
  coordinatorLeads: (directory: Directory, caseTeamId: string): Recipient[] => {
    const service = serviceOfTeam(directory, caseTeamId);
    const leads = withRole(directory, 'EH_COORDINATOR_LEAD');
    if (leads.length > 0) return inService(directory, leads, service).map((p) => ({ staffId: p.id, as: 'EH_COORDINATOR_LEAD' }));
    return inService(directory, withRole(directory, 'TEAM_MANAGER'), service)
      .filter((p) => p.teamId !== caseTeamId)
      .map((p) => ({ staffId: p.id, as: 'EH_COORDINATOR_LEAD' }));
  },

  /**
   * The divisional director (000: receives the 4-month escalations). Holders of DIVISIONAL_DIRECTOR
   * when the role exists; until then nobody, and the audit team (who escalate) are reminded instead.
   */
  divisionalDirectors: (directory: Directory): Recipient[] =>
    withRole(directory, 'DIVISIONAL_DIRECTOR').map((p) => ({ staffId: p.id, as: 'DIVISIONAL_DIRECTOR' })),
};

/** Why a person cannot be mailed, or null when they can. */
export function undeliverableReason(person: Person | undefined): string | null {
  if (!person) return 'not registered';
  if (person.left) return 'has left';
  if (!person.email || !person.email.includes('@')) return 'no email address';
  return null;
}

/** One entry per person (the first capacity named wins), in the order given. */
export function distinct(list: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return list.filter((r) => (seen.has(r.staffId) ? false : (seen.add(r.staffId), true)));
}

export const firstName = (person: Person | undefined): string => person?.name.trim().split(/\s+/)[0] ?? '';
