import type { Cycle, Directory } from './cycles.queries.js';
import { namer } from './cycles.queries.js';
import { ROLE_LABELS } from '../kernel/filters.js';

/** What the cycle page shows, worked out from the API's answers: pure, so tested without a browser. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2026-12 → December 2026; anything else as given. */
export function monthName(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : month;
}

/** BEF-3: the three posts that approve the KLOEs, in the document's order. */
export const APPROVER_POSTS = [
  { role: 'HEAD_OF_SERVICE', text: 'Head of service' },
  { role: 'EH_COORDINATOR_LEAD', text: 'EH coordinator lead' },
  { role: 'DIVISIONAL_DIRECTOR', text: 'Divisional director' },
] as const;

/** Audits whose auditor (before submission) or moderator (before moderation completes) can still change. */
const REALLOCATABLE = ['ALLOCATED', 'RETURNED', 'SUBMITTED'];

export function cycleView(cycle: Cycle, directory: Directory, roles: readonly string[], staffId: string | null) {
  const name = namer(directory);
  const auditTeam = roles.includes('AUDIT_TEAM');
  const open = cycle.status !== 'CLOSED';
  const approvals = APPROVER_POSTS.map((post) => {
    const approval = cycle.kloeApprovals.find((a) => a.role === post.role);
    return { ...post, approvedBy: approval ? name(approval.staffId) : null, approvedOn: approval?.approvedOn ?? null };
  });
  // BEF-3: the button for anyone holding a post that has not approved the KLOEs as they stand.
  const myPostsToApprove = approvals.filter((a) => roles.includes(a.role) && !a.approvedBy).map((a) => a.text);
  return {
    monthName: monthName(cycle.month),
    open,
    auditTeam,
    approvals,
    missingApprovals: approvals.filter((a) => !a.approvedBy).map((a) => a.text),
    canApprove: open && staffId !== null && myPostsToApprove.length > 0 && cycle.kloeMeeting !== null && cycle.kloes.length > 0,
    myPostsToApprove,
    canEditKloes: auditTeam && open,
    canRecordMeeting: auditTeam && open && cycle.kloeMeeting === null,
    meetingAttendees: (cycle.kloeMeeting?.attendeeIds ?? []).map(name),
    canAllocate: auditTeam && open && cycle.kloesApproved,
    canClose: auditTeam && open,
    audits: cycle.audits.map((a) => ({
      ...a,
      auditor: name(a.auditorId),
      moderator: name(a.moderatorId),
      practitioner: name(a.practitionerId),
      team: name(a.teamId),
      reallocateHref: auditTeam && open && REALLOCATABLE.includes(a.status) ? `/cycles/${encodeURIComponent(cycle.id)}/audits/${encodeURIComponent(a.id)}/reallocate` : null,
    })),
    programme: {
      auditMonth: monthName(cycle.programme.auditMonth),
      learning: `${monthName(cycle.programme.learningFrom)} to ${monthName(cycle.programme.learningTo)}`,
      practiceDayMonth: monthName(cycle.programme.practiceDayMonth),
      reauditMonth: monthName(cycle.programme.reauditMonth),
      practiceDayHeldOn: cycle.programme.practiceDayHeldOn,
    },
  };
}

/**
 * BEF-1: who may be named at the KLOE meeting: the head of service, EH coordinator leads and the
 * audit team first (the meeting needs a head of service and an EH coordinator lead), then everyone
 * else; `checked` the ids ticked before.
 */
export function audienceOf(directory: Directory, _cycle: Cycle, checked: readonly string[] = []) {
  const first = ['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'AUDIT_TEAM', 'AUDIT_MANAGER'];
  const rank = (roles: string[]) => {
    const i = first.findIndex((r) => roles.includes(r));
    return i === -1 ? first.length : i;
  };
  return [...directory.staff]
    .sort((x, y) => rank(x.roles) - rank(y.roles) || x.name.localeCompare(y.name))
    .map((s) => ({ value: s.id, text: s.name, hint: { text: s.roles.map(roleWords).join(', ') }, checked: checked.includes(s.id) }));
}

export const roleWords = (role: string) => ROLE_LABELS[role] ?? role;
