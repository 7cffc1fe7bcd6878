import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, allocate, expectRefused, gradeAll, moderatedAudit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * docs/rules/after-the-audit.md and AUD-4, over GraphQL: follow-ups that follow the current grade
 * whoever set it (AFT-1, AFT-2), the UoPP meeting's minimum attendance (AFT-3), and work below Good
 * submitted only with a case action that brings it to Good (AUD-4).
 *
 * The clock is Monday 21 December 2026: work moderated today and lowered by a dispute decision today
 * has its dip audit due on 1 February 2027, urgent issues on 23 December and its UoPP on 24 December.
 */
describe('after the audit over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;

  const AUDIT = `query($id: ID!) { audit(id: $id) { currentGrade reauditRequired deadlines { uoppDue urgentIssuesDue followUpUoppDue dipAuditDue } } }`;
  const ESCALATIONS = `query($cycleId: ID) { improvementEscalations(cycleId: $cycleId) { auditId escalateIfNotImprovedBy } }`;
  const TRACKER = `query($cycleId: ID!) { tracker(cycleId: $cycleId) { auditId reauditRequired } }`;
  const audit = async (id: string) => (await t.ok(AUDIT, { id }, a.as.qa)).audit;
  const escalated = async () => (await t.ok(ESCALATIONS, { cycleId: dec }, a.as.qa)).improvementEscalations.map((e: { auditId: string }) => e.auditId);
  const trackerRow = async (id: string) => (await t.ok(TRACKER, { cycleId: dec }, a.as.qa)).tracker.find((r: { auditId: string }) => r.auditId === id);

  /** A dispute about `auditId` raised by the practitioner, discussed without agreement, decided by the head of service. */
  async function decide(auditId: string, grade: string) {
    const { raiseModerationDispute } = await t.ok(Q.raiseDispute, { input: { auditId, reason: 'The file says otherwise' } }, a.as.prac);
    await t.ok(Q.discussDispute, { input: { auditId, disputeId: raiseModerationDispute.id, resolved: false, note: 'Not settled' } }, a.as.mod);
    await t.ok(Q.resolveDispute, { input: { auditId, disputeId: raiseModerationDispute.id, grade, rationale: 'Decided on the file' } }, a.as.hos);
  }

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    dec = a.cycles['2026-12'];
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('AUD-4: work below Good needs a case action that brings it to Good before submission', () => {
    it('CONFLICT naming the rule, nothing appended; submitted once a case action is agreed', async () => {
      const auditId = await allocate(t, a, dec, { caseRef: 'EH-AFT-1' });
      await gradeAll(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT');
      await expectRefused(t, Q.submit, { auditId }, a.as.aud, 'CONFLICT', /^cannot submit: work graded REQUIRES_IMPROVEMENT needs at least one CASE action that brings it to Good \(003 Actions, rule AUD-4\)/);
      // A learning action is not one.
      await t.ok(Q.agreeAction, { input: { auditId, description: 'Reflective supervision', ownerId: 'prac', dueOn: '2027-01-29', scope: 'PRACTITIONER_LEARNING' } }, a.as.aud);
      await expectRefused(t, Q.submit, { auditId }, a.as.aud, 'CONFLICT', /rule AUD-4/);
      await t.ok(Q.agreeAction, { input: { auditId, description: 'Plan reviewed with the family', ownerId: 'prac', dueOn: '2027-01-29', scope: 'CASE' } }, a.as.aud);
      expect((await t.ok(Q.submit, { auditId }, a.as.aud)).submitAudit.status).toBe('SUBMITTED');
    });
  });

  describe('AFT-1: a dispute decision that lowers the work starts its follow-ups', () => {
    it('Good decided Inadequate: dip audit, re-audit, 4-month escalation, urgent issues and the UoPP timescale', async () => {
      const auditId = await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-AFT-2' });
      expect(await audit(auditId)).toEqual({ currentGrade: 'GOOD', reauditRequired: false, deadlines: { uoppDue: '2026-12-30', urgentIssuesDue: null, followUpUoppDue: null, dipAuditDue: null } });
      expect(await escalated()).not.toContain(auditId);
      await decide(auditId, 'INADEQUATE');
      expect(await audit(auditId)).toEqual({
        currentGrade: 'INADEQUATE',
        reauditRequired: true,
        deadlines: { uoppDue: '2026-12-24', urgentIssuesDue: '2026-12-23', followUpUoppDue: null, dipAuditDue: '2027-02-01' },
      });
      expect(await escalated()).toContain(auditId);
      expect(await trackerRow(auditId)).toEqual({ auditId, reauditRequired: true });
      // The chair follows the grade too: the audit manager leads the meeting on Inadequate work.
      await expectRefused(t, Q.uopp, { input: { auditId, heldOn: '2026-12-21', chairId: 'aud', attendeeIds: ['prac', 'tm', 'aud'] } }, a.as.aud, 'BAD_USER_INPUT', /^chairId: for Inadequate work the audit manager chairs/);
      const { recordUoPPMeeting } = await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-21', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'] } }, a.as.am);
      expect(recordUoPPMeeting.deadlines.followUpUoppDue).toBe('2027-02-01');
    });
  });

  describe('AFT-2: a grade raised to Good ends the follow-ups that no longer apply', () => {
    it('a dispute decision RI to Good: no dip audit, no re-audit, no 4-month escalation', async () => {
      const auditId = await moderatedAudit(t, a, dec, 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-AFT-3' });
      expect(await audit(auditId)).toMatchObject({ reauditRequired: true, deadlines: { dipAuditDue: '2027-02-01' } });
      expect(await escalated()).toContain(auditId);
      const reminders = async () =>
        (await t.infra.dataSource.query(`SELECT kind FROM notify_deadlines WHERE audit_id = $1 ORDER BY kind`, [auditId])).map((r: { kind: string }) => r.kind);
      expect(await reminders()).toEqual(expect.arrayContaining(['DIP_AUDIT_DUE', 'FOUR_MONTH_ESCALATION']));
      await decide(auditId, 'GOOD');
      // Nobody is reminded of a dip audit or an escalation that no longer applies.
      expect(await reminders()).not.toEqual(expect.arrayContaining(['DIP_AUDIT_DUE']));
      expect(await reminders()).not.toEqual(expect.arrayContaining(['FOUR_MONTH_ESCALATION']));
      expect(await audit(auditId)).toEqual({ currentGrade: 'GOOD', reauditRequired: false, deadlines: { uoppDue: '2026-12-30', urgentIssuesDue: null, followUpUoppDue: null, dipAuditDue: null } });
      expect(await escalated()).not.toContain(auditId);
      expect(await trackerRow(auditId)).toEqual({ auditId, reauditRequired: false });
    });

    it('a UoPP meeting that raises Inadequate work to Good ends its urgent issues and follow-up meeting', async () => {
      const auditId = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-AFT-4' });
      const input = { auditId, heldOn: '2026-12-21', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'], revisedGrade: 'GOOD', rationale: 'Every action done' };
      const { recordUoPPMeeting } = await t.ok(Q.uopp, { input }, a.as.am);
      expect(recordUoPPMeeting).toMatchObject({ currentGrade: 'GOOD', reauditRequired: false, deadlines: { urgentIssuesDue: null, followUpUoppDue: null, dipAuditDue: null } });
      await expectRefused(t, Q.uopp, { input: { auditId, heldOn: '2026-12-21', chairId: 'am', attendeeIds: ['prac', 'tm'] } }, a.as.am, 'CONFLICT', /a follow-up meeting is only for Inadequate work/);
    });
  });

  describe('AFT-3: who attends a UoPP meeting at least', () => {
    it('BAD_USER_INPUT naming who is missing, nothing appended; the chair counts as attending', async () => {
      const auditId = await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-AFT-5' });
      await expectRefused(
        t,
        Q.uopp,
        { input: { auditId, heldOn: '2026-12-21', chairId: 'aud', attendeeIds: ['prac'] } },
        a.as.aud,
        'BAD_USER_INPUT',
        /^attendeeIds: a UoPP meeting is attended at least by the team manager, practitioner, auditor \(000 "Who should attend\?", rule AFT-3\): missing the team manager \(tm\)$/,
      );
      expect((await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-21', chairId: 'aud', attendeeIds: ['prac', 'tm'] } }, a.as.aud)).recordUoPPMeeting.uoppHeld).toBe(true);
    });
  });
});
