import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';

/** The GraphQL documents the UoPP pages send (the public API; nothing else). */

export const UOPP_AUDIT = `query UoppAudit($id: ID!) {
  audit(id: $id) {
    id caseRef status practitionerId teamManagerId auditorId moderatorId moderatedGrade currentGrade uoppHeld
    deadlines { uoppDue followUpUoppDue urgentIssuesDue }
    urgentIssuesAddressed { addressedOn addressedById dueOn onTime summary }
    uoppMeetings { meeting heldOn chairId attendeeIds linkedPlan gradeBefore revisedGrade }
    gradeHistory { section source from to rationale changedById changedAt }
  }
}`;

export const RECORD_UOPP_MEETING = `mutation RecordUoPPMeeting($input: RecordUoPPMeetingInput!) { recordUoPPMeeting(input: $input) { id uoppHeld currentGrade } }`;
export const RECORD_URGENT_ISSUES = `mutation RecordUrgentIssuesAddressed($input: RecordUrgentIssuesAddressedInput!) { recordUrgentIssuesAddressed(input: $input) { id } }`;

export interface UoppAudit {
  id: string;
  caseRef: string;
  status: string;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
  moderatedGrade: string | null;
  currentGrade: string | null;
  uoppHeld: boolean;
  deadlines: { uoppDue: string | null; followUpUoppDue: string | null; urgentIssuesDue: string | null };
  urgentIssuesAddressed: { addressedOn: string; addressedById: string; dueOn: string; onTime: boolean; summary: string } | null;
  uoppMeetings: Array<{ meeting: string; heldOn: string; chairId: string; attendeeIds: string[]; linkedPlan: string | null; gradeBefore: string; revisedGrade: string | null }>;
  gradeHistory: Array<{ section: string; source: string; from: string | null; to: string; rationale: string; changedById: string; changedAt: string }>;
}

export async function loadUopp(page: WebPage, auditId: string): Promise<UoppAudit> {
  const { audit } = await page.query<{ audit: UoppAudit | null }>(UOPP_AUDIT, { id: auditId });
  if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit does not exist, or you cannot see it' }]);
  return audit;
}
