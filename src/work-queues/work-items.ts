import type { AuditKind } from '../../projections/tracker/tracker-row.entity.js';
import { canReadAudit } from '../auth/policies.js';
import { isOverdue, openDeadlines, type AuditDeadlines, type DeadlineKind } from '../shared/deadlines.js';
import type { Grade, LocalDate, Role } from '../shared/domain-types.js';

/**
 * What is due for one person and when (DESIGN.md "Work queues"), worked out from the tracker's rows
 * and the person's open actions. Pure: the query service fetches the rows that might concern the
 * person and `today` by the service clock; this decides what each owes.
 *
 * - auditor: audits to complete (by the cycle's moderation date), audits returned to put right;
 * - moderator: submitted audits to moderate;
 * - the case's team manager: the urgent issues of work moderated Inadequate, within 2 working days;
 * - UoPP meetings to hold (000 guide): chaired by the auditor for work Requires Improvement and above,
 *   led by the audit manager for Inadequate work (the auditor attends); the follow-up meeting for
 *   Inadequate work 6 weeks on, chaired by an audit manager or the case's team manager;
 * - the audit team: dip audits of work moderated below Good, 6 weeks after moderation;
 * - the EH coordinator lead of the case's service: work a dip audit found still below Good, referred
 *   to them to address with the head of service (AFT-5), while it stays below Good;
 * - anyone: the actions they own.
 */

export const WORK_ITEM_KINDS = ['COMPLETE_AUDIT', 'RECTIFY_AUDIT', 'MODERATE_AUDIT', 'ADDRESS_URGENT_ISSUES', 'HOLD_UOPP', 'HOLD_FOLLOW_UP_UOPP', 'DIP_AUDIT', 'ADDRESS_REFERRED_WORK', 'ACTION'] as const;
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];

export interface Person {
  staffId: string;
  roles: readonly Role[];
  /** AFT-5: for an EH coordinator lead, the teams of their service (the query service finds them). */
  serviceTeamIds?: readonly string[];
}

/** An audit as the tracker keeps it (a TrackerRowEntity will do): who holds its posts, and its deadlines' dates. */
export interface AuditFacts extends AuditDeadlines {
  auditId: string;
  cycleId: string;
  caseRef: string;
  kind: AuditKind;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
  currentGrade: Grade | null;
  teamId?: string;
  /** AFT-5: referred to the EH coordinator lead by a dip audit that found it still below Good. */
  referredToCoordinatorLeadOn?: LocalDate | null;
}

export interface OwnedAction {
  actionId: string;
  auditId: string;
  description: string;
  dueOn: LocalDate;
  /** The audit the action was agreed on, when the tracker has it. */
  audit: AuditFacts | null;
}

export interface WorkItem {
  kind: WorkItemKind;
  auditId: string;
  cycleId: string | null;
  /** Only when the person may read the audit (an action's owner may not be a party to it). */
  caseRef: string | null;
  dueOn: LocalDate | null;
  /** The day due has passed. */
  overdue: boolean;
  /** For UoPP meetings: this person chairs (or may chair) it. */
  chair: boolean;
  actionId: string | null;
  description: string | null;
}

export function workItems(person: Person, audits: readonly AuditFacts[], actions: readonly OwnedAction[], today: LocalDate): WorkItem[] {
  const me = person.staffId;
  const is = (role: Role) => person.roles.includes(role);
  const items: WorkItem[] = [];
  const add = (audit: AuditFacts, kind: WorkItemKind, dueOn: LocalDate | null, chair = false) =>
    items.push({
      kind,
      auditId: audit.auditId,
      cycleId: audit.cycleId,
      caseRef: audit.caseRef,
      dueOn,
      overdue: dueOn !== null && isOverdue(dueOn, today),
      chair,
      actionId: null,
      description: null,
    });

  for (const audit of audits) {
    const inadequate = audit.currentGrade === 'INADEQUATE';
    if (audit.auditorId === me) {
      if (audit.status === 'ALLOCATED') add(audit, 'COMPLETE_AUDIT', audit.moderationDue);
      if (audit.status === 'RETURNED') add(audit, 'RECTIFY_AUDIT', audit.rectifyBy);
    }
    if (audit.moderatorId === me && audit.status === 'SUBMITTED') add(audit, 'MODERATE_AUDIT', audit.moderationDue);
    if (audit.status !== 'MODERATED') continue;

    // AFT-5 (000 RI: "referred to the relevant EH Coordinator Lead to address, with the Head of Service").
    const ofMyService = audit.teamId !== undefined && (person.serviceTeamIds ?? []).includes(audit.teamId);
    if (is('EH_COORDINATOR_LEAD') && ofMyService && audit.referredToCoordinatorLeadOn && audit.currentGrade !== null && audit.currentGrade !== 'GOOD' && audit.currentGrade !== 'OUTSTANDING') {
      add(audit, 'ADDRESS_REFERRED_WORK', audit.referredToCoordinatorLeadOn);
    }

    // The deadlines still open after moderation, as the tracker shows them; each is owed by someone.
    const open = new Map<DeadlineKind, LocalDate>(openDeadlines(audit).map((d) => [d.kind, d.dueOn]));
    const urgentIssues = open.get('URGENT_ISSUES');
    if (urgentIssues && audit.teamManagerId === me) add(audit, 'ADDRESS_URGENT_ISSUES', urgentIssues);
    const uopp = open.get('UOPP');
    if (uopp) {
      if (audit.auditorId === me) add(audit, 'HOLD_UOPP', uopp, !inadequate || is('AUDIT_MANAGER'));
      else if (inadequate && is('AUDIT_MANAGER')) add(audit, 'HOLD_UOPP', uopp, true);
    }
    const followUpUopp = open.get('FOLLOW_UP_UOPP');
    if (followUpUopp && (audit.teamManagerId === me || is('AUDIT_MANAGER'))) add(audit, 'HOLD_FOLLOW_UP_UOPP', followUpUopp, true);
    // A dip audit is of the original work; the dip audit itself is not dip audited again.
    const dipAudit = open.get('DIP_AUDIT');
    if (dipAudit && is('AUDIT_TEAM') && audit.kind !== 'DIP_AUDIT') add(audit, 'DIP_AUDIT', dipAudit);
  }

  for (const action of actions) {
    const readable = action.audit !== null && canReadAudit({ staffId: me, roles: [...person.roles], teamId: null }, action.audit);
    items.push({
      kind: 'ACTION',
      auditId: action.auditId,
      cycleId: action.audit?.cycleId ?? null,
      caseRef: readable ? action.audit!.caseRef : null,
      dueOn: action.dueOn,
      overdue: isOverdue(action.dueOn, today),
      chair: false,
      actionId: action.actionId,
      description: action.description,
    });
  }

  return items.sort(
    (a, b) =>
      compareDue(a.dueOn, b.dueOn) ||
      WORK_ITEM_KINDS.indexOf(a.kind) - WORK_ITEM_KINDS.indexOf(b.kind) ||
      a.auditId.localeCompare(b.auditId) ||
      (a.actionId ?? '').localeCompare(b.actionId ?? ''),
  );
}

/** Soonest first; nothing due at the end. */
function compareDue(a: LocalDate | null, b: LocalDate | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
