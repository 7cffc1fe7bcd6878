import type { TestApp } from '../support/app.js';

/**
 * Shared by the lifecycle end-to-end files: one fictional authority set up through the API, the
 * GraphQL documents they send, and the refusal check. Everything goes over HTTP; nothing is mocked.
 */

export const AUDIT_FIELDS = `id cycleId caseRef teamId practitionerId teamManagerId auditorId moderatorId templateId status
  initialGrade moderatedGrade currentGrade uoppHeld reauditRequired reauditOfAuditId
  suggestedOverallGrade overallGradeInconsistencies
  sections { section auditorGrade moderatorGrade }
  answers { section question answer comment }
  deadlines { moderationDue uoppDue followUpUoppDue dipAuditDue urgentIssuesDue rectifyBy }`;

export const ACTION_FIELDS = `id auditId description ownerId dueOn scope status overdue onCaseRecord agreedById agreedOn
  lastProgressNote lastProgressedOn closedOn closingNote`;

export const DISPUTE_FIELDS = `id auditId raisedById raisedAs status currentGrade`;

export const Q = {
  audit: `query($id: ID!) { audit(id: $id) { ${AUDIT_FIELDS} } }`,
  auditActions: `query($id: ID!) { audit(id: $id) { id actions { ${ACTION_FIELDS} } } }`,
  history: `query($id: ID!) { audit(id: $id) { gradeHistory { section source from to rationale changedById } } }`,
  allocate: `mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { ${AUDIT_FIELDS} } }`,
  recordAnswer: `mutation($input: RecordAnswerInput!) { recordAnswer(input: $input) { ${AUDIT_FIELDS} } }`,
  setGrade: `mutation($input: SetGradeInput!) { setGrade(input: $input) { ${AUDIT_FIELDS} } }`,
  submit: `mutation($auditId: ID!) { submitAudit(auditId: $auditId) { ${AUDIT_FIELDS} } }`,
  returnForRectification: `mutation($input: ReturnAuditForRectificationInput!) { returnAuditForRectification(input: $input) { ${AUDIT_FIELDS} } }`,
  invalidate: `mutation($input: InvalidateAuditInput!) { invalidateAudit(input: $input) { ${AUDIT_FIELDS} } }`,
  reallocate: `mutation($input: ReallocateAuditInput!) { reallocateAudit(input: $input) { ${AUDIT_FIELDS} } }`,
  moderate: `mutation($input: ModerateGradeInput!) { moderateGrade(input: $input) { ${AUDIT_FIELDS} } }`,
  completeModeration: `mutation($auditId: ID!) { completeModeration(auditId: $auditId) { ${AUDIT_FIELDS} } }`,
  uopp: `mutation($input: RecordUoPPMeetingInput!) { recordUoPPMeeting(input: $input) { ${AUDIT_FIELDS} } }`,
  agreeAction: `mutation($input: AgreeActionInput!) { agreeAction(input: $input) { ${ACTION_FIELDS} } }`,
  progressAction: `mutation($input: ProgressActionInput!) { progressAction(input: $input) { ${ACTION_FIELDS} } }`,
  completeAction: `mutation($input: CompleteActionInput!) { completeAction(input: $input) { ${ACTION_FIELDS} } }`,
  dropAction: `mutation($input: DropActionInput!) { dropAction(input: $input) { ${ACTION_FIELDS} } }`,
  learningActions: `query($auditId: ID!) { learningActions(auditId: $auditId) { ${ACTION_FIELDS} } }`,
  myActions: `query($status: ActionStatus) { myActions(status: $status) { ${ACTION_FIELDS} } }`,
  actionTracker: `query($cycleId: ID, $overdueOnly: Boolean) { actionTracker(cycleId: $cycleId, overdueOnly: $overdueOnly) { ${ACTION_FIELDS} } }`,
  raiseDispute: `mutation($input: RaiseModerationDisputeInput!) { raiseModerationDispute(input: $input) { ${DISPUTE_FIELDS} } }`,
  discussDispute: `mutation($input: DiscussModerationDisputeInput!) { discussModerationDispute(input: $input) { ${DISPUTE_FIELDS} } }`,
  resolveDispute: `mutation($input: ResolveModerationDisputeInput!) { resolveModerationDispute(input: $input) { ${DISPUTE_FIELDS} } }`,
  escalate: `mutation($input: RaiseEscalationInput!) { raiseEscalation(input: $input) { id auditId raisedById escalatedToIds escalatedOn concern immediateActions } }`,
  familyFeedback: `mutation($input: RecordFamilyFeedbackInput!) { recordFamilyFeedback(input: $input) { id status } }`,
  practitionerFeedback: `mutation($input: RecordPractitionerFeedbackInput!) { recordPractitionerFeedback(input: $input) { id status } }`,
  agreeKloes: `mutation($input: AgreeKloesInput!) { agreeKloes(input: $input) { id kloes status } }`,
  closeCycle: `mutation($cycleId: ID!) { closeCycle(cycleId: $cycleId) { id status } }`,
  discuss: `mutation($input: RecordCollaborativeDiscussionInput!) { recordCollaborativeDiscussion(input: $input) { id collaborativeDiscussionOn collaborativeDiscussionWithIds } }`,
  notApplicable: `mutation($input: MarkSectionNotApplicableInput!) { markSectionNotApplicable(input: $input) { ${AUDIT_FIELDS} } }`,
  exempt: `mutation($input: GrantAuditorExemptionInput!) { grantAuditorExemption(input: $input) { staffId cycleId reason grantedById grantedOn } }`,
};

/** The graded sections of the Early Help template v1 (its OVERALL is graded separately). */
export const EH_SECTIONS = ['S2_WHY_HELP', 'S3_CASE_RECORD', 'S4_ASSESSMENT', 'S5_PLANS_REVIEWS', 'S6_DIRECT_WORK', 'S7_SUPERVISION', 'S8_COMMUNITY'];

/**
 * Two Early Help teams and one in another service; people in every role. The auditors sit outside
 * the team holding the cases (north), as independence requires; `aud-north` deliberately does not.
 */
export const STAFF: Array<{ id: string; teamId: string | null; roles: string[] }> = [
  { id: 'prac', teamId: 'north', roles: ['PRACTITIONER'] },
  { id: 'prac2', teamId: 'north', roles: ['PRACTITIONER'] },
  { id: 'tm', teamId: 'north', roles: ['TEAM_MANAGER'] },
  { id: 'tm-south', teamId: 'south', roles: ['TEAM_MANAGER'] },
  { id: 'tm-youth', teamId: 'youth', roles: ['TEAM_MANAGER'] },
  { id: 'aud', teamId: 'south', roles: ['AUDITOR'] },
  { id: 'aud2', teamId: 'youth', roles: ['AUDITOR'] },
  { id: 'aud-north', teamId: 'north', roles: ['AUDITOR'] },
  { id: 'mod', teamId: null, roles: ['MODERATOR'] },
  { id: 'mod2', teamId: null, roles: ['MODERATOR'] },
  { id: 'am', teamId: null, roles: ['AUDIT_MANAGER'] },
  { id: 'qa', teamId: null, roles: ['AUDIT_TEAM'] },
  { id: 'hos', teamId: null, roles: ['HEAD_OF_SERVICE'] },
  { id: 'board', teamId: null, roles: ['BOARD_READER'] },
];

export interface Authority {
  /** Tokens by staff id (admin included). */
  as: Record<string, string>;
  /** Cycles by month: '2026-12', '2027-02'. */
  cycles: Record<string, string>;
}

export async function setUpAuthority(t: TestApp, months: string[] = ['2026-12', '2027-02']): Promise<Authority> {
  const team = `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`;
  for (const [id, service] of [['north', 'Early Help'], ['south', 'Early Help'], ['youth', 'Targeted Youth']]) {
    await t.ok(team, { input: { id, name: `Team ${id}`, service } });
  }
  const staff = `mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`;
  for (const s of STAFF) await t.ok(staff, { input: { ...s, name: `Staff ${s.id}`, email: `${s.id}@council.example` } });
  const cycles: Record<string, string> = {};
  const schedule = `mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`;
  for (const month of months) {
    cycles[month] = (await t.ok(schedule, { input: { name: `Early Help ${month}`, service: 'Early Help', month } })).scheduleCycle.id;
  }
  const as: Record<string, string> = { admin: await t.login('admin') };
  for (const s of STAFF) as[s.id] = await t.login(s.id);
  return { as, cycles };
}

/** The usual allocation of a north case: practitioner prac, manager tm, auditor aud, moderator mod. */
export function allocation(cycleId: string, overrides: Record<string, unknown> = {}) {
  return {
    cycleId,
    caseRef: 'EH-1001',
    teamId: 'north',
    practitionerId: 'prac',
    teamManagerId: 'tm',
    auditorId: 'aud',
    moderatorId: 'mod',
    ...overrides,
  };
}

/** Allocates through the API and returns the audit id. */
export async function allocate(t: TestApp, a: Authority, cycleId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  return (await t.ok(Q.allocate, { input: allocation(cycleId, overrides) }, a.as.qa)).allocateAudit.id;
}

/** A day before every test's clock, so the discussion is never in the future. */
export const DISCUSSED_ON = '2026-11-16';

/** AUD-1: the auditor's collaborative discussion with the practitioner and team manager of the case. */
export async function discussed(t: TestApp, token: string, auditId: string): Promise<void> {
  const { audit } = await t.ok(`query($id: ID!) { audit(id: $id) { practitionerId teamManagerId } }`, { id: auditId }, token);
  await t.ok(Q.discuss, { input: { auditId, discussedOn: DISCUSSED_ON, withIds: [audit.practitionerId, audit.teamManagerId] } }, token);
}

/** Grades every Early Help section and OVERALL, as the auditor, after the collaborative discussion (AUD-1). */
export async function gradeAll(t: TestApp, token: string, auditId: string, sections: string, overall: string): Promise<void> {
  await discussed(t, token, auditId);
  for (const section of EH_SECTIONS) {
    await t.ok(Q.setGrade, { input: { auditId, section, grade: sections, rationale: `${section}: evidence on file` } }, token);
  }
  await t.ok(Q.setGrade, { input: { auditId, section: 'OVERALL', grade: overall, rationale: 'overall: weighed across the sections' } }, token);
}

/** The case action `readyToSubmit` agrees: owned by the team manager, due at the end of June 2027. */
export const TO_GOOD_ACTION = 'Supervision to bring the plan to Good';

/** AUD-4: work graded below Good is submitted with a case action that brings it to Good. Returns its id, or null. */
export async function readyToSubmit(t: TestApp, auditorToken: string, auditId: string, grade: string): Promise<string | null> {
  if (grade !== 'REQUIRES_IMPROVEMENT' && grade !== 'INADEQUATE') return null;
  const { agreeAction } = await t.ok(Q.agreeAction, { input: { auditId, description: TO_GOOD_ACTION, ownerId: 'tm', dueOn: '2027-06-30', scope: 'CASE' } }, auditorToken);
  return agreeAction.id;
}

/** The id of the action `readyToSubmit` agreed on the audit. */
export async function toGoodAction(t: TestApp, auditId: string): Promise<string> {
  const { audit } = await t.ok(Q.auditActions, { id: auditId });
  return audit.actions.find((x: { description: string }) => x.description === TO_GOOD_ACTION).id;
}

/** An Early Help audit taken through grading, submission and moderation, all at one grade. */
export async function moderatedAudit(t: TestApp, a: Authority, cycleId: string, grade: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const auditId = await allocate(t, a, cycleId, overrides);
  const auditor = a.as[(overrides.auditorId as string) ?? 'aud'];
  const moderator = a.as[(overrides.moderatorId as string) ?? 'mod'];
  await gradeAll(t, auditor, auditId, grade, grade);
  await readyToSubmit(t, auditor, auditId, grade);
  await t.ok(Q.submit, { auditId }, auditor);
  await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade, rationale: 'agreed: the evidence supports it' } }, moderator);
  await t.ok(Q.completeModeration, { auditId }, moderator);
  return auditId;
}

export { expectRefused } from '../support/app.js';

