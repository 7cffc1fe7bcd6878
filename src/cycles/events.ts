import type { LocalDate } from '../shared/domain-types.js';

/** Stream `cycle-<id>`. */
export type CycleScheduled = {
  type: 'CycleScheduled';
  data: {
    cycleId: string;
    name: string;
    service: string;
    /** The audit month, YYYY-MM. */
    month: string;
    kloes: string[];
    /** Moderation of the cycle's audits is due by this day: the month's last working day. */
    moderationDue: LocalDate;
  };
};

/** Key lines of enquiry agreed for the cycle (replaces the earlier list). */
export type KloesAgreed = {
  type: 'KloesAgreed';
  data: { cycleId: string; kloes: string[] };
};

/** No more allocations; every audit of the cycle was moderated or invalidated first. */
export type CycleClosed = {
  type: 'CycleClosed';
  data: { cycleId: string; closedOn: LocalDate; closedById: string };
};

/**
 * BEF-1 (000 "KLOE meeting/Pre-audit"): the head of service and EH coordinator(s) meet the audit team
 * before the audit month to set the KLOEs. BEF-2: the cases are to be allocated by `casesDueBy`, a
 * week after the meeting.
 */
export type KloeMeetingHeld = {
  type: 'KloeMeetingHeld';
  data: { cycleId: string; heldOn: LocalDate; attendeeIds: string[]; casesDueBy: LocalDate; recordedById: string };
};

/** The post in which someone approved the KLOEs (BEF-3). */
import type { KloeApprover } from '../shared/facts.js';

export type { KloeApprover };

/** BEF-3 (000): the head of service, EH coordinator and divisional director approve the KLOEs. */
export type KloesApproved = {
  type: 'KloesApproved';
  data: { cycleId: string; approvedById: string; approvedAs: KloeApprover[]; approvedOn: LocalDate; kloes: string[] };
};

/** BEF-14 (000 "Practice Days"): month 4's Practice Day, the leaders' observations and the families' feedback. */
export type PracticeDayHeld = {
  type: 'PracticeDayHeld';
  data: { cycleId: string; heldOn: LocalDate; leadersObservations: string[]; familyFeedback: string[]; recordedById: string };
};

/**
 * AUD-10 (004 "10% of audits received are moderated each month by the AP team"): the month's
 * moderation sample, drawn at random from the seed recorded here; the audits received and not sampled
 * complete without moderation.
 */
export type ModerationSampleDrawn = {
  type: 'ModerationSampleDrawn';
  data: {
    cycleId: string;
    sampleId: string;
    seed: string;
    /** The share moderated, in percent (the template's moderationSamplePercent). */
    percent: number;
    drawnOn: LocalDate;
    drawnById: string;
    /** Every audit the sample was drawn from, in id order. */
    receivedAuditIds: string[];
    /** The audits to moderate, in id order. */
    sampledAuditIds: string[];
  };
};

/** AUD-13 (001 "Moderation"): the cycle's audits are moderated by this group; it replaces an earlier one. */
export type ModerationGroupAppointed = {
  type: 'ModerationGroupAppointed';
  data: { cycleId: string; memberIds: string[]; appointedById: string; appointedOn: LocalDate };
};

export type CycleEvent = CycleScheduled | KloesAgreed | CycleClosed | KloeMeetingHeld | KloesApproved | PracticeDayHeld | ModerationSampleDrawn | ModerationGroupAppointed;
