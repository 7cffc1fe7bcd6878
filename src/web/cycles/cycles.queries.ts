import type { WebPage } from '../kernel/page.js';
import { ApiFailure } from '../kernel/graphql-client.js';

/** The GraphQL documents of the cycle pages, and the shapes they answer. */

export const CYCLES = `query Cycles { cycles { id name service month status kloesApproved moderationDue } }`;

export const CYCLE = `query Cycle($id: ID!) {
  cycle(id: $id) {
    id name service month status kloes moderationDue kloesApproved
    kloeMeeting { heldOn attendeeIds casesDueBy }
    kloeApprovals { role staffId approvedOn }
    programme { auditMonth learningFrom learningTo practiceDayMonth reauditMonth practiceDayHeldOn }
    audits { id caseRef teamId practitionerId teamManagerId auditorId moderatorId status initialGrade moderatedGrade currentGrade reauditOfAuditId }
  }
}`;

export const DIRECTORY = `query Directory { teams { id name service } staff { id name teamId roles auditorTrainingCompletedOn } }`;

export const SAMPLE_PROPOSALS = `query SampleProposals($cycleId: ID!) {
  sampleProposals(cycleId: $cycleId) {
    id seed excludedIfAuditedAfter candidatesConsidered proposedOn
    sampleSizes { teamId size }
    cases { caseRef teamId practitionerId teamManagerId ethnicity childAge monthsOpen auditedBefore previousAuditOn basis reason allocatedAuditId }
    excluded { caseRef teamId auditId auditedOn }
    exclusionOverrides { caseRef reason auditId auditedOn }
  }
}`;

export const REAUDIT_PROPOSALS = `query ReauditProposals($cycleId: ID!) {
  reauditProposals(cycleId: $cycleId) { id previousCycleId seed belowGood required proposedOn candidates { auditId caseRef teamId grade reauditId } }
}`;

export const KEY_PRACTICE_POINTS = `query KeyPracticePoints($cycleId: ID!) { keyPracticePoints(cycleId: $cycleId) { points publishedOn } }`;

export const PRACTICE_DAY = `query PracticeDay($cycleId: ID!) { practiceDay(cycleId: $cycleId) { heldOn leadersObservations familyFeedback } }`;

export const SCHEDULE = `mutation ScheduleCycle($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`;
export const AGREE_KLOES = `mutation AgreeKloes($input: AgreeKloesInput!) { agreeKloes(input: $input) { id } }`;
export const RECORD_KLOE_MEETING = `mutation RecordKloeMeeting($input: RecordKloeMeetingInput!) { recordKloeMeeting(input: $input) { id } }`;
export const APPROVE_KLOES = `mutation ApproveKloes($cycleId: ID!) { approveKloes(cycleId: $cycleId) { id } }`;
export const CLOSE_CYCLE = `mutation CloseCycle($cycleId: ID!) { closeCycle(cycleId: $cycleId) { id } }`;
export const RECORD_PRACTICE_DAY = `mutation RecordPracticeDay($input: RecordPracticeDayInput!) { recordPracticeDay(input: $input) { id } }`;
export const PUBLISH_KEY_PRACTICE_POINTS = `mutation PublishKeyPracticePoints($input: PublishKeyPracticePointsInput!) { publishKeyPracticePoints(input: $input) { cycleId } }`;
export const PROPOSE_SAMPLE = `mutation ProposeSample($input: ProposeSampleInput!) { proposeSample(input: $input) { id } }`;
export const ALLOCATE = `mutation AllocateAudit($input: AllocateAuditInput!) { allocateAudit(input: $input) { id } }`;
export const REALLOCATE = `mutation ReallocateAudit($input: ReallocateAuditInput!) { reallocateAudit(input: $input) { id } }`;
export const PROPOSE_REAUDITS = `mutation ProposeReauditCandidates($cycleId: ID!, $count: Int) { proposeReauditCandidates(cycleId: $cycleId, count: $count) { id } }`;
export const ALLOCATE_REAUDIT = `mutation AllocateReaudit($input: AllocateReauditInput!) { allocateReaudit(input: $input) { id } }`;

export interface CycleSummary {
  id: string;
  name: string;
  service: string;
  month: string;
  status: string;
  kloesApproved: boolean;
  moderationDue: string | null;
}

export interface CycleAudit {
  id: string;
  caseRef: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
  status: string;
  initialGrade: string | null;
  moderatedGrade: string | null;
  currentGrade: string | null;
  reauditOfAuditId: string | null;
}

export interface Cycle extends CycleSummary {
  kloes: string[];
  kloeMeeting: { heldOn: string; attendeeIds: string[]; casesDueBy: string } | null;
  kloeApprovals: Array<{ role: string; staffId: string; approvedOn: string }>;
  programme: { auditMonth: string; learningFrom: string; learningTo: string; practiceDayMonth: string; reauditMonth: string; practiceDayHeldOn: string | null };
  audits: CycleAudit[];
}

export interface Team {
  id: string;
  name: string;
  service: string;
}

export interface StaffMember {
  id: string;
  name: string;
  teamId: string | null;
  roles: string[];
  auditorTrainingCompletedOn: string | null;
}

export interface Directory {
  teams: Team[];
  staff: StaffMember[];
}

export interface SampledCase {
  caseRef: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  ethnicity: string | null;
  childAge: number | null;
  monthsOpen: number | null;
  auditedBefore: boolean;
  previousAuditOn: string | null;
  basis: 'TEAM' | 'SERVICE' | 'CHOSEN';
  reason: string | null;
  allocatedAuditId: string | null;
}

export interface SampleProposal {
  id: string;
  seed: string;
  excludedIfAuditedAfter: string;
  candidatesConsidered: number;
  proposedOn: string;
  sampleSizes: Array<{ teamId: string | null; size: number }>;
  cases: SampledCase[];
  excluded: Array<{ caseRef: string; teamId: string; auditId: string; auditedOn: string }>;
  exclusionOverrides: Array<{ caseRef: string; reason: string; auditId: string; auditedOn: string }>;
}

export interface ReauditProposal {
  id: string;
  previousCycleId: string;
  seed: string;
  belowGood: number;
  required: number;
  proposedOn: string;
  candidates: Array<{ auditId: string; caseRef: string; teamId: string; grade: string; reauditId: string | null }>;
}

/** The roles that may read the staff directory and the case-level selection lists. */
export const DIRECTORY_READERS = ['AUDIT_TEAM', 'HEAD_OF_SERVICE', 'AUDIT_MANAGER', 'GOVERNANCE'];

export const hasRole = (page: WebPage, ...roles: string[]) => (page.session.roles ?? []).some((r) => roles.includes(r));

export async function loadCycle(page: WebPage, id: string): Promise<Cycle> {
  const { cycle } = await page.query<{ cycle: Cycle | null }>(CYCLE, { id });
  if (!cycle) throw new ApiFailure('NOT_FOUND', [{ message: 'There is no such cycle' }]);
  return cycle;
}

/**
 * The teams and staff, for those who may read them; for anyone else only the signed-in person
 * (others are then shown by their staff id).
 */
export async function loadDirectory(page: WebPage): Promise<Directory> {
  if (!hasRole(page, ...DIRECTORY_READERS)) {
    const me = page.staffId ? [{ id: page.staffId, name: page.session.name ?? page.staffId, teamId: null, roles: page.session.roles ?? [], auditorTrainingCompletedOn: null }] : [];
    return { teams: [], staff: me };
  }
  return page.query<Directory>(DIRECTORY);
}

/** Staff id → name, the id itself when the name is not known. */
export function namer(directory: Directory): (id: string | null | undefined) => string {
  const names = new Map([...directory.staff, ...directory.teams].map((x) => [x.id, x.name]));
  return (id) => (id ? (names.get(id) ?? id) : '');
}
