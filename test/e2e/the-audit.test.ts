import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, allocate, expectRefused, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * docs/rules/the-audit.md over GraphQL: the Early Help template v2 with its overview box and guidance
 * (AUD-2, AUD-3), the collaborative discussion before submission (AUD-1), and a social care section
 * marked not applicable that then needs no grade (AUD-8, AUD-9). The clock is Monday 21 December 2026.
 */
describe('the audit itself over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;

  const TEMPLATE = `query($id: ID!, $version: Int) { template(id: $id, version: $version) {
    id version guidance collaborativeDiscussionRequired sectionsMayBeNotApplicable sections { key graded guidance questions { key answers } } } }`;
  const READ = `query($id: ID!) { audit(id: $id) { templateVersion status collaborativeDiscussionOn collaborativeDiscussionWithIds
    narratives { section question text } sections { section auditorGrade notApplicableReason } } }`;
  const grade = (auditId: string, section: string, g = 'GOOD') => t.ok(Q.setGrade, { input: { auditId, section, grade: g, rationale: `${section}: evidence on file` } }, a.as.aud);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    dec = a.cycles['2026-12'];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('AUD-2, AUD-3: serves Early Help v2 with the overview box and the guidance; v1 stays as published', async () => {
    const { template: v2 } = await t.ok(TEMPLATE, { id: 'early-help-uop' }, a.as.aud);
    expect(v2).toMatchObject({ version: 2, collaborativeDiscussionRequired: true, sectionsMayBeNotApplicable: false });
    expect(v2.guidance[0]).toBe('Please only review the preceding 6 months.');
    expect(v2.sections[0]).toEqual({
      key: 'OVERVIEW',
      graded: false,
      guidance: 'To be completed in conversation with practitioner.',
      questions: ['OVERVIEW_Q1', 'OVERVIEW_Q2', 'OVERVIEW_Q3', 'OVERVIEW_Q4'].map((key) => ({ key, answers: [] })),
    });
    const { template: v1 } = await t.ok(TEMPLATE, { id: 'early-help-uop', version: 1 }, a.as.aud);
    expect(v1).toMatchObject({ version: 1, guidance: [], collaborativeDiscussionRequired: false });
    expect(v1.sections.map((s: { key: string }) => s.key)).not.toContain('OVERVIEW');
  });

  it('AUD-1: an Early Help audit is submitted only after the collaborative discussion is recorded', async () => {
    const auditId = await allocate(t, a, dec, { caseRef: 'EH-AUD-1' });
    await t.ok(
      `mutation($input: RecordNarrativeInput!) { recordNarrative(input: $input) { id } }`,
      { input: { auditId, section: 'OVERVIEW', question: 'OVERVIEW_Q1', text: 'Three children; school attendance the main worry' } },
      a.as.aud,
    );
    for (const section of ['S2_WHY_HELP', 'S3_CASE_RECORD', 'S4_ASSESSMENT', 'S5_PLANS_REVIEWS', 'S6_DIRECT_WORK', 'S7_SUPERVISION', 'S8_COMMUNITY', 'OVERALL']) await grade(auditId, section);

    await expectRefused(t, Q.submit, { auditId }, a.as.aud, 'CONFLICT', /^cannot submit: the date of the collaborative discussion with the practitioner \(and\/or team manager\) is required \(003 header, rule AUD-1\)/);
    await expectRefused(t, Q.discuss, { input: { auditId, discussedOn: '2026-12-22', withIds: ['prac'] } }, a.as.aud, 'BAD_USER_INPUT', /^discussedOn: must not be in the future \(today is 2026-12-21\)$/);
    await expectRefused(t, Q.discuss, { input: { auditId, discussedOn: '2026-12-18', withIds: ['prac', 'aud2'] } }, a.as.aud, 'BAD_USER_INPUT', /^withIds: aud2 is neither the practitioner \(prac\) nor the team manager \(tm\) of the case/);
    await expectRefused(t, Q.discuss, { input: { auditId, discussedOn: '2026-12-18', withIds: ['prac'] } }, a.as.aud2, 'FORBIDDEN', /only the allocated auditor/);

    await t.ok(Q.discuss, { input: { auditId, discussedOn: '2026-12-18', withIds: ['prac'] } }, a.as.aud);
    const submitted = (await t.ok(Q.submit, { auditId }, a.as.aud)).submitAudit;
    expect(submitted.status).toBe('SUBMITTED');
    // Those entitled to the audit read it back: the practitioner of the case.
    const { audit } = await t.ok(READ, { id: auditId }, a.as.prac);
    expect(audit).toMatchObject({
      templateVersion: 2,
      collaborativeDiscussionOn: '2026-12-18',
      collaborativeDiscussionWithIds: ['prac'],
      narratives: [{ section: 'OVERVIEW', question: 'OVERVIEW_Q1', text: 'Three children; school attendance the main worry' }],
    });
  });

  it('AUD-6, AUD-7: the practitioner answers their own section; the family’s and practitioner’s feedback read back by those entitled', async () => {
    const auditId = await allocate(t, a, dec, { caseRef: 'EH-AUD-6' });
    const PRACTITIONER = `mutation($input: RecordPractitionerFeedbackInput!) { recordPractitionerFeedback(input: $input) { id } }`;
    const FEEDBACK = `query($id: ID!) { audit(id: $id) {
      familyFeedback { rating couldHaveTheirSay ableToAccessSupport comments notCompletedReason recordedById recordedOn }
      practitionerFeedback { answers { question text } comments notCompletedReason recordedById recordedOn } } }`;
    await expectRefused(t, PRACTITIONER, { input: { auditId, answers: [{ question: 'S10_Q1', text: 'Genogram with the family' }] } }, a.as.aud, 'FORBIDDEN', /^the practitioner answers their own section \(rule AUD-6\)/);
    await expectRefused(t, PRACTITIONER, { input: { auditId, answers: [{ question: 'S10_Q9', text: 'x' }] } }, a.as.prac, 'BAD_USER_INPUT', /^answers\[0\]\.question: S10_Q9 is not a question of S10_PRACTITIONER_FEEDBACK/);
    await t.ok(Q.familyFeedback, { input: { auditId, rating: 4, couldHaveTheirSay: 'YES', comments: 'She listened to us' } }, a.as.aud);
    await t.ok(PRACTITIONER, { input: { auditId, answers: [{ question: 'S10_Q2', text: 'Supervision was reflective' }, { question: 'S10_Q1', text: 'Genogram with the family' }], comments: 'Helpful' } }, a.as.prac);

    const expected = {
      familyFeedback: { rating: 4, couldHaveTheirSay: 'YES', ableToAccessSupport: null, comments: 'She listened to us', notCompletedReason: null, recordedById: 'aud', recordedOn: '2026-12-21' },
      practitionerFeedback: {
        answers: [
          { question: 'S10_Q1', text: 'Genogram with the family' },
          { question: 'S10_Q2', text: 'Supervision was reflective' },
        ],
        comments: 'Helpful',
        notCompletedReason: null,
        recordedById: 'prac',
        recordedOn: '2026-12-21',
      },
    };
    for (const reader of ['prac', 'tm', 'aud', 'mod', 'qa', 'hos']) expect({ reader, audit: (await t.ok(FEEDBACK, { id: auditId }, a.as[reader])).audit }).toEqual({ reader, audit: expected });
    // Nobody outside the audit reads it.
    expect((await t.gql(FEEDBACK, { id: auditId }, a.as.prac2)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('AUD-5: the practitioner acknowledges each case action, with a comment, once; nobody else', async () => {
    const auditId = await allocate(t, a, dec, { caseRef: 'EH-AUD-5' });
    const ACK = `mutation($input: AcknowledgeActionInput!) { acknowledgeAction(input: $input) { id acknowledgedOn acknowledgementComment } }`;
    const agree = async (scope: string) =>
      (await t.ok(Q.agreeAction, { input: { auditId, description: `Agreed ${scope}`, ownerId: 'prac', dueOn: '2027-01-29', scope } }, a.as.aud)).agreeAction.id;
    const caseAction = await agree('CASE');
    const learning = await agree('PRACTITIONER_LEARNING');
    await expectRefused(t, ACK, { input: { actionId: caseAction } }, a.as.prac2, 'FORBIDDEN', /^only the practitioner of the case may acknowledge its actions \(rule AUD-5\)$/);
    await expectRefused(t, ACK, { input: { actionId: learning } }, a.as.prac, 'CONFLICT', /only case actions are acknowledged/);
    await expectRefused(t, ACK, { input: { actionId: 'ghost' } }, a.as.prac, 'NOT_FOUND', /action ghost does not exist/);
    expect((await t.ok(ACK, { input: { actionId: caseAction, comment: ' Agreed with mum ' } }, a.as.prac)).acknowledgeAction).toEqual({
      id: caseAction,
      acknowledgedOn: '2026-12-21',
      acknowledgementComment: 'Agreed with mum',
    });
    await expectRefused(t, ACK, { input: { actionId: caseAction } }, a.as.prac, 'CONFLICT', /already acknowledged/);
    const { audit } = await t.ok(`query($id: ID!) { audit(id: $id) { actions { id acknowledgedOn } } }`, { id: auditId }, a.as.tm);
    expect(audit.actions).toEqual([{ id: caseAction, acknowledgedOn: '2026-12-21' }]);
  });

  it('AUD-12: suggests the overall grade by 002’s majority rule and says which rule it used', async () => {
    const auditId = await allocate(t, a, dec, { caseRef: 'EH-AUD-12' });
    const sections = ['S2_WHY_HELP', 'S3_CASE_RECORD', 'S4_ASSESSMENT', 'S5_PLANS_REVIEWS', 'S6_DIRECT_WORK', 'S7_SUPERVISION', 'S8_COMMUNITY'];
    for (const [i, section] of sections.entries()) await grade(auditId, section, i < 4 ? 'GOOD' : 'REQUIRES_IMPROVEMENT');
    const ADVICE = `query($id: ID!) { audit(id: $id) { suggestedOverallGrade suggestedOverallGradeRule overallGradeInconsistencies } }`;
    expect((await t.ok(ADVICE, { id: auditId }, a.as.aud)).audit).toEqual({
      suggestedOverallGrade: 'GOOD',
      suggestedOverallGradeRule: '4 of 7 sections Good or better: the majority (002 Outcomes)',
      overallGradeInconsistencies: [],
    });
    await grade(auditId, 'S7_SUPERVISION', 'INADEQUATE');
    await grade(auditId, 'OVERALL', 'OUTSTANDING');
    expect((await t.ok(ADVICE, { id: auditId }, a.as.aud)).audit).toEqual({
      suggestedOverallGrade: 'REQUIRES_IMPROVEMENT',
      suggestedOverallGradeRule: '4 of 7 sections Good or better, but 1 Inadequate: at most Requires Improvement; Inadequate overall if it is a key area (002 Outcomes, 004)',
      overallGradeInconsistencies: ['overall OUTSTANDING with an INADEQUATE section'],
    });
  });

  it('AUD-8, AUD-9: a social care section marked not applicable needs no grade; a grade replaces the mark', async () => {
    const auditId = await allocate(t, a, dec, { caseRef: 'SC-AUD-1', templateId: 'social-care' });
    await t.ok(Q.discuss, { input: { auditId, discussedOn: '2026-12-18', withIds: ['prac', 'tm'] } }, a.as.aud);
    for (const section of ['CONTACT_REFERRAL', 'RECORDING', 'ASSESSMENT', 'PLANNING', 'MANAGEMENT_OVERSIGHT', 'OVERALL']) await grade(auditId, section);
    await expectRefused(t, Q.submit, { auditId }, a.as.aud, 'CONFLICT', /^cannot submit: every graded section needs a grade \(or mark it not applicable, rule AUD-9\); not graded: REVIEWS$/);

    await expectRefused(t, Q.notApplicable, { input: { auditId, section: 'OVERALL', reason: 'x' } }, a.as.aud, 'BAD_USER_INPUT', /^section: OVERALL is the judgement of the whole file/);
    await expectRefused(t, Q.notApplicable, { input: { auditId, section: 'REVIEWS', reason: ' ' } }, a.as.aud, 'BAD_USER_INPUT', /^reason: must not be empty/);
    await expectRefused(t, Q.notApplicable, { input: { auditId, section: 'REVIEWS', reason: 'No plan yet' } }, a.as.aud2, 'FORBIDDEN', /only the allocated auditor may mark a section not applicable/);
    const eh = await allocate(t, a, dec, { caseRef: 'EH-AUD-2' });
    await expectRefused(t, Q.notApplicable, { input: { auditId: eh, section: 'S4_ASSESSMENT', reason: 'No plan yet' } }, a.as.aud, 'BAD_USER_INPUT', /rule AUD-8/);

    const marked = (await t.ok(Q.notApplicable, { input: { auditId, section: 'REVIEWS', reason: 'Child in need plan: no reviews held yet' } }, a.as.aud)).markSectionNotApplicable;
    expect(marked.sections).toContainEqual({ section: 'REVIEWS', auditorGrade: null, moderatorGrade: null });
    const { audit } = await t.ok(READ, { id: auditId }, a.as.aud);
    expect(audit.sections.find((s: { section: string }) => s.section === 'REVIEWS')).toEqual({ section: 'REVIEWS', auditorGrade: null, notApplicableReason: 'Child in need plan: no reviews held yet' });
    expect(audit.sections.map((s: { section: string }) => s.section)).not.toContain('OUTCOMES');

    // A grade given afterwards replaces the mark.
    await grade(auditId, 'REVIEWS', 'REQUIRES_IMPROVEMENT');
    const regraded = (await t.ok(READ, { id: auditId }, a.as.aud)).audit.sections.find((s: { section: string }) => s.section === 'REVIEWS');
    expect(regraded).toEqual({ section: 'REVIEWS', auditorGrade: 'REQUIRES_IMPROVEMENT', notApplicableReason: null });
    await t.ok(Q.notApplicable, { input: { auditId, section: 'REVIEWS', reason: 'Child in need plan: no reviews held yet' } }, a.as.aud);
    expect((await t.ok(Q.submit, { auditId }, a.as.aud)).submitAudit).toMatchObject({ status: 'SUBMITTED', initialGrade: 'GOOD' });
  });
});
