/** Words for the API's enum values and dates, the same on every page. */

export const GRADE_LABELS: Record<string, string> = {
  OUTSTANDING: 'Outstanding',
  GOOD: 'Good',
  REQUIRES_IMPROVEMENT: 'Requires improvement',
  INADEQUATE: 'Inadequate',
};

export const ANSWER_LABELS: Record<string, string> = {
  YES: 'Yes',
  NO: 'No',
  NOT_APPLICABLE: 'N/A',
  PARTIALLY: 'Partially',
};

export const STATUS_LABELS: Record<string, string> = {
  ALLOCATED: 'In progress',
  SUBMITTED: 'Submitted',
  RETURNED: 'Returned for rectification',
  MODERATED: 'Moderated',
  INVALIDATED: 'Invalidated',
};

export const ROLE_LABELS: Record<string, string> = {
  AUDIT_TEAM: 'Audit team',
  AUDIT_MANAGER: 'Audit manager',
  AUDITOR: 'Auditor',
  MODERATOR: 'Moderator',
  TEAM_MANAGER: 'Team manager',
  PRACTITIONER: 'Practitioner',
  HEAD_OF_SERVICE: 'Head of service',
  BOARD_READER: 'Board report reader',
  GOVERNANCE: 'Governance',
  EH_COORDINATOR_LEAD: 'EH coordinator lead',
  DIVISIONAL_DIRECTOR: 'Divisional director',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2026-12-02 → 2 December 2026 (GOV.UK style); anything else as given. */
export function longDate(value: unknown): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ''));
  if (!m) return value == null ? '' : String(value);
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

const label = (labels: Record<string, string>) => (value: unknown) =>
  value == null ? '' : (labels[String(value)] ?? String(value));

export const FILTERS: Record<string, (...args: any[]) => unknown> = {
  grade: label(GRADE_LABELS),
  answer: label(ANSWER_LABELS),
  auditStatus: label(STATUS_LABELS),
  role: label(ROLE_LABELS),
  roles: (roles: unknown) => (Array.isArray(roles) ? roles.map(label(ROLE_LABELS)).join(', ') : ''),
  longDate,
};
