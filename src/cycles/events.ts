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

export type CycleEvent = CycleScheduled | KloesAgreed | CycleClosed;
