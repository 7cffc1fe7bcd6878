import type { LocalDate, Role } from '../shared/domain-types.js';
import { badInput, conflict, forbidden, notFound } from '../shared/errors.js';
import { KLOE_APPROVERS } from '../shared/facts.js';
import { isLocalDate } from '../calendar/working-calendar.js';
import { type CommandContext } from '../shared/decider.js';
import type { KloeApprover, KloeMeetingHeld, KloesApproved } from './events.js';

/**
 * Before the audit (000 "Key Lines of Enquiry (KLOE) and selection of cases"): the KLOE meeting,
 * the approval of the KLOEs, and the gate they put on allocation. Rule ids are those of
 * docs/rules/before-the-audit.md.
 */

/** BEF-3: every one of these posts approves the KLOEs before cases and auditors are chosen. */

export type KloeMeeting = { heldOn: LocalDate; attendeeIds: string[]; casesDueBy: LocalDate };
export type KloeApproval = { role: KloeApprover; staffId: string; approvedOn: LocalDate };

/** What the pre-audit rules need of the cycle (a CycleState will do). */
export type PreAuditState = {
  id: string;
  month: string;
  kloes: readonly string[];
  status: 'OPEN' | 'CLOSED' | null;
  kloeMeeting: KloeMeeting | null;
  /** Approvals of the current KLOE list; agreeing a new list clears them. */
  kloeApprovals: readonly KloeApproval[];
};

export type RecordKloeMeeting = CommandContext & {
  type: 'RecordKloeMeeting';
  data: { cycleId: string; heldOn: LocalDate; attendeeIds: string[] };
  /** The registered staff among data.attendeeIds; an id without a fact here is unknown. */
  attendees: ReadonlyArray<{ id: string; roles: readonly Role[] }>;
};

export type ApproveKloes = CommandContext & { type: 'ApproveKloes'; data: { cycleId: string } };

const firstDayOf = (month: string): LocalDate => `${month}-01`;

/** BEF-1, BEF-2. */
export function recordKloeMeeting(command: RecordKloeMeeting, state: PreAuditState & { scheduled: boolean }): KloeMeetingHeld[] {
  const { data } = command;
  if (!command.actor.roles.includes('AUDIT_TEAM')) throw forbidden('only AUDIT_TEAM may record the KLOE meeting');
  if (!state.scheduled) throw notFound('cycle', data.cycleId);
  if (typeof data.heldOn !== 'string' || !isLocalDate(data.heldOn)) throw badInput('heldOn', 'must be a date written YYYY-MM-DD');
  if (data.heldOn > command.today) throw badInput('heldOn', `must not be in the future (today is ${command.today}): record the meeting once it is held`);
  if (data.heldOn >= firstDayOf(state.month)) {
    throw badInput('heldOn', `BEF-1: the KLOE meeting is held before the audit starts (000: two weeks before), so before ${firstDayOf(state.month)}`);
  }
  const ids = [...new Set((Array.isArray(data.attendeeIds) ? data.attendeeIds : []).map((id) => (typeof id === 'string' ? id.trim() : '')))];
  if (ids.length === 0 || ids.includes('')) throw badInput('attendeeIds', 'name the staff who attended the KLOE meeting');
  const missing = ids.filter((id) => !command.attendees.some((a) => a.id === id));
  if (missing.length > 0) throw notFound('staff member', missing.join(', '));
  const holding = (role: Role) => command.attendees.some((a) => ids.includes(a.id) && a.roles.includes(role));
  const absent = (['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD'] as const).filter((role) => !holding(role));
  if (absent.length > 0) {
    throw badInput('attendeeIds', `BEF-1: the head of service and EH coordinator(s) hold the KLOE meeting with the audit team; missing: ${absent.join(', ')}`);
  }
  if (state.status === 'CLOSED') throw conflict(`cycle ${state.id} is closed`);
  if (state.kloeMeeting) throw conflict(`BEF-1: the KLOE meeting of cycle ${state.id} is already recorded (held on ${state.kloeMeeting.heldOn})`);
  return [
    {
      type: 'KloeMeetingHeld',
      // BEF-2 (000): "Within a week of the KLOEs meeting, the audit team will identify the cases and allocate".
      data: { cycleId: state.id, heldOn: data.heldOn, attendeeIds: ids, casesDueBy: command.calendar.addWeeks(data.heldOn, 1), recordedById: command.actor.staffId },
    },
  ];
}

/** BEF-3: each approver post the actor holds that has not yet approved the current list. */
export function approveKloes(command: ApproveKloes, state: PreAuditState & { scheduled: boolean }): KloesApproved[] {
  const posts = KLOE_APPROVERS.filter((role) => command.actor.roles.includes(role));
  if (posts.length === 0) throw forbidden(`BEF-3: only ${KLOE_APPROVERS.join(', ')} may approve the KLOEs`);
  if (!state.scheduled) throw notFound('cycle', command.data.cycleId);
  if (state.status === 'CLOSED') throw conflict(`cycle ${state.id} is closed`);
  if (!state.kloeMeeting) throw conflict(`BEF-3: the KLOEs of cycle ${state.id} are approved after the KLOE meeting, which is not recorded yet`);
  if (state.kloes.length === 0) throw conflict(`BEF-3: cycle ${state.id} has no KLOEs to approve: agree them first`);
  const left = posts.filter((role) => !state.kloeApprovals.some((a) => a.role === role));
  if (left.length === 0) throw conflict(`BEF-3: the KLOEs of cycle ${state.id} are already approved as ${posts.join(', ')}`);
  return [{ type: 'KloesApproved', data: { cycleId: state.id, approvedById: command.actor.staffId, approvedAs: left, approvedOn: command.today, kloes: [...state.kloes] } }];
}
