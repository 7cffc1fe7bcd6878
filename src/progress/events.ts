import type { LocalDate } from '../shared/domain-types.js';

/** Stream `progress-<auditId>`: the EH coordinator lead's weekly record on one piece of Inadequate work. */
export const progressStream = (auditId: string) => `progress-${auditId}`;

/**
 * REP-8 (000 "Following the initial meeting, the relevant EH Coordinator Lead will track progress and
 * report on a weekly basis to the Head of Service Early Help, and Audit Manager"): one record a week.
 */
export type InadequateWorkProgressRecorded = {
  type: 'InadequateWorkProgressRecorded';
  data: {
    auditId: string;
    /** The Monday of the week the record is for. */
    weekOf: LocalDate;
    progress: string;
    /** Whether the work is progressing to Good / Outstanding as the plan asks. */
    onTrack: boolean;
    recordedById: string;
    recordedOn: LocalDate;
  };
};

export type ProgressEvent = InadequateWorkProgressRecorded;
