import type { AuditStatus, Grade } from '../../shared/domain-types.js';
import type { CycleOption } from './tracker-view.js';

export const TRACKER_CHOICES = `query TrackerChoices { cycles { id name service month } teams { id name service } }`;

export const TRACKER_PAGE = `query TrackerPage($filter: TrackerFilter, $first: Int, $offset: Int, $orderBy: TrackerOrder) {
  trackerPage(filter: $filter, first: $first, offset: $offset, orderBy: $orderBy) {
    totalCount
    nodes { auditId caseRef month team practitioner auditor moderator status kind initialGrade moderatedGrade currentGrade nextDeadline nextDeadlineKind overdue overdueDeadlines overdueActions }
  }
}`;

export interface TrackerChoices {
  cycles: CycleOption[];
  teams: Array<{ id: string; name: string; service: string }>;
}

export interface TrackerRow {
  auditId: string;
  caseRef: string;
  month: string;
  team: string;
  practitioner: string;
  auditor: string;
  moderator: string;
  status: AuditStatus;
  kind: 'AUDIT' | 'DIP_AUDIT' | 'REAUDIT';
  initialGrade: Grade | null;
  moderatedGrade: Grade | null;
  /** After a UoPP revision or a dispute decision, what the moderated grade became. */
  currentGrade: Grade | null;
  nextDeadline: string | null;
  nextDeadlineKind: string | null;
  overdue: boolean;
  overdueDeadlines: string[];
  overdueActions: number;
}

/** Words for the tracker's deadline kinds (DeadlineKind). */
export const DEADLINE_LABELS: Record<string, string> = {
  MODERATION: 'Moderation',
  RECTIFICATION: 'Rectification',
  URGENT_ISSUES: 'Urgent issues',
  UOPP: 'UoPP meeting',
  FOLLOW_UP_UOPP: 'Follow-up UoPP meeting',
  DIP_AUDIT: 'Dip audit',
};

/** Who the API lets read the tracker (TrackerResolver, ExportsController). */
export const TRACKER_READERS = ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE'];
