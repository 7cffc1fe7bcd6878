import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, STAFF, allocate, allocation, expectRefused, moderatedAudit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * The parts of the lifecycle after the first slice, over GraphQL: the case facts of the template
 * header at allocation, written answers to free-text questions, who chairs and records the follow-up
 * UoPP meeting on Inadequate work, a further moderation dispute only once the grade has changed, and
 * the escalation to the divisional director of work not improved 4 months after moderation.
 *
 * The clock starts on Monday 21 December 2026 and is moved to 21 April 2027 for the 4-month rule.
 */
describe('lifecycle follow-up over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;
  let feb: string;

  const CASE_FIELDS = `id caseRef auditedBefore previousAuditOn ethnicity childAge monthsOpen`;
  const allocateFacts = `mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { ${CASE_FIELDS} } }`;
  const recordNarrative = `mutation($input: RecordNarrativeInput!) { recordNarrative(input: $input) { id narratives { section question text } answers { question } } }`;
  const escalations = `query($cycleId: ID, $status: ImprovementStatus) { improvementEscalations(cycleId: $cycleId, status: $status) {
    auditId caseRef moderatedGrade moderatedOn escalateIfNotImprovedBy latestGrade latestGradeAuditId status escalatedOn escalatedById summary } }`;
  const escalate = `mutation($input: EscalateToDivisionalDirectorInput!) { escalateToDivisionalDirector(input: $input) {
    auditId status latestGrade latestGradeAuditId escalatedOn escalatedById summary escalateIfNotImprovedBy } }`;

  const refused = (query: string, variables: Record<string, unknown>, who: string, code: string, mentions: RegExp) =>
    expectRefused(t, query, variables, a.as[who], code, mentions);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12', '2027-02']);
    [dec, feb] = [a.cycles['2026-12'], a.cycles['2027-02']];
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('case facts at allocation (003 header)', () => {
    it('records ethnicity, the child’s age and months open; "audited previously" comes from the service’s own audits', async () => {
      const first = (await t.ok(allocateFacts, { input: allocation(dec, { caseRef: 'EH-5001', ethnicity: ' Bangladeshi ', childAge: 6, monthsOpen: 14 }) }, a.as.qa)).allocateAudit;
      expect(first).toEqual({ id: expect.any(String), caseRef: 'EH-5001', auditedBefore: null, previousAuditOn: null, ethnicity: 'Bangladeshi', childAge: 6, monthsOpen: 14 });
      // The audit page shows them too.
      expect((await t.ok(`query($id: ID!) { audit(id: $id) { ${CASE_FIELDS} } }`, { id: first.id }, a.as.aud)).audit).toEqual(first);

      const again = (await t.ok(allocateFacts, { input: allocation(feb, { caseRef: 'EH-5001', auditorId: 'aud2' }) }, a.as.qa)).allocateAudit;
      expect(again).toMatchObject({ auditedBefore: true, previousAuditOn: '2026-12-21', ethnicity: null, childAge: null, monthsOpen: null });

      const stated = (await t.ok(allocateFacts, { input: allocation(dec, { caseRef: 'EH-5002', auditedBefore: true, previousAuditOn: '2025-06-30' }) }, a.as.qa)).allocateAudit;
      expect(stated).toMatchObject({ auditedBefore: true, previousAuditOn: '2025-06-30' });
    });

    it('BAD_USER_INPUT naming the field: an impossible age or length of time, a future date, a contradiction', async () => {
      await refused(Q.allocate, { input: allocation(dec, { caseRef: 'EH-5003', childAge: 26 }) }, 'qa', 'BAD_USER_INPUT', /^childAge: must be the index child's age at the point of audit in whole years, from 0 to 25$/);
      await refused(Q.allocate, { input: allocation(dec, { caseRef: 'EH-5003', monthsOpen: -1 }) }, 'qa', 'BAD_USER_INPUT', /^monthsOpen: must be the whole months the case has been open in Early Help, from 0 to 600$/);
      await refused(Q.allocate, { input: allocation(dec, { caseRef: 'EH-5003', previousAuditOn: '2026-12-22' }) }, 'qa', 'BAD_USER_INPUT', /^previousAuditOn: must not be in the future \(today is 2026-12-21\)$/);
      await refused(Q.allocate, { input: allocation(dec, { caseRef: 'EH-5003', auditedBefore: false, previousAuditOn: '2025-01-01' }) }, 'qa', 'BAD_USER_INPUT', /^previousAuditOn: is given, but auditedBefore says the case was not audited before$/);
      await refused(Q.allocate, { input: allocation(feb, { caseRef: 'EH-5001', auditedBefore: false }) }, 'qa', 'BAD_USER_INPUT', /^auditedBefore: case EH-5001 was audited before, on 2026-12-21 \(audit .+\)$/);
      await refused(Q.allocate, { input: allocation(dec, { caseRef: 'EH-5003', ethnicity: 'x'.repeat(101) }) }, 'qa', 'BAD_USER_INPUT', /^ethnicity: at most 100 characters$/);
    });
  });

  describe('recordNarrative', () => {
    let auditId: string;
    const narrative = (over: Record<string, unknown> = {}) => ({ input: { auditId, section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'Genogram explored with mum and gran', ...over } });

    beforeAll(async () => {
      auditId = await allocate(t, a, dec, { caseRef: 'EH-5100' });
    });

    it('records the written answer to a free-text question, and a later one replaces it', async () => {
      await t.ok(recordNarrative, narrative(), a.as.aud);
      const { recordNarrative: audit } = await t.ok(recordNarrative, narrative({ text: '  Genogram and ecomap on file  ' }), a.as.aud);
      await t.ok(recordNarrative, narrative({ section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q2', text: 'The evening visits helped most' }), a.as.aud);
      const { audit: read } = await t.ok(`query($id: ID!) { audit(id: $id) { narratives { section question text } answers { question } } }`, { id: auditId }, a.as.prac);
      expect(audit.narratives).toEqual([{ section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'Genogram and ecomap on file' }]);
      expect(read).toEqual({
        narratives: [
          { section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'Genogram and ecomap on file' },
          { section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q2', text: 'The evening visits helped most' },
        ],
        answers: [],
      });
    });

    it('recordAnswer refuses a free-text question, saying to use recordNarrative; recordNarrative refuses a choice question', async () => {
      await refused(Q.recordAnswer, { input: { auditId, section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q2', answer: 'YES' } }, 'aud', 'BAD_USER_INPUT', /^answer: question S9_Q2 is free text, not a choice: use recordNarrative to answer it$/);
      await refused(recordNarrative, narrative({ section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q3' }), 'aud', 'BAD_USER_INPUT', /^question: question S9_Q3 takes one of YES, NO, NOT_APPLICABLE: use recordAnswer for it$/);
    });

    it('BAD_USER_INPUT: empty text, an unknown section, a question of another section', async () => {
      await refused(recordNarrative, narrative({ text: '   ' }), 'aud', 'BAD_USER_INPUT', /^text: must not be empty$/);
      await refused(recordNarrative, narrative({ section: 'S99' }), 'aud', 'BAD_USER_INPUT', /^section: S99 is not a section of template early-help-uop v2$/);
      await refused(recordNarrative, narrative({ question: 'S9_Q2' }), 'aud', 'BAD_USER_INPUT', /^question: S9_Q2 is not a question of section BESPOKE$/);
    });

    it('FORBIDDEN: another auditor, a practitioner; NOT_FOUND: an unknown audit', async () => {
      await refused(recordNarrative, narrative(), 'aud2', 'FORBIDDEN', /^only the allocated auditor may record answers$/);
      await refused(recordNarrative, narrative(), 'prac', 'FORBIDDEN', /AUDITOR/);
      await refused(recordNarrative, narrative({ auditId: 'ghost' }), 'aud', 'NOT_FOUND', /^audit ghost does not exist$/);
    });

    it('CONFLICT: after submission', async () => {
      const submitted = await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-5101' });
      await refused(recordNarrative, { input: { auditId: submitted, section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'late' } }, 'aud', 'CONFLICT', /the audit is MODERATED: answers can be recorded only while it is ALLOCATED or RETURNED/);
    });
  });

  describe('the follow-up UoPP meeting on Inadequate work', () => {
    let auditId: string;
    const followUp = (chairId: string) => ({ input: { auditId, heldOn: '2026-12-21', chairId, attendeeIds: ['prac', 'tm'] } });

    beforeAll(async () => {
      auditId = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-5200' });
      await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-21', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'] } }, a.as.am);
    });

    it('naming oneself chair is not enough: FORBIDDEN for a team manager of another service or an auditor not on the audit', async () => {
      await refused(Q.uopp, followUp('tm-youth'), 'tm-youth', 'FORBIDDEN', /^only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting$/);
      await refused(Q.uopp, followUp('aud2'), 'aud2', 'FORBIDDEN', /^only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting$/);
      await refused(Q.uopp, followUp('prac'), 'prac', 'FORBIDDEN', /TEAM_MANAGER/);
    });

    it('BAD_USER_INPUT: the audit team recording it with a chair who may not chair it', async () => {
      await refused(Q.uopp, followUp('tm-youth'), 'qa', 'BAD_USER_INPUT', /^chairId: the follow-up UoPP meeting is convened by the EH coordinator lead with the TM\/SW: the chair must be the audit manager, the case's team manager or the EH coordinator lead of the case's service$/);
      // PPL-1: a team manager of another team in the service no longer stands in for the coordinator lead.
      await refused(Q.uopp, followUp('tm-south'), 'qa', 'BAD_USER_INPUT', /^chairId: .*the EH coordinator lead of the case's service$/);
    });

    it('the EH coordinator lead of the service (PPL-1) chairs and records it, and then reads the audit', async () => {
      expect((await t.gql(Q.audit, { id: auditId }, a.as.coord)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const { recordUoPPMeeting } = await t.ok(Q.uopp, followUp('coord'), a.as.coord);
      expect(recordUoPPMeeting).toMatchObject({ uoppHeld: true, currentGrade: 'INADEQUATE' });
      expect((await t.ok(Q.audit, { id: auditId }, a.as.coord)).audit.id).toBe(auditId);
      await refused(Q.uopp, followUp('tm'), 'tm', 'CONFLICT', /the UoPP meeting and its follow-up are already recorded/);
    });

    it('the case’s own team manager may chair it too', async () => {
      const other = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-5201' });
      await t.ok(Q.uopp, { input: { auditId: other, heldOn: '2026-12-21', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'] } }, a.as.am);
      // …but not the first meeting, which the audit manager leads.
      const third = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-5202' });
      await refused(Q.uopp, { input: { auditId: third, heldOn: '2026-12-21', chairId: 'tm', attendeeIds: ['prac'] } }, 'tm', 'FORBIDDEN', /^only the chair, the auditor/);
      const { recordUoPPMeeting } = await t.ok(Q.uopp, { input: { auditId: other, heldOn: '2026-12-21', chairId: 'tm', attendeeIds: ['prac'] } }, a.as.tm);
      expect(recordUoPPMeeting.uoppHeld).toBe(true);
    });
  });

  describe('a further moderation dispute', () => {
    it('is refused while the grade is the one the last dispute left, and allowed once it has changed', async () => {
      const auditId = await moderatedAudit(t, a, dec, 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-5300' });
      const first = (await t.ok(Q.raiseDispute, { input: { auditId, reason: 'Good is fairer' } }, a.as.prac)).raiseModerationDispute;
      await t.ok(Q.discussDispute, { input: { auditId, disputeId: first.id, resolved: true, note: 'Agreed RI after discussion' } }, a.as.mod);
      await refused(
        Q.raiseDispute,
        { input: { auditId, reason: 'Still think Good' } },
        'tm',
        'CONFLICT',
        new RegExp(`^dispute ${first.id} was already settled with the grade at REQUIRES_IMPROVEMENT: a further dispute may be raised only once the grade has changed since then$`),
      );
      // The UoPP meeting raises the grade: that grade may be disputed once.
      await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-21', chairId: 'aud', attendeeIds: ['prac', 'tm'], revisedGrade: 'GOOD', rationale: 'Plan now SMART' } }, a.as.aud);
      const second = (await t.ok(Q.raiseDispute, { input: { auditId, reason: 'Outstanding direct work' } }, a.as.prac)).raiseModerationDispute;
      expect(second).toMatchObject({ status: 'OPEN', currentGrade: 'GOOD' });
      await t.ok(Q.discussDispute, { input: { auditId, disputeId: second.id, resolved: false, note: 'Not agreed' } }, a.as.mod);
      await t.ok(Q.resolveDispute, { input: { auditId, disputeId: second.id, grade: 'GOOD', rationale: 'Good, not Outstanding' } }, a.as.hos);
      await refused(Q.raiseDispute, { input: { auditId, reason: 'Once more' } }, 'prac', 'CONFLICT', new RegExp(`^dispute ${second.id} was already decided with the grade at GOOD`));
    });
  });

  describe('escalation to the divisional director of work not improved by 4 months', () => {
    let stuck: string;
    let improved: string;
    let dip: string;
    const relogin = async () => {
      a.as.admin = await t.login('admin');
      for (const s of STAFF) a.as[s.id] = await t.login(s.id);
    };

    beforeAll(async () => {
      stuck = await moderatedAudit(t, a, dec, 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-5400' });
      improved = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-5401' });
      // The dip audit of the Inadequate work finds it Good.
      // AFT-4: the audit team completes the dip audit.
      dip = (await t.ok(Q.allocate, { input: allocation(feb, { caseRef: 'EH-5401', templateId: 'dip-sample', auditorId: 'qa', reauditOfAuditId: improved }) }, a.as.qa)).allocateAudit.id;
      await t.ok(Q.setGrade, { input: { auditId: dip, section: 'PROGRESS', grade: 'GOOD', rationale: 'Actions done' } }, a.as.qa);
      await t.ok(Q.setGrade, { input: { auditId: dip, section: 'OVERALL', grade: 'GOOD', rationale: 'Improved' } }, a.as.qa);
      await t.ok(Q.submit, { auditId: dip }, a.as.qa);
    });

    it('shows the 4-month date on the audit, and both pieces of work as not yet due', async () => {
      const { audit } = await t.ok(`query($id: ID!) { audit(id: $id) { deadlines { dipAuditDue improvementEscalationDue } } }`, { id: stuck }, a.as.qa);
      expect(audit.deadlines).toEqual({ dipAuditDue: '2027-02-01', improvementEscalationDue: '2027-04-21' });
      const rows: Array<{ auditId: string }> = (await t.ok(escalations, { cycleId: dec }, a.as.qa)).improvementEscalations;
      expect(rows.find((r) => r.auditId === stuck)).toEqual({
        auditId: stuck,
        caseRef: 'EH-5400',
        moderatedGrade: 'REQUIRES_IMPROVEMENT',
        moderatedOn: '2026-12-21',
        escalateIfNotImprovedBy: '2027-04-21',
        latestGrade: 'REQUIRES_IMPROVEMENT',
        latestGradeAuditId: null,
        status: 'NOT_YET_DUE',
        escalatedOn: null,
        escalatedById: null,
        summary: null,
      });
      // The dip audit's grade is the latest evidence; it is not moderated (AFT-4).
      expect(rows.find((r) => r.auditId === improved)).toMatchObject({ status: 'IMPROVED', moderatedGrade: 'INADEQUATE', latestGrade: 'GOOD', latestGradeAuditId: dip });
      // Good work never appears; the dip audit (Good, not moderated) has no 4-month date.
      expect(rows.map((r) => r.auditId)).not.toContain(dip);
    });

    it('CONFLICT before the date', async () => {
      await refused(escalate, { input: { auditId: stuck, summary: 'No progress' } }, 'qa', 'CONFLICT', /^the work has until 2027-04-21 \(4 months after moderation\) to improve before it is escalated$/);
    });

    it('on the day: lists the work due, escalates it, and refuses improved work, a second escalation and bad input', async () => {
      t = await t.restart({ APP_CLOCK: '2027-04-21T09:00:00Z' });
      await relogin();
      const due = (await t.ok(escalations, { status: 'DUE' }, a.as.hos)).improvementEscalations.map((r: { auditId: string }) => r.auditId);
      expect(due).toContain(stuck);
      expect(due).not.toContain(improved);

      await refused(escalate, { input: { auditId: stuck, summary: ' ' } }, 'qa', 'BAD_USER_INPUT', /^summary: must not be empty$/);
      await refused(escalate, { input: { auditId: stuck, summary: 'No progress' } }, 'hos', 'FORBIDDEN', /AUDIT_TEAM/);
      await refused(escalate, { input: { auditId: 'ghost', summary: 'No progress' } }, 'qa', 'NOT_FOUND', /^audit ghost does not exist$/);
      await refused(escalate, { input: { auditId: improved, summary: 'No progress' } }, 'qa', 'CONFLICT', new RegExp(`^the work has improved \\(GOOD in the follow-up audit ${dip}\\)`));
      const good = await moderatedAudit(t, a, feb, 'GOOD', { caseRef: 'EH-5402' });
      await refused(escalate, { input: { auditId: good, summary: 'x' } }, 'qa', 'CONFLICT', /^only work moderated below Good, with a re-audit due, can be escalated/);

      const { escalateToDivisionalDirector } = await t.ok(escalate, { input: { auditId: stuck, summary: 'Plan has drifted since January' } }, a.as.qa);
      expect(escalateToDivisionalDirector).toEqual({
        auditId: stuck,
        status: 'ESCALATED',
        latestGrade: 'REQUIRES_IMPROVEMENT',
        latestGradeAuditId: null,
        escalatedOn: '2027-04-21',
        escalatedById: 'qa',
        summary: 'Plan has drifted since January',
        escalateIfNotImprovedBy: '2027-04-21',
      });
      await refused(escalate, { input: { auditId: stuck, summary: 'again' } }, 'qa', 'CONFLICT', /^the work was already escalated to the divisional director on 2027-04-21$/);
      const escalated = (await t.ok(escalations, { status: 'ESCALATED' }, a.as.qa)).improvementEscalations;
      expect(escalated.map((r: { auditId: string }) => r.auditId)).toEqual([stuck]);
    });

    it('is case-level: closed to a board reader and practitioners', async () => {
      await refused(escalations, {}, 'board', 'FORBIDDEN', /AUDIT_TEAM, AUDIT_MANAGER, HEAD_OF_SERVICE, GOVERNANCE/);
      await refused(escalations, {}, 'prac', 'FORBIDDEN', /AUDIT_TEAM, AUDIT_MANAGER, HEAD_OF_SERVICE, GOVERNANCE/);
    });
  });
});
