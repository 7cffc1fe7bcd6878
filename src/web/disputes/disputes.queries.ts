import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';

/** The GraphQL documents the dispute pages send (the public API; nothing else). */

export const DISPUTES_AUDIT = `query DisputesAudit($id: ID!) {
  audit(id: $id) {
    id caseRef status practitionerId teamManagerId moderatorId moderatedGrade currentGrade
    disputes { id raisedById raisedAs status currentGrade }
    gradeHistory { section source from to rationale changedById changedAt }
  }
}`;

const DISPUTE_FIELDS = 'id status currentGrade';
export const RAISE_DISPUTE = `mutation RaiseDispute($input: RaiseModerationDisputeInput!) { raiseModerationDispute(input: $input) { ${DISPUTE_FIELDS} } }`;
export const DISCUSS_DISPUTE = `mutation DiscussDispute($input: DiscussModerationDisputeInput!) { discussModerationDispute(input: $input) { ${DISPUTE_FIELDS} } }`;
export const RESOLVE_DISPUTE = `mutation ResolveDispute($input: ResolveModerationDisputeInput!) { resolveModerationDispute(input: $input) { ${DISPUTE_FIELDS} } }`;

export interface Dispute {
  id: string;
  raisedById: string;
  raisedAs: string;
  status: 'OPEN' | 'UNRESOLVED' | 'SETTLED' | 'DECIDED';
  currentGrade: string | null;
}
export interface DisputesAudit {
  id: string;
  caseRef: string;
  status: string;
  practitionerId: string;
  teamManagerId: string;
  moderatorId: string;
  moderatedGrade: string | null;
  currentGrade: string | null;
  disputes: Dispute[];
  gradeHistory: Array<{ section: string; source: string; from: string | null; to: string; rationale: string; changedById: string; changedAt: string }>;
}

export async function loadDisputes(page: WebPage, auditId: string): Promise<DisputesAudit> {
  const { audit } = await page.query<{ audit: DisputesAudit | null }>(DISPUTES_AUDIT, { id: auditId });
  if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit does not exist, or you cannot see it' }]);
  return audit;
}
