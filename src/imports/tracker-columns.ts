/**
 * The audit tracker's columns: what the 000 guide says the audit team records for every audit
 * (practitioner, team, auditor, moderator, initial grade, moderated grade, recommendations/actions,
 * whether the UoPP meeting has taken place, whether a re-audit will be required), plus what places a
 * row in a cycle. The tracker export writes these headings and the import reads them back, so a
 * file exported from one deployment imports into another.
 */

export const TRACKER_COLUMN_KEYS = [
  'cycle',
  'service',
  'month',
  'caseRef',
  'team',
  'practitioner',
  'teamManager',
  'auditor',
  'moderator',
  'initialGrade',
  'moderatedGrade',
  'actions',
  'uoppHeld',
  'reauditRequired',
  'status',
  'nextDeadline',
  'overdue',
  'submittedOn',
  'moderatedOn',
  'uoppHeldOn',
  'uoppChair',
  'urgentIssuesAddressedOn',
  'kloes',
  'ethnicity',
  'childAge',
] as const;

export type TrackerColumnKey = (typeof TRACKER_COLUMN_KEYS)[number];

export interface TrackerColumn {
  key: TrackerColumnKey;
  heading: string;
  /** Other headings found on trackers kept by hand, in the documents' words. */
  aliases?: string[];
  /** The import refuses a file without it. */
  required?: boolean;
  /** Written by the export for the reader; the import works it out again instead of reading it. */
  derived?: boolean;
}

export const TRACKER_COLUMNS: readonly TrackerColumn[] = [
  { key: 'cycle', heading: 'Cycle', aliases: ['Cycle name', 'Audit cycle'], required: true },
  { key: 'service', heading: 'Service', required: true },
  { key: 'month', heading: 'Month', aliases: ['Audit month'], required: true },
  { key: 'caseRef', heading: 'Case ref', aliases: ['Case reference', 'Case', 'Child ID'], required: true },
  { key: 'team', heading: 'Team', required: true },
  { key: 'practitioner', heading: 'Practitioner', aliases: ['Social worker', 'Social worker/practitioner'], required: true },
  { key: 'teamManager', heading: 'Team manager', aliases: ['TM'], required: true },
  { key: 'auditor', heading: 'Auditor', required: true },
  { key: 'moderator', heading: 'Moderator', required: true },
  { key: 'initialGrade', heading: 'Initial grade', aliases: ['Auditor grade', 'Initial grading'], required: true },
  { key: 'moderatedGrade', heading: 'Moderated grade', aliases: ['Moderator grade', 'Moderated grading'] },
  { key: 'actions', heading: 'Actions', aliases: ['Recommendations/actions', 'Recommendations'], derived: true },
  { key: 'uoppHeld', heading: 'UoPP held', aliases: ['If UoPP meeting has taken place', 'UoPP meeting held', 'UoPP'] },
  { key: 'reauditRequired', heading: 'Re-audit required', aliases: ['Whether a reaudit will be required', 'Reaudit'] },
  { key: 'status', heading: 'Status' },
  { key: 'nextDeadline', heading: 'Next deadline', derived: true },
  { key: 'overdue', heading: 'Overdue', derived: true },
  { key: 'submittedOn', heading: 'Submitted on' },
  { key: 'moderatedOn', heading: 'Moderated on' },
  { key: 'uoppHeldOn', heading: 'UoPP held on', aliases: ['UoPP date'] },
  { key: 'uoppChair', heading: 'UoPP chair' },
  // Inadequate work: when the team manager addressed the urgent issues (within 2 working days of
  // moderation). A tracker without this column never kept them, so its audits get no such deadline.
  { key: 'urgentIssuesAddressedOn', heading: 'Urgent issues addressed on' },
  { key: 'kloes', heading: 'KLOEs', aliases: ['Key lines of enquiry'] },
  // The template's case facts (003) the board report's equality tables count.
  { key: 'ethnicity', heading: 'Ethnicity' },
  { key: 'childAge', heading: "Child's age", aliases: ['Age', 'Age of child', 'Child age'] },
];

export const columnHeading = (key: TrackerColumnKey): string => TRACKER_COLUMNS.find((c) => c.key === key)!.heading;

/** Headings compare without case, spaces or punctuation: "Re-audit required" is "reaudit required". */
export function normaliseHeading(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_HEADING = new Map<string, TrackerColumnKey>(
  TRACKER_COLUMNS.flatMap((column) => [column.heading, ...(column.aliases ?? [])].map((h) => [normaliseHeading(h), column.key] as const)),
);

/** The column a heading names, or null for a heading the tracker does not have. */
export function columnFor(heading: string): TrackerColumnKey | null {
  return BY_HEADING.get(normaliseHeading(heading)) ?? null;
}
