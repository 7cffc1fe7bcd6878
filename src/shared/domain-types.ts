/** Vocabulary shared by every feature, in the documents' own words. */

export const GRADES = ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'] as const;
export type Grade = (typeof GRADES)[number];

/** Higher is better: OUTSTANDING 4 … INADEQUATE 1. */
export const gradeRank = (grade: Grade): number => 4 - GRADES.indexOf(grade);
export const isBelowGood = (grade: Grade): boolean => grade === 'REQUIRES_IMPROVEMENT' || grade === 'INADEQUATE';

export const ANSWERS = ['YES', 'NO', 'NOT_APPLICABLE', 'PARTIALLY'] as const;
export type Answer = (typeof ANSWERS)[number];

export const ROLES = [
  'AUDIT_TEAM',
  'AUDITOR',
  'MODERATOR',
  'AUDIT_MANAGER',
  'PRACTITIONER',
  'TEAM_MANAGER',
  'HEAD_OF_SERVICE',
  'BOARD_READER',
  'GOVERNANCE',
  // PPL-1 (000): posts the guide names, roles of their own.
  'EH_COORDINATOR_LEAD',
  'DIVISIONAL_DIRECTOR',
] as const;
export type Role = (typeof ROLES)[number];

export const GRADE_SOURCES = ['AUDITOR', 'MODERATOR', 'UOPP', 'DISPUTE'] as const;
export type GradeSource = (typeof GRADE_SOURCES)[number];

export const AUDIT_STATUSES = ['ALLOCATED', 'SUBMITTED', 'RETURNED', 'MODERATED', 'INVALIDATED'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const ACTION_SCOPES = ['CASE', 'PRACTITIONER_LEARNING', 'TEAM_LEARNING', 'SERVICE_LEARNING'] as const;
export type ActionScope = (typeof ACTION_SCOPES)[number];

export const ACTION_STATUSES = ['OPEN', 'DONE', 'DROPPED'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The section key for the audit's overall grade. */
export const OVERALL = 'OVERALL';

/** A calendar date in the authority's local calendar, YYYY-MM-DD. */
export type LocalDate = string;

/** Stream names, one per aggregate. */
export const streams = {
  audit: (id: string) => `audit-${id}`,
  cycle: (id: string) => `cycle-${id}`,
  staff: (id: string) => `staff-${id}`,
  team: (id: string) => `team-${id}`,
};
