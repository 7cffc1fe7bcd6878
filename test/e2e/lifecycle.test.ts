import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { AUDIT_FIELDS, EH_SECTIONS, Q, allocation, expectRefused, readyToSubmit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * One audit through its whole life over GraphQL alone: allocation, escalation, answers, feedback,
 * grades, submission, QA return, resubmission, moderation, UoPP with a revised grade and its
 * follow-up, re-audit due, actions, a dispute decided by the head of service, the dip audit
 * allocated in a later cycle as a new audit linked to the original, and the re-audit of the next
 * cycle allocated from the proposed candidates.
 *
 * The clock is Thursday 24 December 2026: Christmas Day (Friday), the weekend and the Boxing Day
 * substitute bank holiday (Monday 28th) all fall inside the working-day deadlines.
 */
describe('the audit lifecycle over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let auditId: string;
  const actions: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-24T10:00:00Z' });
    a = await setUpAuthority(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('allocates the audit; until submission the cycle’s moderation date applies', async () => {
    const { allocateAudit } = await t.ok(Q.allocate, { input: allocation(a.cycles['2026-12']) }, a.as.qa);
    auditId = allocateAudit.id;
    expect(allocateAudit).toMatchObject({
      status: 'ALLOCATED',
      templateId: 'early-help-uop',
      reauditOfAuditId: null,
      suggestedOverallGrade: null,
      overallGradeInconsistencies: [],
      // Thursday 31 December is the last working day of December 2026.
      deadlines: { moderationDue: '2026-12-31', uoppDue: null, followUpUoppDue: null, dipAuditDue: null, urgentIssuesDue: null, rectifyBy: null },
    });
  });

  it('records a safety concern escalated at once, to whom and when', async () => {
    const { raiseEscalation } = await t.ok(
      Q.escalate,
      { input: { auditId, escalatedToIds: ['tm', 'am', 'tm'], escalatedOn: '2026-12-24', concern: 'No safety plan after a reported injury', immediateActions: 'Team manager to visit today' } },
      a.as.aud,
    );
    expect(raiseEscalation).toMatchObject({ auditId, raisedById: 'aud', escalatedToIds: ['tm', 'am'], escalatedOn: '2026-12-24' });
    expect(raiseEscalation.id).toEqual(expect.any(String));
  });

  it('records the collaborative discussion with the practitioner and team manager (AUD-1)', async () => {
    const { recordCollaborativeDiscussion } = await t.ok(Q.discuss, { input: { auditId, discussedOn: '2026-12-23', withIds: ['prac', 'tm', 'prac'] } }, a.as.aud);
    expect(recordCollaborativeDiscussion).toEqual({ id: auditId, collaborativeDiscussionOn: '2026-12-23', collaborativeDiscussionWithIds: ['prac', 'tm'] });
  });

  it('records answers and the family’s and practitioner’s feedback', async () => {
    await t.ok(Q.recordAnswer, { input: { auditId, section: 'S2_WHY_HELP', question: 'S2_Q1', answer: 'YES' } }, a.as.aud);
    const { recordAnswer } = await t.ok(
      Q.recordAnswer,
      { input: { auditId, section: 'S3_CASE_RECORD', question: 'S3_Q3', answer: 'PARTIALLY', comment: 'Gap of six weeks in October' } },
      a.as.aud,
    );
    expect(recordAnswer.answers).toEqual([
      { section: 'S2_WHY_HELP', question: 'S2_Q1', answer: 'YES', comment: null },
      { section: 'S3_CASE_RECORD', question: 'S3_Q3', answer: 'PARTIALLY', comment: 'Gap of six weeks in October' },
    ]);
    const family = await t.ok(Q.familyFeedback, { input: { auditId, rating: 4, couldHaveTheirSay: 'YES', comments: 'Felt listened to' } }, a.as.aud);
    expect(family.recordFamilyFeedback.status).toBe('ALLOCATED');
    await t.ok(Q.practitionerFeedback, { input: { auditId, comments: 'Useful reflection on the plan' } }, a.as.prac);
  });

  it('grades every section; the service suggests an overall grade and flags an inconsistent one', async () => {
    const grades: Record<string, string> = Object.fromEntries(EH_SECTIONS.map((s) => [s, 'REQUIRES_IMPROVEMENT']));
    grades.S3_CASE_RECORD = 'INADEQUATE';
    grades.S6_DIRECT_WORK = 'GOOD';
    for (const [section, grade] of Object.entries(grades)) {
      await t.ok(Q.setGrade, { input: { auditId, section, grade, rationale: `${section}: evidence on file` } }, a.as.aud);
    }
    const { setGrade } = await t.ok(Q.setGrade, { input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: 'Family engaged well' } }, a.as.aud);
    expect(setGrade.suggestedOverallGrade).toBe('REQUIRES_IMPROVEMENT');
    expect(setGrade.overallGradeInconsistencies).toEqual(['overall GOOD with an INADEQUATE section']);
    expect(setGrade.initialGrade).toBe('GOOD');
  });

  it('submits; QA returns it with a date to put it right by; the auditor regrades and resubmits', async () => {
    const submitted = (await t.ok(Q.submit, { auditId }, a.as.aud)).submitAudit;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', initialGrade: 'GOOD', deadlines: { moderationDue: '2026-12-31' } });

    const returned = (
      await t.ok(Q.returnForRectification, { input: { auditId, reason: 'Overall grade inconsistent with an Inadequate section', rectifyBy: '2026-12-29' } }, a.as.qa)
    ).returnAuditForRectification;
    expect(returned).toMatchObject({ status: 'RETURNED', deadlines: { rectifyBy: '2026-12-29' } });

    const regraded = (
      await t.ok(Q.setGrade, { input: { auditId, section: 'OVERALL', grade: 'INADEQUATE', rationale: 'Risk not addressed in the record' } }, a.as.aud)
    ).setGrade;
    expect(regraded.overallGradeInconsistencies).toEqual([]);

    actions.toGood = (await readyToSubmit(t, a.as.aud, auditId, 'INADEQUATE'))!;
    const resubmitted = (await t.ok(Q.submit, { auditId }, a.as.aud)).submitAudit;
    // Inadequate: moderation within 1 working day. Friday 25 (Christmas), the weekend and Monday 28
    // (Boxing Day substitute) are not working days, so Tuesday 29 December.
    expect(resubmitted).toMatchObject({ status: 'SUBMITTED', initialGrade: 'INADEQUATE', deadlines: { moderationDue: '2026-12-29', rectifyBy: null } });
  });

  it('moderates: agrees the overall grade and changes a section, each with a rationale', async () => {
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: 'INADEQUATE', rationale: 'Agreed: the risk was missed' } }, a.as.mod);
    const { moderateGrade } = await t.ok(
      Q.moderate,
      { input: { auditId, section: 'S3_CASE_RECORD', grade: 'REQUIRES_IMPROVEMENT', rationale: 'Gaps are short and explained' } },
      a.as.mod,
    );
    expect(moderateGrade.sections).toContainEqual({ section: 'S3_CASE_RECORD', auditorGrade: 'INADEQUATE', moderatorGrade: 'REQUIRES_IMPROVEMENT' });
    expect(moderateGrade.status).toBe('SUBMITTED');
  });

  it('completes moderation: UoPP, urgent issues and the dip audit fall due', async () => {
    const { completeModeration } = await t.ok(Q.completeModeration, { auditId }, a.as.mod);
    expect(completeModeration).toMatchObject({
      status: 'MODERATED',
      initialGrade: 'INADEQUATE',
      moderatedGrade: 'INADEQUATE',
      currentGrade: 'INADEQUATE',
      reauditRequired: true,
      uoppHeld: false,
      deadlines: {
        // 3 working days for Inadequate: 29, 30, 31 December.
        uoppDue: '2026-12-31',
        // The team manager's 2 working days: 29, 30 December.
        urgentIssuesDue: '2026-12-30',
        // 6 calendar weeks after moderation.
        dipAuditDue: '2027-02-04',
        followUpUoppDue: null,
      },
    });
  });

  it('records the UoPP meeting chaired by the audit manager, raising the grade, and its 6-week follow-up', async () => {
    const { recordUoPPMeeting } = await t.ok(
      Q.uopp,
      {
        input: {
          auditId,
          heldOn: '2026-12-24',
          chairId: 'am',
          attendeeIds: ['prac', 'tm', 'aud'],
          revisedGrade: 'REQUIRES_IMPROVEMENT',
          rationale: 'Safety plan now in place and shared',
          linkedPlan: 'TAF',
        },
      },
      a.as.am,
    );
    expect(recordUoPPMeeting).toMatchObject({
      uoppHeld: true,
      moderatedGrade: 'INADEQUATE',
      currentGrade: 'REQUIRES_IMPROVEMENT',
      reauditRequired: true,
      deadlines: { followUpUoppDue: '2027-02-04' },
    });
    // The follow-up meeting for Inadequate work; it keeps the grade.
    const followUp = (await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-24', chairId: 'am', attendeeIds: ['prac', 'tm'] } }, a.as.am)).recordUoPPMeeting;
    expect(followUp.currentGrade).toBe('REQUIRES_IMPROVEMENT');
  });

  it('agrees SMART actions; learning actions stay off the child’s record', async () => {
    const agree = async (description: string, ownerId: string, dueOn: string, scope: string) =>
      (await t.ok(Q.agreeAction, { input: { auditId, description, ownerId, dueOn, scope } }, a.as.aud)).agreeAction;
    const caseAction = await agree('Update the safety plan with the family', 'prac', '2027-01-15', 'CASE');
    expect(caseAction).toMatchObject({
      auditId,
      ownerId: 'prac',
      dueOn: '2027-01-15',
      scope: 'CASE',
      status: 'OPEN',
      overdue: false,
      onCaseRecord: true,
      agreedById: 'aud',
      agreedOn: '2026-12-24',
    });
    actions.case = caseAction.id;
    actions.practitioner = (await agree('Reflective supervision on risk', 'prac', '2027-01-29', 'PRACTITIONER_LEARNING')).id;
    actions.team = (await agree('Team briefing on safety plans', 'tm', '2027-02-26', 'TEAM_LEARNING')).id;

    const seenBy = async (who: string) => (await t.ok(Q.auditActions, { id: auditId }, a.as[who])).audit.actions.map((x: { id: string }) => x.id);
    // The case action agreed before submission (AUD-4) is due last.
    expect(await seenBy('prac')).toEqual([actions.case, actions.toGood]);
    expect(await seenBy('tm')).toEqual([actions.case, actions.toGood]);
    expect(await seenBy('aud')).toEqual([actions.case, actions.toGood]);
    expect(await seenBy('qa')).toEqual([actions.case, actions.practitioner, actions.team, actions.toGood]);

    const learning = async (who: string) => (await t.ok(Q.learningActions, { auditId }, a.as[who])).learningActions.map((x: { id: string }) => x.id);
    expect(await learning('prac')).toEqual([actions.practitioner]);
    expect(await learning('tm')).toEqual([actions.practitioner, actions.team]);
    expect(await learning('qa')).toEqual([actions.practitioner, actions.team]);
    expect(await learning('aud')).toEqual([]);
    expect(await learning('mod')).toEqual([]);
  });

  it('lets the owner and the team manager follow actions up', async () => {
    const progressed = (await t.ok(Q.progressAction, { input: { actionId: actions.case, note: 'Plan drafted with mum' } }, a.as.prac)).progressAction;
    expect(progressed).toMatchObject({ status: 'OPEN', lastProgressNote: 'Plan drafted with mum', lastProgressedOn: '2026-12-24' });
    const completed = (await t.ok(Q.completeAction, { input: { actionId: actions.case, note: 'Signed and shared' } }, a.as.tm)).completeAction;
    expect(completed).toMatchObject({ status: 'DONE', closedOn: '2026-12-24', closingNote: 'Signed and shared', overdue: false });
    const dropped = (await t.ok(Q.dropAction, { input: { actionId: actions.team, reason: 'Covered by the service briefing' } }, a.as.tm)).dropAction;
    expect(dropped).toMatchObject({ status: 'DROPPED', closingNote: 'Covered by the service briefing' });

    const mine = (await t.ok(Q.myActions, {}, a.as.prac)).myActions.map((x: { id: string; status: string }) => [x.id, x.status]);
    expect(mine).toEqual([
      [actions.case, 'DONE'],
      [actions.practitioner, 'OPEN'],
    ]);
  });

  it('takes a dispute from the EH coordinator lead through discussion to the head of service’s decision', async () => {
    const raised = (await t.ok(Q.raiseDispute, { input: { auditId, reason: 'The plan was sound; Good is fairer' } }, a.as.coord)).raiseModerationDispute;
    expect(raised).toMatchObject({ auditId, raisedById: 'coord', raisedAs: 'EH_COORDINATOR_LEAD', status: 'OPEN', currentGrade: 'REQUIRES_IMPROVEMENT' });
    const discussed = (
      await t.ok(Q.discussDispute, { input: { auditId, disputeId: raised.id, resolved: false, note: 'Moderator keeps the grade' } }, a.as.mod)
    ).discussModerationDispute;
    expect(discussed.status).toBe('UNRESOLVED');
    // The audit page lists it, so the head of service can find what awaits a decision.
    const listed = await t.ok(`query($id: ID!) { audit(id: $id) { disputes { id status raisedAs } } }`, { id: auditId }, a.as.hos);
    expect(listed.audit.disputes).toEqual([{ id: raised.id, status: 'UNRESOLVED', raisedAs: 'EH_COORDINATOR_LEAD' }]);
    const decided = (
      await t.ok(
        Q.resolveDispute,
        { input: { auditId, disputeId: raised.id, grade: 'REQUIRES_IMPROVEMENT', rationale: 'Risk management improved but not yet consistent' } },
        a.as.hos,
      )
    ).resolveModerationDispute;
    expect(decided).toMatchObject({ id: raised.id, status: 'DECIDED', currentGrade: 'REQUIRES_IMPROVEMENT' });
  });

  it('keeps every grade change in the history: auditor, moderator, UoPP and dispute', async () => {
    const history: Array<{ section: string; source: string; from: string | null; to: string }> = (await t.ok(Q.history, { id: auditId }, a.as.qa)).audit
      .gradeHistory;
    const overall = history.filter((h) => h.section === 'OVERALL').map(({ source, from, to }) => [source, from, to]);
    expect(overall).toEqual([
      ['AUDITOR', null, 'GOOD'],
      ['AUDITOR', 'GOOD', 'INADEQUATE'],
      ['MODERATOR', 'INADEQUATE', 'INADEQUATE'],
      ['UOPP', 'INADEQUATE', 'REQUIRES_IMPROVEMENT'],
      ['DISPUTE', 'REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT'],
    ]);
    expect(history.filter((h) => h.source === 'MODERATOR').map((h) => h.section)).toEqual(['OVERALL', 'S3_CASE_RECORD']);
    expect(history.filter((h) => h.source === 'AUDITOR')).toHaveLength(EH_SECTIONS.length + 2);
  });

  it('allocates the dip audit in a later cycle as a new audit linked to the original, to the audit team (AFT-4)', async () => {
    const input = allocation(a.cycles['2027-02'], { templateId: 'dip-sample', auditorId: 'qa', reauditOfAuditId: auditId });
    await expectRefused(t, Q.allocate, { input: { ...input, auditorId: 'aud2' } }, a.as.qa, 'BAD_USER_INPUT', /^auditorId: AFT-4: a dip audit is completed by the audit team/);
    const dip = (await t.ok(Q.allocate, { input }, a.as.qa)).allocateAudit;
    expect(dip).toMatchObject({ status: 'ALLOCATED', templateId: 'dip-sample', reauditOfAuditId: auditId, caseRef: 'EH-1001', auditorId: 'qa' });
    expect(dip.id).not.toBe(auditId);

    // The dip audit grades progress since the audit, and completes on submission: no moderation of its own.
    await t.ok(Q.setGrade, { input: { auditId: dip.id, section: 'PROGRESS', grade: 'GOOD', rationale: 'Actions completed' } }, a.as.qa);
    await t.ok(Q.setGrade, { input: { auditId: dip.id, section: 'OVERALL', grade: 'GOOD', rationale: 'Improved' } }, a.as.qa);
    expect((await t.ok(Q.submit, { auditId: dip.id }, a.as.qa)).submitAudit).toMatchObject({ status: 'MODERATED', initialGrade: 'GOOD', moderatedGrade: null, currentGrade: 'GOOD' });

    const original = await t.ok(`query($id: ID!) { audit(id: $id) { reaudits { id reauditOfAuditId } } }`, { id: auditId }, a.as.qa);
    expect(original.audit.reaudits).toEqual([{ id: dip.id, reauditOfAuditId: auditId }]);
  });

  it('proposes the work, still below Good, for re-audit in the next cycle and allocates the re-audit from the proposal', async () => {
    const feb = a.cycles['2027-02'];
    const { proposeReauditCandidates } = await t.ok(
      `mutation($cycleId: ID!) { proposeReauditCandidates(cycleId: $cycleId) { previousCycleId belowGood required candidates { auditId grade reauditId } } }`,
      { cycleId: feb },
      a.as.qa,
    );
    // One piece of December's work below Good: 10% of it, rounded up, is this audit. The dip audit is not its re-audit.
    expect(proposeReauditCandidates).toEqual({ previousCycleId: a.cycles['2026-12'], belowGood: 1, required: 1, candidates: [{ auditId, grade: 'REQUIRES_IMPROVEMENT', reauditId: null }] });
    const { allocateReaudit } = await t.ok(
      `mutation($input: AllocateReauditInput!) { allocateReaudit(input: $input) { ${AUDIT_FIELDS} auditedBefore previousAuditOn } }`,
      { input: { cycleId: feb, reauditOfAuditId: auditId, auditorId: 'aud2', moderatorId: 'mod2' } },
      a.as.qa,
    );
    expect(allocateReaudit).toMatchObject({
      cycleId: feb,
      caseRef: 'EH-1001',
      teamId: 'north',
      practitionerId: 'prac',
      templateId: 'early-help-uop',
      reauditOfAuditId: auditId,
      status: 'ALLOCATED',
      auditedBefore: true,
      previousAuditOn: '2026-12-24',
    });
    const original = await t.ok(`query($id: ID!) { audit(id: $id) { reaudits { id templateId } } }`, { id: auditId }, a.as.qa);
    expect(original.audit.reaudits.map((r: { templateId: string }) => r.templateId)).toEqual(['dip-sample', 'early-help-uop']);
  });

  it('agrees KLOEs for the next cycle and closes the finished one', async () => {
    const kloes = (await t.ok(Q.agreeKloes, { input: { cycleId: a.cycles['2027-02'], kloes: ['Safety planning', 'Voice of the child'] } }, a.as.qa)).agreeKloes;
    expect(kloes.kloes).toEqual(['Safety planning', 'Voice of the child']);
    // The read model says OPEN, as AuditCycle.status and the cycle decider do.
    expect(kloes.status).toBe('OPEN');
    const closed = (await t.ok(Q.closeCycle, { cycleId: a.cycles['2026-12'] }, a.as.qa)).closeCycle;
    expect(closed).toEqual({ id: a.cycles['2026-12'], status: 'CLOSED' });
  });
});
