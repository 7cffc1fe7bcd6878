import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, expectRefused, moderatedAudit, setUpAuthority, toGoodAction, type Authority } from './lifecycle-fixtures.js';

/**
 * Work moderated Requires Improvement on Monday 21 December 2026: its deadlines over Christmas, the
 * UoPP meeting the auditor chairs, and its actions — who sees which, and overdue worked out on the
 * day it is read (the service is restarted a week later on the same database to show it).
 */
describe('actions and Requires Improvement deadlines over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let auditId: string;
  const action: Record<'case' | 'service' | 'team' | 'toGood', string> = {} as never;
  const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t);
    auditId = await moderatedAudit(t, a, a.cycles['2026-12'], 'REQUIRES_IMPROVEMENT');
    // Agreed before submission (AUD-4), owned by the team manager, due last.
    action.toGood = await toGoodAction(t, auditId);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('dates the UoPP 5 working days on, skipping Christmas, Boxing Day’s substitute and the weekend', async () => {
    const { audit } = await t.ok(Q.audit, { id: auditId }, a.as.qa);
    expect(audit).toMatchObject({
      status: 'MODERATED',
      moderatedGrade: 'REQUIRES_IMPROVEMENT',
      reauditRequired: true,
      deadlines: {
        // Submitted Requires Improvement: the last working day of the cycle's month.
        moderationDue: '2026-12-31',
        // 22, 23, 24, 29, 30 December.
        uoppDue: '2026-12-30',
        urgentIssuesDue: null,
        followUpUoppDue: null,
        dipAuditDue: '2027-02-01',
      },
    });
  });

  it('lets the auditor chair the UoPP for RI work and raise the grade; there is no follow-up meeting', async () => {
    const { recordUoPPMeeting } = await t.ok(
      Q.uopp,
      { input: { auditId, heldOn: '2026-12-21', chairId: 'aud', attendeeIds: ['prac', 'tm'], revisedGrade: 'GOOD', rationale: 'Plan reviewed and on track' } },
      a.as.aud,
    );
    expect(recordUoPPMeeting).toMatchObject({ uoppHeld: true, moderatedGrade: 'REQUIRES_IMPROVEMENT', currentGrade: 'GOOD', deadlines: { followUpUoppDue: null } });
    await expectRefused(t, Q.uopp, { input: { auditId, heldOn: '2026-12-21', chairId: 'aud', attendeeIds: ['prac'] } }, a.as.aud, 'CONFLICT', /a follow-up meeting is only for Inadequate work/);
  });

  it('shows learning actions only to the audit team, their owner and the practitioner’s line', async () => {
    const agree = async (description: string, ownerId: string, dueOn: string, scope: string) =>
      (await t.ok(Q.agreeAction, { input: { auditId, description, ownerId, dueOn, scope } }, a.as.am)).agreeAction.id;
    action.case = await agree('Share the reviewed plan with the school', 'prac', '2026-12-22', 'CASE');
    action.service = await agree('Guidance on plans over school holidays', 'hos', '2026-12-23', 'SERVICE_LEARNING');
    action.team = await agree('Peer review of plans in team meeting', 'tm', '2027-01-08', 'TEAM_LEARNING');

    const caseView = async (who: string) => ids((await t.ok(Q.auditActions, { id: auditId }, a.as[who])).audit.actions);
    for (const who of ['prac', 'tm', 'aud', 'mod', 'hos', 'am']) expect({ who, seen: await caseView(who) }).toEqual({ who, seen: [action.case, action.toGood] });
    expect(await caseView('qa')).toEqual([action.case, action.service, action.team, action.toGood]);

    const learning = async (who: string) => ids((await t.ok(Q.learningActions, { auditId }, a.as[who])).learningActions);
    expect(await learning('tm')).toEqual([action.service, action.team]);
    expect(await learning('hos')).toEqual([action.service]);
    expect(await learning('prac')).toEqual([]);
    expect(await learning('prac2')).toEqual([]);
    expect(await learning('board')).toEqual([]);
    expect(await learning('am')).toEqual([]);

    // Someone with no part in the case reads neither the audit nor its actions.
    expect((await t.gql(Q.auditActions, { id: auditId }, a.as.prac2)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(Q.actionTracker, {}, a.as.prac)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(ids((await t.ok(Q.actionTracker, { cycleId: a.cycles['2026-12'] }, a.as.qa)).actionTracker)).toEqual([action.case, action.service, action.team, action.toGood]);
  });

  it('lets an owner in any role complete their own action', async () => {
    const { completeAction } = await t.ok(Q.completeAction, { input: { actionId: action.service, note: 'Guidance issued' } }, a.as.hos);
    expect(completeAction).toMatchObject({ status: 'DONE', closedOn: '2026-12-21', overdue: false });
    expect(ids((await t.ok(Q.myActions, { status: 'DONE' }, a.as.hos)).myActions)).toEqual([action.service]);
  });

  it('works out overdue on the day it is read: a week later the open action past its date is overdue', async () => {
    const today = await t.ok(Q.actionTracker, { overdueOnly: true }, a.as.qa);
    expect(today.actionTracker).toEqual([]);
    const events = await t.eventCount();

    // Tuesday 29 December: no event has happened since, only the date has moved.
    t = await t.restart({ APP_CLOCK: '2026-12-29T09:00:00Z' });
    const qa = await t.login('qa');
    expect(await t.eventCount()).toBe(events);
    const overdue = (await t.ok(Q.auditActions, { id: auditId }, qa)).audit.actions.map((x: { id: string; status: string; overdue: boolean }) => [x.id, x.status, x.overdue]);
    expect(overdue).toEqual([
      [action.case, 'OPEN', true],
      // Done before its date passed: never overdue.
      [action.service, 'DONE', false],
      [action.team, 'OPEN', false],
      [action.toGood, 'OPEN', false],
    ]);
    expect(ids((await t.ok(Q.actionTracker, { overdueOnly: true }, qa)).actionTracker)).toEqual([action.case]);
    expect((await t.ok(Q.myActions, {}, await t.login('prac'))).myActions).toEqual([expect.objectContaining({ id: action.case, overdue: true })]);
    // A due date is judged against the new today as well.
    await expectRefused(
      t,
      Q.agreeAction,
      { input: { auditId, description: 'Too late', ownerId: 'prac', dueOn: '2026-12-28', scope: 'CASE' } },
      await t.login('aud'),
      'BAD_USER_INPUT',
      /^dueOn: must not be in the past \(today is 2026-12-29\)/,
    );
  });
});
