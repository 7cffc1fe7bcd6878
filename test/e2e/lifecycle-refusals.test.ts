import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, allocate, allocation, expectRefused, gradeAll, moderatedAudit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Every lifecycle mutation refused once for each code it can answer with: BAD_USER_INPUT naming the
 * field, CONFLICT naming the state, FORBIDDEN (by role at the door, or by relation to the audit in
 * the decider), NOT_FOUND naming what is missing. Each refusal appends nothing.
 *
 * The clock is Monday 21 December 2026.
 */
describe('lifecycle refusals over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  /** Audits in the states the refusals need. */
  const audit: Record<'allocated' | 'submitted' | 'moderatedRI' | 'moderatedGood' | 'invalidated', string> = {} as never;
  let caseAction: string;
  let doneAction: string;
  let openDispute: string;
  let settledDispute: string;
  let dec: string;
  let feb: string;
  let nov: string;

  const refused = (query: string, variables: Record<string, unknown>, who: string, code: string, mentions: RegExp) =>
    expectRefused(t, query, variables, a.as[who], code, mentions);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-11', '2026-12', '2027-02']);
    [nov, dec, feb] = [a.cycles['2026-11'], a.cycles['2026-12'], a.cycles['2027-02']];
    // November has no audits, so it can be closed at once.
    await t.ok(Q.closeCycle, { cycleId: nov }, a.as.qa);

    audit.allocated = await allocate(t, a, dec);
    audit.submitted = await allocate(t, a, dec, { caseRef: 'EH-2002' });
    await gradeAll(t, a.as.aud, audit.submitted, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId: audit.submitted }, a.as.aud);
    audit.moderatedRI = await moderatedAudit(t, a, dec, 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-2003' });
    audit.moderatedGood = await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-2004' });
    audit.invalidated = await allocate(t, a, dec, { caseRef: 'EH-2005' });
    await t.ok(Q.invalidate, { input: { auditId: audit.invalidated, reason: 'Practitioner was not contacted' } }, a.as.qa);

    const agree = (scope: string) => ({ input: { auditId: audit.moderatedRI, description: 'Review the plan with the family', ownerId: 'prac', dueOn: '2027-01-15', scope } });
    caseAction = (await t.ok(Q.agreeAction, agree('CASE'), a.as.aud)).agreeAction.id;
    doneAction = (await t.ok(Q.agreeAction, agree('CASE'), a.as.aud)).agreeAction.id;
    await t.ok(Q.completeAction, { input: { actionId: doneAction } }, a.as.prac);

    openDispute = (await t.ok(Q.raiseDispute, { input: { auditId: audit.moderatedGood, reason: 'Outstanding is fairer' } }, a.as.prac)).raiseModerationDispute.id;
    settledDispute = (await t.ok(Q.raiseDispute, { input: { auditId: audit.moderatedRI, reason: 'Good is fairer' } }, a.as.tm)).raiseModerationDispute.id;
    await t.ok(Q.discussDispute, { input: { auditId: audit.moderatedRI, disputeId: settledDispute, resolved: true, note: 'Agreed after discussion' } }, a.as.mod);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a caller without a token before anything else', async () => {
    await expectRefused(t, Q.submit, { auditId: audit.allocated }, null, 'UNAUTHENTICATED', /token/i);
  });

  describe('allocateAudit', () => {
    it('BAD_USER_INPUT: an auditor from the team holding the case, an empty case reference, a re-audit of Good work', async () => {
      await refused(Q.allocate, { input: allocation(dec, { auditorId: 'aud-north' }) }, 'qa', 'BAD_USER_INPUT', /^auditorId: .*not a member of the team holding the case/);
      await refused(Q.allocate, { input: allocation(dec, { caseRef: ' ' }) }, 'qa', 'BAD_USER_INPUT', /caseRef: must not be empty/);
      await refused(Q.allocate, { input: allocation(feb, { caseRef: 'EH-2004', reauditOfAuditId: audit.moderatedGood }) }, 'qa', 'BAD_USER_INPUT', /^reauditOfAuditId: only work that fell below Good/);
      await refused(Q.allocate, { input: allocation(dec, { caseRef: 'EH-2003', reauditOfAuditId: audit.moderatedRI }) }, 'qa', 'BAD_USER_INPUT', /^reauditOfAuditId: a re-audit belongs to a later cycle/);
      await refused(Q.allocate, { input: allocation(feb, { caseRef: 'EH-9999', reauditOfAuditId: audit.moderatedRI }) }, 'qa', 'BAD_USER_INPUT', /^caseRef: a re-audit is of the same case/);
    });
    it('CONFLICT: a closed cycle', async () => {
      await refused(Q.allocate, { input: allocation(nov) }, 'qa', 'CONFLICT', /cycle .* is closed/);
    });
    it('FORBIDDEN: anyone but the audit team', async () => {
      await refused(Q.allocate, { input: allocation(dec) }, 'aud', 'FORBIDDEN', /AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown cycle, staff member or original audit', async () => {
      await refused(Q.allocate, { input: allocation('no-such-cycle') }, 'qa', 'NOT_FOUND', /cycle no-such-cycle does not exist/);
      await refused(Q.allocate, { input: allocation(dec, { moderatorId: 'ghost' }) }, 'qa', 'NOT_FOUND', /staff member ghost does not exist/);
      await refused(Q.allocate, { input: allocation(feb, { reauditOfAuditId: 'ghost' }) }, 'qa', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('recordAnswer', () => {
    const answer = (auditId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, section: 'S2_WHY_HELP', question: 'S2_Q1', answer: 'YES', ...over } });
    it('BAD_USER_INPUT: an unknown section, a question of another section, an answer the question does not take', async () => {
      await refused(Q.recordAnswer, answer(audit.allocated, { section: 'S99' }), 'aud', 'BAD_USER_INPUT', /^section: S99 is not a section/);
      await refused(Q.recordAnswer, answer(audit.allocated, { question: 'S3_Q1' }), 'aud', 'BAD_USER_INPUT', /^question: S3_Q1 is not a question of section S2_WHY_HELP/);
      await refused(Q.recordAnswer, answer(audit.allocated, { section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q3', answer: 'PARTIALLY' }), 'aud', 'BAD_USER_INPUT', /^answer: question S9_Q3 takes one of YES, NO, NOT_APPLICABLE/);
    });
    it('CONFLICT: after submission', async () => {
      await refused(Q.recordAnswer, answer(audit.submitted), 'aud', 'CONFLICT', /the audit is SUBMITTED: answers can be recorded only while it is ALLOCATED or RETURNED/);
    });
    it('FORBIDDEN: another auditor, or a role that does not audit', async () => {
      await refused(Q.recordAnswer, answer(audit.allocated), 'aud2', 'FORBIDDEN', /only the allocated auditor may record answers/);
      await refused(Q.recordAnswer, answer(audit.allocated), 'mod', 'FORBIDDEN', /AUDITOR/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.recordAnswer, answer('ghost'), 'aud', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('setGrade', () => {
    const grade = (auditId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: 'evidence', ...over } });
    it('BAD_USER_INPUT: an empty rationale, a section that is not graded', async () => {
      await refused(Q.setGrade, grade(audit.allocated, { rationale: '  ' }), 'aud', 'BAD_USER_INPUT', /^rationale: must not be empty/);
      await refused(Q.setGrade, grade(audit.allocated, { section: 'BESPOKE' }), 'aud', 'BAD_USER_INPUT', /^section: BESPOKE is not a graded section/);
    });
    it('CONFLICT: after submission', async () => {
      await refused(Q.setGrade, grade(audit.submitted), 'aud', 'CONFLICT', /the audit is SUBMITTED: the auditor can grade only while/);
    });
    it('FORBIDDEN: another auditor', async () => {
      await refused(Q.setGrade, grade(audit.allocated), 'aud2', 'FORBIDDEN', /only the allocated auditor may grade it/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.setGrade, grade('ghost'), 'aud', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('submitAudit', () => {
    it('CONFLICT: no overall grade yet; already submitted', async () => {
      await refused(Q.submit, { auditId: audit.allocated }, 'aud', 'CONFLICT', /cannot submit: the OVERALL grade is required/);
      await refused(Q.submit, { auditId: audit.submitted }, 'aud', 'CONFLICT', /the audit is SUBMITTED: the audit can be submitted only while/);
    });
    it('CONFLICT: a graded section missing', async () => {
      await t.ok(Q.setGrade, { input: { auditId: audit.allocated, section: 'OVERALL', grade: 'GOOD', rationale: 'so far' } }, a.as.aud);
      await refused(Q.submit, { auditId: audit.allocated }, 'aud', 'CONFLICT', /every graded section needs a grade; not graded: S2_WHY_HELP/);
    });
    it('FORBIDDEN: another auditor, or a practitioner', async () => {
      await refused(Q.submit, { auditId: audit.allocated }, 'aud2', 'FORBIDDEN', /only the allocated auditor may submit it/);
      await refused(Q.submit, { auditId: audit.allocated }, 'prac', 'FORBIDDEN', /AUDITOR/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.submit, { auditId: 'ghost' }, 'aud', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('returnAuditForRectification', () => {
    const ret = (auditId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, reason: 'Rationale missing', rectifyBy: '2026-12-23', ...over } });
    it('BAD_USER_INPUT: a date in the past, a date that does not exist, no reason', async () => {
      await refused(Q.returnForRectification, ret(audit.submitted, { rectifyBy: '2026-12-18' }), 'qa', 'BAD_USER_INPUT', /^rectifyBy: must not be in the past \(today is 2026-12-21\)/);
      await refused(Q.returnForRectification, ret(audit.submitted, { rectifyBy: '2026-02-30' }), 'qa', 'BAD_USER_INPUT', /input\.rectifyBy.*real date/);
      await refused(Q.returnForRectification, ret(audit.submitted, { reason: '' }), 'qa', 'BAD_USER_INPUT', /^reason: must not be empty/);
    });
    it('CONFLICT: not submitted', async () => {
      await refused(Q.returnForRectification, ret(audit.allocated), 'qa', 'CONFLICT', /the audit is ALLOCATED: the audit can be returned for rectification only while it is SUBMITTED/);
    });
    it('FORBIDDEN: not the audit team', async () => {
      await refused(Q.returnForRectification, ret(audit.submitted), 'mod', 'FORBIDDEN', /AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.returnForRectification, ret('ghost'), 'qa', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('invalidateAudit', () => {
    it('BAD_USER_INPUT: no reason', async () => {
      await refused(Q.invalidate, { input: { auditId: audit.allocated, reason: '' } }, 'qa', 'BAD_USER_INPUT', /^reason: must not be empty/);
    });
    it('CONFLICT: moderated, or already invalidated', async () => {
      await refused(Q.invalidate, { input: { auditId: audit.moderatedRI, reason: 'late' } }, 'qa', 'CONFLICT', /the audit is MODERATED: the audit can be invalidated only while/);
      await refused(Q.invalidate, { input: { auditId: audit.invalidated, reason: 'again' } }, 'qa', 'CONFLICT', /the audit is INVALIDATED/);
    });
    it('FORBIDDEN: not the audit team', async () => {
      await refused(Q.invalidate, { input: { auditId: audit.allocated, reason: 'x' } }, 'hos', 'FORBIDDEN', /AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.invalidate, { input: { auditId: 'ghost', reason: 'x' } }, 'qa', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('reallocateAudit', () => {
    const realloc = (auditId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, reason: 'Auditor on leave', ...over } });
    it('BAD_USER_INPUT: an auditor who is not independent, nobody new', async () => {
      await refused(Q.reallocate, realloc(audit.allocated, { auditorId: 'aud-north' }), 'qa', 'BAD_USER_INPUT', /^auditorId: .*not a member of the team holding the case/);
      await refused(Q.reallocate, realloc(audit.allocated, { moderatorId: 'aud' }), 'qa', 'BAD_USER_INPUT', /^moderatorId: the moderator must hold the MODERATOR role/);
      await refused(Q.reallocate, realloc(audit.allocated), 'qa', 'BAD_USER_INPUT', /^auditorId: names the current auditor and moderator: nothing to reallocate/);
    });
    it('CONFLICT: a new auditor after submission', async () => {
      await refused(Q.reallocate, realloc(audit.submitted, { auditorId: 'aud2' }), 'qa', 'CONFLICT', /the audit is SUBMITTED: the auditor can be changed only while/);
    });
    it('FORBIDDEN: not the audit team', async () => {
      await refused(Q.reallocate, realloc(audit.allocated, { auditorId: 'aud2' }), 'hos', 'FORBIDDEN', /AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown staff member or audit', async () => {
      await refused(Q.reallocate, realloc(audit.allocated, { auditorId: 'ghost' }), 'qa', 'NOT_FOUND', /staff member ghost does not exist/);
      await refused(Q.reallocate, realloc('ghost', { auditorId: 'aud2' }), 'qa', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('moderateGrade', () => {
    const moderate = (auditId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: 'agreed', ...over } });
    it('BAD_USER_INPUT: an empty rationale, an unknown section', async () => {
      await refused(Q.moderate, moderate(audit.submitted, { rationale: '' }), 'mod', 'BAD_USER_INPUT', /^rationale: must not be empty/);
      await refused(Q.moderate, moderate(audit.submitted, { section: 'S99' }), 'mod', 'BAD_USER_INPUT', /^section: S99 is not a section/);
    });
    it('CONFLICT: before submission', async () => {
      await refused(Q.moderate, moderate(audit.allocated), 'mod', 'CONFLICT', /the audit is ALLOCATED: the audit can be moderated only while it is SUBMITTED/);
    });
    it('FORBIDDEN: another moderator, or the auditor', async () => {
      await refused(Q.moderate, moderate(audit.submitted), 'mod2', 'FORBIDDEN', /only the allocated moderator may moderate it/);
      await refused(Q.moderate, moderate(audit.submitted), 'aud', 'FORBIDDEN', /MODERATOR/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.moderate, moderate('ghost'), 'mod', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('completeModeration', () => {
    it('CONFLICT: the overall grade not moderated yet; already moderated', async () => {
      await refused(Q.completeModeration, { auditId: audit.submitted }, 'mod', 'CONFLICT', /the OVERALL grade has not been moderated/);
      await refused(Q.completeModeration, { auditId: audit.moderatedRI }, 'mod', 'CONFLICT', /the audit is MODERATED: moderation can be completed only while it is SUBMITTED/);
    });
    it('FORBIDDEN: another moderator', async () => {
      await refused(Q.completeModeration, { auditId: audit.submitted }, 'mod2', 'FORBIDDEN', /only the allocated moderator may complete moderation/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.completeModeration, { auditId: 'ghost' }, 'mod', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('recordUoPPMeeting', () => {
    const meeting = (auditId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, heldOn: '2026-12-21', chairId: 'aud', attendeeIds: ['prac', 'tm'], ...over } });
    it('BAD_USER_INPUT: a lower grade, the wrong chair, a future date, a revision without rationale', async () => {
      await refused(Q.uopp, meeting(audit.moderatedRI, { revisedGrade: 'INADEQUATE', rationale: 'worse' }), 'aud', 'BAD_USER_INPUT', /^revisedGrade: a UoPP meeting may raise the grade, never lower it/);
      await refused(Q.uopp, meeting(audit.moderatedRI, { chairId: 'am' }), 'am', 'BAD_USER_INPUT', /^chairId: for work graded Requires Improvement and above the auditor chairs/);
      await refused(Q.uopp, meeting(audit.moderatedRI, { heldOn: '2026-12-22' }), 'aud', 'BAD_USER_INPUT', /^heldOn: must not be in the future/);
      await refused(Q.uopp, meeting(audit.moderatedRI, { revisedGrade: 'GOOD' }), 'aud', 'BAD_USER_INPUT', /^rationale: is required when the UoPP meeting revises the grade/);
      await refused(Q.uopp, meeting(audit.moderatedRI, { attendeeIds: [] }), 'aud', 'BAD_USER_INPUT', /^attendeeIds: at least one attendee/);
    });
    it('CONFLICT: before moderation', async () => {
      await refused(Q.uopp, meeting(audit.submitted), 'aud', 'CONFLICT', /the audit is SUBMITTED: a UoPP meeting can be recorded only while it is MODERATED/);
    });
    it('FORBIDDEN: an auditor not on the audit, a practitioner', async () => {
      await refused(Q.uopp, meeting(audit.moderatedRI), 'aud2', 'FORBIDDEN', /only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting/);
      await refused(Q.uopp, meeting(audit.moderatedRI), 'prac', 'FORBIDDEN', /AUDITOR, AUDIT_MANAGER, AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown attendee or audit', async () => {
      await refused(Q.uopp, meeting(audit.moderatedRI, { attendeeIds: ['prac', 'ghost'] }), 'aud', 'NOT_FOUND', /staff member ghost does not exist/);
      await refused(Q.uopp, meeting('ghost'), 'aud', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('agreeAction', () => {
    const action = (auditId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, description: 'Update the plan', ownerId: 'prac', dueOn: '2027-01-15', scope: 'CASE', ...over } });
    it('BAD_USER_INPUT: a past due date, a period instead of a date, no description', async () => {
      await refused(Q.agreeAction, action(audit.moderatedRI, { dueOn: '2026-12-18' }), 'aud', 'BAD_USER_INPUT', /^dueOn: must not be in the past \(today is 2026-12-21\)/);
      await refused(Q.agreeAction, action(audit.moderatedRI, { dueOn: 'within 5 days' }), 'aud', 'BAD_USER_INPUT', /input\.dueOn.*YYYY-MM-DD/);
      await refused(Q.agreeAction, action(audit.moderatedRI, { description: ' ' }), 'aud', 'BAD_USER_INPUT', /^description: must not be empty/);
    });
    it('CONFLICT: an invalidated audit', async () => {
      await refused(Q.agreeAction, action(audit.invalidated), 'qa', 'CONFLICT', /the audit is INVALIDATED: no actions can be agreed/);
    });
    it('FORBIDDEN: an auditor not on the audit, a practitioner', async () => {
      await refused(Q.agreeAction, action(audit.moderatedRI), 'aud2', 'FORBIDDEN', /only the allocated auditor, the audit manager or the audit team may agree actions/);
      await refused(Q.agreeAction, action(audit.moderatedRI), 'prac', 'FORBIDDEN', /AUDITOR, AUDIT_MANAGER, AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown owner or audit', async () => {
      await refused(Q.agreeAction, action(audit.moderatedRI, { ownerId: 'ghost' }), 'aud', 'NOT_FOUND', /staff member ghost does not exist/);
      await refused(Q.agreeAction, action('ghost'), 'aud', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('progressAction, completeAction, dropAction', () => {
    it('BAD_USER_INPUT: no progress note, an over-long completion note, no reason to drop', async () => {
      await refused(Q.progressAction, { input: { actionId: caseAction, note: '' } }, 'prac', 'BAD_USER_INPUT', /^note: must not be empty/);
      await refused(Q.completeAction, { input: { actionId: caseAction, note: 'x'.repeat(4001) } }, 'prac', 'BAD_USER_INPUT', /^note: at most 4000 characters/);
      await refused(Q.dropAction, { input: { actionId: caseAction, reason: '' } }, 'tm', 'BAD_USER_INPUT', /^reason: must not be empty/);
    });
    it('CONFLICT: an action already done', async () => {
      await refused(Q.progressAction, { input: { actionId: doneAction, note: 'more' } }, 'prac', 'CONFLICT', /is DONE: only an OPEN action can change/);
      await refused(Q.completeAction, { input: { actionId: doneAction } }, 'prac', 'CONFLICT', /is DONE: only an OPEN action can change/);
      await refused(Q.dropAction, { input: { actionId: doneAction, reason: 'no longer needed' } }, 'tm', 'CONFLICT', /is DONE: only an OPEN action can change/);
    });
    it('FORBIDDEN: someone else’s practitioner, another team’s manager, an auditor', async () => {
      await refused(Q.progressAction, { input: { actionId: caseAction, note: 'mine?' } }, 'prac2', 'FORBIDDEN', /only the action's owner or their supervisor may update it/);
      await refused(Q.completeAction, { input: { actionId: caseAction } }, 'tm-south', 'FORBIDDEN', /only the action's owner or their supervisor may update it/);
      await refused(Q.dropAction, { input: { actionId: caseAction, reason: 'x' } }, 'tm-south', 'FORBIDDEN', /only the case's team manager or the audit team may drop an action/);
      await refused(Q.progressAction, { input: { actionId: caseAction, note: 'x' } }, 'aud', 'FORBIDDEN', /only the action's owner or their supervisor may update it/);
      await refused(Q.dropAction, { input: { actionId: caseAction, reason: 'x' } }, 'prac', 'FORBIDDEN', /TEAM_MANAGER, AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown action', async () => {
      await refused(Q.progressAction, { input: { actionId: 'ghost', note: 'x' } }, 'prac', 'NOT_FOUND', /action ghost does not exist/);
      await refused(Q.completeAction, { input: { actionId: 'ghost' } }, 'prac', 'NOT_FOUND', /action ghost does not exist/);
      await refused(Q.dropAction, { input: { actionId: 'ghost', reason: 'x' } }, 'qa', 'NOT_FOUND', /action ghost does not exist/);
    });
  });

  describe('raiseEscalation', () => {
    const escalation = (auditId: string, over: Record<string, unknown> = {}) => ({
      input: { auditId, escalatedToIds: ['tm'], escalatedOn: '2026-12-21', concern: 'Bruising not followed up', immediateActions: 'TM informed', ...over },
    });
    it('BAD_USER_INPUT: a future date, nobody escalated to, no concern', async () => {
      await refused(Q.escalate, escalation(audit.allocated, { escalatedOn: '2026-12-22' }), 'aud', 'BAD_USER_INPUT', /^escalatedOn: must not be in the future/);
      await refused(Q.escalate, escalation(audit.allocated, { escalatedToIds: [] }), 'aud', 'BAD_USER_INPUT', /^escalatedToIds: say who the concern was escalated to/);
      await refused(Q.escalate, escalation(audit.allocated, { concern: '' }), 'aud', 'BAD_USER_INPUT', /^concern: must not be empty/);
    });
    it('CONFLICT: an invalidated audit', async () => {
      await refused(Q.escalate, escalation(audit.invalidated), 'aud', 'CONFLICT', /the audit is INVALIDATED/);
    });
    it('FORBIDDEN: an auditor not on the audit, a practitioner', async () => {
      await refused(Q.escalate, escalation(audit.allocated), 'aud2', 'FORBIDDEN', /only the allocated auditor or moderator may record an escalation/);
      await refused(Q.escalate, escalation(audit.allocated), 'prac', 'FORBIDDEN', /AUDITOR, MODERATOR/);
    });
    it('NOT_FOUND: an unknown person or audit', async () => {
      await refused(Q.escalate, escalation(audit.allocated, { escalatedToIds: ['tm', 'ghost'] }), 'aud', 'NOT_FOUND', /staff member ghost does not exist/);
      await refused(Q.escalate, escalation('ghost'), 'aud', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('recordFamilyFeedback and recordPractitionerFeedback', () => {
    it('BAD_USER_INPUT: a rating out of range, nothing recorded', async () => {
      await refused(Q.familyFeedback, { input: { auditId: audit.allocated, rating: 6 } }, 'aud', 'BAD_USER_INPUT', /^rating: must be a whole number from 1 to 5/);
      await refused(Q.familyFeedback, { input: { auditId: audit.allocated } }, 'aud', 'BAD_USER_INPUT', /^rating: give the family’s rating from 1 to 5, or the reason/);
      await refused(Q.practitionerFeedback, { input: { auditId: audit.allocated, comments: ' ' } }, 'prac', 'BAD_USER_INPUT', /^comments: give the practitioner’s feedback, or the reason/);
    });
    it('CONFLICT: after submission', async () => {
      await refused(Q.familyFeedback, { input: { auditId: audit.submitted, rating: 3 } }, 'aud', 'CONFLICT', /the audit is SUBMITTED: feedback can be recorded only while/);
      await refused(Q.practitionerFeedback, { input: { auditId: audit.submitted, comments: 'late' } }, 'prac', 'CONFLICT', /the audit is SUBMITTED: feedback can be recorded only while/);
    });
    it('FORBIDDEN: another auditor, another practitioner', async () => {
      await refused(Q.familyFeedback, { input: { auditId: audit.allocated, rating: 3 } }, 'aud2', 'FORBIDDEN', /only the allocated auditor may record the family’s feedback/);
      await refused(Q.practitionerFeedback, { input: { auditId: audit.allocated, comments: 'hi' } }, 'prac2', 'FORBIDDEN', /only the practitioner of the case or the allocated auditor/);
      await refused(Q.familyFeedback, { input: { auditId: audit.allocated, rating: 3 } }, 'prac', 'FORBIDDEN', /AUDITOR/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.familyFeedback, { input: { auditId: 'ghost', rating: 3 } }, 'aud', 'NOT_FOUND', /audit ghost does not exist/);
      await refused(Q.practitionerFeedback, { input: { auditId: 'ghost', comments: 'hi' } }, 'prac', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('raiseModerationDispute', () => {
    it('BAD_USER_INPUT: no reason', async () => {
      await refused(Q.raiseDispute, { input: { auditId: audit.moderatedRI, reason: '' } }, 'prac', 'BAD_USER_INPUT', /^reason: must not be empty/);
    });
    it('CONFLICT: before moderation; while another dispute is open', async () => {
      await refused(Q.raiseDispute, { input: { auditId: audit.submitted, reason: 'x' } }, 'prac', 'CONFLICT', /the audit is SUBMITTED: the moderation can be disputed only while it is MODERATED/);
      await refused(Q.raiseDispute, { input: { auditId: audit.moderatedGood, reason: 'again' } }, 'tm', 'CONFLICT', new RegExp(`dispute ${openDispute} about this audit is still open`));
    });
    it('FORBIDDEN: a practitioner not on the case, a team manager of another service, an auditor', async () => {
      await refused(Q.raiseDispute, { input: { auditId: audit.moderatedRI, reason: 'x' } }, 'prac2', 'FORBIDDEN', /only the practitioner, team manager or EH coordinator lead of the case/);
      await refused(Q.raiseDispute, { input: { auditId: audit.moderatedRI, reason: 'x' } }, 'tm-youth', 'FORBIDDEN', /only the practitioner, team manager or EH coordinator lead of the case/);
      await refused(Q.raiseDispute, { input: { auditId: audit.moderatedRI, reason: 'x' } }, 'aud', 'FORBIDDEN', /PRACTITIONER, TEAM_MANAGER/);
    });
    it('NOT_FOUND: an unknown audit', async () => {
      await refused(Q.raiseDispute, { input: { auditId: 'ghost', reason: 'x' } }, 'prac', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('discussModerationDispute and resolveModerationDispute', () => {
    const discuss = (auditId: string, disputeId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, disputeId, resolved: false, note: 'talked it through', ...over } });
    const resolve = (auditId: string, disputeId: string, over: Record<string, unknown> = {}) => ({ input: { auditId, disputeId, grade: 'GOOD', rationale: 'final', ...over } });
    it('BAD_USER_INPUT: no note, no rationale', async () => {
      await refused(Q.discussDispute, discuss(audit.moderatedGood, openDispute, { note: '' }), 'mod', 'BAD_USER_INPUT', /^note: must not be empty/);
      await refused(Q.resolveDispute, resolve(audit.moderatedGood, openDispute, { rationale: ' ' }), 'hos', 'BAD_USER_INPUT', /^rationale: must not be empty/);
    });
    it('CONFLICT: discussing a settled dispute; deciding one not yet discussed, or settled', async () => {
      await refused(Q.discussDispute, discuss(audit.moderatedRI, settledDispute), 'mod', 'CONFLICT', /was already discussed \(SETTLED\)/);
      await refused(Q.resolveDispute, resolve(audit.moderatedGood, openDispute), 'hos', 'CONFLICT', /must first be discussed with the moderator/);
      await refused(Q.resolveDispute, resolve(audit.moderatedRI, settledDispute), 'qa', 'CONFLICT', /is already settled/);
    });
    it('FORBIDDEN: another moderator discussing; a moderator deciding', async () => {
      await refused(Q.discussDispute, discuss(audit.moderatedGood, openDispute), 'mod2', 'FORBIDDEN', /only the allocated moderator may discuss a dispute/);
      await refused(Q.resolveDispute, resolve(audit.moderatedGood, openDispute), 'mod', 'FORBIDDEN', /HEAD_OF_SERVICE, AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown dispute or audit', async () => {
      await refused(Q.discussDispute, discuss(audit.moderatedGood, 'ghost'), 'mod', 'NOT_FOUND', /dispute ghost does not exist/);
      await refused(Q.resolveDispute, resolve(audit.moderatedGood, 'ghost'), 'hos', 'NOT_FOUND', /dispute ghost does not exist/);
      await refused(Q.resolveDispute, resolve('ghost', openDispute), 'hos', 'NOT_FOUND', /audit ghost does not exist/);
    });
  });

  describe('agreeKloes and closeCycle', () => {
    it('BAD_USER_INPUT: no KLOE, an empty one', async () => {
      await refused(Q.agreeKloes, { input: { cycleId: dec, kloes: [] } }, 'qa', 'BAD_USER_INPUT', /^kloes: at least one key line of enquiry/);
      await refused(Q.agreeKloes, { input: { cycleId: dec, kloes: ['Voice of the child', ' '] } }, 'qa', 'BAD_USER_INPUT', /^kloes: a key line of enquiry must not be empty/);
    });
    it('CONFLICT: KLOEs for a closed cycle; closing with audits unfinished, or closing twice', async () => {
      await refused(Q.agreeKloes, { input: { cycleId: nov, kloes: ['Planning'] } }, 'qa', 'CONFLICT', /cycle .* is closed/);
      await refused(Q.closeCycle, { cycleId: dec }, 'qa', 'CONFLICT', /has 2 audit\(s\) not yet moderated or invalidated/);
      await refused(Q.closeCycle, { cycleId: nov }, 'qa', 'CONFLICT', /is already closed/);
    });
    it('FORBIDDEN: not the audit team', async () => {
      await refused(Q.agreeKloes, { input: { cycleId: dec, kloes: ['Planning'] } }, 'aud', 'FORBIDDEN', /AUDIT_TEAM/);
      await refused(Q.closeCycle, { cycleId: dec }, 'hos', 'FORBIDDEN', /AUDIT_TEAM/);
    });
    it('NOT_FOUND: an unknown cycle', async () => {
      await refused(Q.agreeKloes, { input: { cycleId: 'ghost', kloes: ['Planning'] } }, 'qa', 'NOT_FOUND', /cycle ghost does not exist/);
      await refused(Q.closeCycle, { cycleId: 'ghost' }, 'qa', 'NOT_FOUND', /cycle ghost does not exist/);
    });
  });

  describe('grantAuditorExemption', () => {
    const exempt = (over: Record<string, unknown> = {}) => ({ input: { staffId: 'aud2', cycleId: feb, reason: 'Long-term sick leave', ...over } });
    it('exempts an auditor from one cycle: allocation there then refuses them, and the audit team reallocates', async () => {
      const { grantAuditorExemption } = await t.ok(Q.exempt, exempt(), a.as.hos);
      expect(grantAuditorExemption).toEqual({ staffId: 'aud2', cycleId: feb, reason: 'Long-term sick leave', grantedById: 'hos', grantedOn: '2026-12-21' });
      await refused(Q.allocate, { input: allocation(feb, { auditorId: 'aud2', caseRef: 'EH-3001' }) }, 'qa', 'BAD_USER_INPUT', /^auditorId: the auditor is exempted from auditing in this cycle/);
      const febAudit = await allocate(t, a, feb, { caseRef: 'EH-3001' });
      await refused(Q.reallocate, { input: { auditId: febAudit, auditorId: 'aud2', reason: 'balance the load' } }, 'qa', 'BAD_USER_INPUT', /^auditorId: the auditor is exempted/);
      const reallocated = (await t.ok(Q.reallocate, { input: { auditId: febAudit, moderatorId: 'mod2', reason: 'mod on leave' } }, a.as.qa)).reallocateAudit;
      expect(reallocated).toMatchObject({ auditorId: 'aud', moderatorId: 'mod2' });
    });
    it('BAD_USER_INPUT: not an auditor, no reason', async () => {
      await refused(Q.exempt, exempt({ staffId: 'prac' }), 'hos', 'BAD_USER_INPUT', /^staffId: only an auditor can be exempted/);
      await refused(Q.exempt, exempt({ staffId: 'aud', reason: '' }), 'hos', 'BAD_USER_INPUT', /^reason: must not be empty/);
    });
    it('CONFLICT: already exempted, a closed cycle', async () => {
      await refused(Q.exempt, exempt(), 'hos', 'CONFLICT', /is already exempted from cycle/);
      await refused(Q.exempt, exempt({ cycleId: nov }), 'hos', 'CONFLICT', /cycle .* is closed/);
    });
    it('FORBIDDEN: anyone but the head of service', async () => {
      await refused(Q.exempt, exempt({ staffId: 'aud' }), 'qa', 'FORBIDDEN', /HEAD_OF_SERVICE/);
    });
    it('NOT_FOUND: an unknown staff member or cycle', async () => {
      await refused(Q.exempt, exempt({ staffId: 'ghost' }), 'hos', 'NOT_FOUND', /staff member ghost does not exist/);
      await refused(Q.exempt, exempt({ staffId: 'aud', cycleId: 'ghost' }), 'hos', 'NOT_FOUND', /cycle ghost does not exist/);
    });
  });
});
