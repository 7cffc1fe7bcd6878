import type { AuditStatus, LocalDate } from '../../src/shared/domain-types.js';

/**
 * Which of an audit's deadlines are still open, from the dates its events carried (the deciders date
 * them on the working calendar). Shared by the tracker projection, which stores the earliest as
 * `next_deadline`, and the tracker and work-queue queries, which judge overdue against today.
 */

export const DEADLINE_KINDS = ['MODERATION', 'RECTIFICATION', 'URGENT_ISSUES', 'UOPP', 'FOLLOW_UP_UOPP', 'DIP_AUDIT'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface TrackerDeadlineState {
  status: AuditStatus;
  uoppCount: number;
  /** The cycle's moderation date until submission, then the one the submission set. */
  moderationDue: LocalDate | null;
  rectifyBy: LocalDate | null;
  uoppDue: LocalDate | null;
  /** Inadequate work: urgent issues to be addressed by the team manager by this day (000 guide). */
  urgentIssuesDue: LocalDate | null;
  urgentIssuesAddressedOn: LocalDate | null;
  followUpUoppDue: LocalDate | null;
  dipAuditDue: LocalDate | null;
  /** When the dip audit of this work was submitted; the dip audit deadline is then met. */
  dipAuditDoneOn: LocalDate | null;
}

export interface OpenDeadline {
  kind: DeadlineKind;
  dueOn: LocalDate;
}

/** The deadlines still to be met, soonest first. */
export function openDeadlines(state: TrackerDeadlineState): OpenDeadline[] {
  if (state.status === 'INVALIDATED') return [];
  const open: Array<[DeadlineKind, LocalDate | null]> = [];
  if (state.status === 'RETURNED') open.push(['RECTIFICATION', state.rectifyBy]);
  // Audits are completed and moderated by the cycle's moderation date (000 guide).
  if (state.status !== 'MODERATED') open.push(['MODERATION', state.moderationDue]);
  else {
    if (state.urgentIssuesAddressedOn === null) open.push(['URGENT_ISSUES', state.urgentIssuesDue]);
    if (state.uoppCount === 0) open.push(['UOPP', state.uoppDue]);
    // The follow-up date is set by the first meeting, for Inadequate work only.
    if (state.uoppCount < 2) open.push(['FOLLOW_UP_UOPP', state.followUpUoppDue]);
    if (state.dipAuditDoneOn === null) open.push(['DIP_AUDIT', state.dipAuditDue]);
  }
  return open
    .filter((entry): entry is [DeadlineKind, LocalDate] => entry[1] !== null)
    .map(([kind, dueOn]) => ({ kind, dueOn }))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : DEADLINE_KINDS.indexOf(a.kind) - DEADLINE_KINDS.indexOf(b.kind)));
}

/** The earliest deadline still open: the tracker's "next deadline". */
export function nextDeadline(state: TrackerDeadlineState): LocalDate | null {
  return openDeadlines(state)[0]?.dueOn ?? null;
}

/** The open deadlines already passed on `today` (a deadline falling today is not yet missed). */
export function overdueDeadlines(state: TrackerDeadlineState, today: LocalDate): DeadlineKind[] {
  return openDeadlines(state)
    .filter((deadline) => deadline.dueOn < today)
    .map((deadline) => deadline.kind);
}
