import type { LocalDate, Role } from '../shared/domain-types.js';

/** Stream `team-<id>`. */
export type TeamRegistered = {
  type: 'TeamRegistered';
  data: { teamId: string; name: string; service: string };
};

/** Stream `staff-<id>`. */
export type StaffRegistered = {
  type: 'StaffRegistered';
  data: { staffId: string; name: string; email: string; teamId: string | null; roles: Role[] };
};

/** The head of service excuses an auditor from auditing in one cycle (000 guide: only the HoS may). */
export type AuditorExempted = {
  type: 'AuditorExempted';
  data: { staffId: string; cycleId: string; reason: string; grantedById: string; grantedOn: LocalDate };
};

export type AuditorExemption = Omit<AuditorExempted['data'], 'staffId'>;

/**
 * PPL-2 (000 "Auditors must have completed training with the Audit Team"): the audit team records
 * that an auditor completed its training, and on which day. A later record (a refresher) adds to it.
 */
export type AuditorTrainingRecorded = {
  type: 'AuditorTrainingRecorded';
  data: { staffId: string; completedOn: LocalDate; recordedById: string; recordedOn: LocalDate };
};

/**
 * PPL-8: the audit team records that a staff member has left the authority. Nothing about them is
 * removed: their grades and history stand; they can no longer sign in, and a message meant for them is
 * reported to the audit team instead (NTF rules in src/notifications).
 */
export type StaffLeft = {
  type: 'StaffLeft';
  data: { staffId: string; leftOn: LocalDate; recordedById: string; recordedOn: LocalDate };
};

export type TeamEvent = TeamRegistered;
export type StaffEvent = StaffRegistered | AuditorExempted | AuditorTrainingRecorded | StaffLeft;
