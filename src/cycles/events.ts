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

export type CycleEvent = CycleScheduled | KloesAgreed;
