import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, allocate, expectRefused, gradeAll, moderatedAudit, setUpAuthority, type Authority, readyToSubmit } from './lifecycle-fixtures.js';

/**
 * Work queues over GraphQL: each person's audits to complete, moderations, UoPP meetings, dip audits and
 * actions, set up on Monday 7 December 2026 and read again on Tuesday 15 December (the service restarted
 * with a later clock) so overdue is judged on the day read.
 */

const ITEMS = `staffId asOf overdue items { kind auditId cycleId caseRef dueOn overdue chair actionId description }`;
const MINE = `query { myWorkQueue { ${ITEMS} } }`;
const THEIRS = `query($staffId: ID!) { workQueue(staffId: $staffId) { ${ITEMS} } }`;

type Item = { kind: string; auditId: string; dueOn: string | null; overdue: boolean; chair: boolean; caseRef: string | null; actionId: string | null; description: string | null };

describe('work queues over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  const id: Record<'allocated' | 'submitted' | 'good' | 'inadequate' | 'returned', string> = {} as never;
  const action: Record<'practitioner' | 'service' | 'outsider', string> = {} as never;
  const mine = async (who: string) => (await t.ok(MINE, {}, a.as[who])).myWorkQueue;
  const brief = (items: Item[]) => items.map((i) => [i.kind, i.auditId, i.dueOn, i.overdue, i.chair]);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t);
    const dec = a.cycles['2026-12'];
    id.allocated = await allocate(t, a, dec, { caseRef: 'EH-A' });
    id.submitted = await allocate(t, a, dec, { caseRef: 'EH-B', auditorId: 'aud2', moderatorId: 'mod2' });
    await gradeAll(t, a.as.aud2, id.submitted, 'REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT');
    await readyToSubmit(t, a.as.aud2, id.submitted, 'REQUIRES_IMPROVEMENT');
    await t.ok(Q.submit, { auditId: id.submitted }, a.as.aud2);
    id.good = await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-C' });
    id.inadequate = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-D', auditorId: 'aud2', moderatorId: 'mod2' });
    id.returned = await allocate(t, a, dec, { caseRef: 'EH-E' });
    await gradeAll(t, a.as.aud, id.returned, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId: id.returned }, a.as.aud);
    await t.ok(Q.returnForRectification, { input: { auditId: id.returned, reason: 'Rationale missing for section 4', rectifyBy: '2026-12-09' } }, a.as.qa);

    const agree = async (ownerId: string, dueOn: string, scope: string, description: string) =>
      (await t.ok(Q.agreeAction, { input: { auditId: id.good, description, ownerId, dueOn, scope } }, a.as.aud)).agreeAction.id;
    action.practitioner = await agree('prac', '2026-12-08', 'CASE', 'Share the plan with the school');
    action.service = await agree('hos', '2026-12-20', 'SERVICE_LEARNING', 'Guidance on plans in school holidays');
    action.outsider = await agree('tm-youth', '2027-01-08', 'SERVICE_LEARNING', 'Share the learning with the youth service');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives each person what is theirs to do, soonest first', async () => {
    expect(brief((await mine('aud')).items)).toEqual([
      ['RECTIFY_AUDIT', id.returned, '2026-12-09', false, false],
      // Good work: the auditor chairs the UoPP meeting, 5 working days after moderation.
      ['HOLD_UOPP', id.good, '2026-12-14', false, true],
      ['COMPLETE_AUDIT', id.allocated, '2026-12-31', false, false],
    ]);
    expect(brief((await mine('mod2')).items)).toEqual([['MODERATE_AUDIT', id.submitted, '2026-12-31', false, false]]);
    // Inadequate work: the audit manager leads the meeting, within 3 working days; the auditor attends.
    expect(brief((await mine('aud2')).items)).toEqual([['HOLD_UOPP', id.inadequate, '2026-12-10', false, false]]);
    expect(brief((await mine('am')).items)).toEqual([['HOLD_UOPP', id.inadequate, '2026-12-10', false, true]]);
    // The audit team: the dip audit 6 weeks after moderation.
    expect(brief((await mine('qa')).items)).toEqual([['DIP_AUDIT', id.inadequate, '2027-01-18', false, false]]);
    expect((await mine('board')).items).toEqual([]);
  });

  it('lists the actions a person owns, with the case reference only where they may read the audit', async () => {
    expect((await mine('prac')).items).toEqual([
      { kind: 'ACTION', auditId: id.good, cycleId: a.cycles['2026-12'], caseRef: 'EH-C', dueOn: '2026-12-08', overdue: false, chair: false, actionId: action.practitioner, description: 'Share the plan with the school' },
    ]);
    expect((await mine('hos')).items.map((i: Item) => [i.actionId, i.caseRef])).toEqual([[action.service, 'EH-C']]);
    // A team manager from another service owns a learning action on a case that is not theirs.
    expect((await mine('tm-youth')).items.map((i: Item) => [i.kind, i.actionId, i.caseRef, i.description])).toEqual([
      ['ACTION', action.outsider, null, 'Share the learning with the youth service'],
    ]);
  });

  it('judges overdue on the day read: a week later, with no new event', async () => {
    const events = await t.eventCount();
    t = await t.restart({ APP_CLOCK: '2026-12-15T10:00:00Z' });
    for (const staffId of Object.keys(a.as)) a.as[staffId] = await t.login(staffId);
    expect(await t.eventCount()).toBe(events);

    const aud = await mine('aud');
    expect(aud.asOf).toBe('2026-12-15');
    expect(aud.overdue).toBe(2);
    expect(brief(aud.items)).toEqual([
      ['RECTIFY_AUDIT', id.returned, '2026-12-09', true, false],
      ['HOLD_UOPP', id.good, '2026-12-14', true, true],
      ['COMPLETE_AUDIT', id.allocated, '2026-12-31', false, false],
    ]);
    expect((await mine('prac')).items.map((i: Item) => i.overdue)).toEqual([true]);
    expect((await mine('am')).overdue).toBe(1);
  });

  it('moves on as the work is done: the meeting held brings the follow-up, the dip audit submitted leaves the audit team', async () => {
    await t.ok(Q.uopp, { input: { auditId: id.inadequate, heldOn: '2026-12-15', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud2'] } }, a.as.am);
    expect((await mine('aud2')).items).toEqual([]);
    // 6 weeks after the first meeting, for the audit manager or the case's team manager to chair.
    expect(brief((await mine('am')).items)).toEqual([['HOLD_FOLLOW_UP_UOPP', id.inadequate, '2027-01-26', false, true]]);
    // The case's team manager also still owes the urgent issues of the Inadequate work, now overdue.
    expect(brief((await mine('tm')).items)).toEqual([
      ['ADDRESS_URGENT_ISSUES', id.inadequate, '2026-12-09', true, false],
      ['HOLD_FOLLOW_UP_UOPP', id.inadequate, '2027-01-26', false, true],
      // The case actions agreed before submission of the work below Good (AUD-4), owned by the team manager.
      ...[id.submitted, id.inadequate].sort().map((auditId) => ['ACTION', auditId, '2027-06-30', false, false]),
    ]);

    // AFT-4: the audit team completes the dip audit; it is not moderated.
    const dip = await allocate(t, a, a.cycles['2027-02'], { caseRef: 'EH-D', templateId: 'dip-sample', reauditOfAuditId: id.inadequate, auditorId: 'qa' });
    expect(brief((await mine('qa')).items)).toEqual([
      ['DIP_AUDIT', id.inadequate, '2027-01-18', false, false],
      ['COMPLETE_AUDIT', dip, '2027-02-26', false, false],
    ]);
    await t.ok(Q.setGrade, { input: { auditId: dip, section: 'PROGRESS', grade: 'REQUIRES_IMPROVEMENT', rationale: 'Actions under way' } }, a.as.qa);
    await t.ok(Q.setGrade, { input: { auditId: dip, section: 'OVERALL', grade: 'REQUIRES_IMPROVEMENT', rationale: 'Some progress' } }, a.as.qa);
    await t.ok(Q.submit, { auditId: dip }, a.as.qa);
    expect((await mine('qa')).items).toEqual([]);
    expect(brief((await mine('mod')).items).map((i) => i[1])).not.toContain(dip);
    // AFT-5: still below Good at the dip audit, the work is referred to the EH coordinator lead of its service.
    expect(brief((await mine('coord')).items)).toContainEqual(['ADDRESS_REFERRED_WORK', id.inadequate, '2026-12-15', false, false]);
    const { audit } = await t.ok(`query($id: ID!) { audit(id: $id) { referredToCoordinatorLeadOn referredByDipAuditId } }`, { id: id.inadequate }, a.as.qa);
    expect(audit).toEqual({ referredToCoordinatorLeadOn: '2026-12-15', referredByDipAuditId: dip });
    // The coordinator lead reads the work referred to them and the dip audit's findings, not the service's other audits.
    const READ = `query($id: ID!) { audit(id: $id) { id caseRef } }`;
    expect((await t.ok(READ, { id: id.inadequate }, a.as.coord)).audit.id).toBe(id.inadequate);
    expect((await t.ok(READ, { id: dip }, a.as.coord)).audit).toEqual({ id: dip, caseRef: 'EH-D' });
    const other = await t.gql(READ, { id: id.submitted }, a.as.coord);
    expect({ code: other.errors?.[0]?.extensions?.code, message: other.errors?.[0]?.message }).toEqual({ code: 'FORBIDDEN', message: 'you may not read this audit' });

    await t.ok(Q.completeAction, { input: { actionId: action.practitioner } }, a.as.prac);
    expect((await mine('prac')).items).toEqual([]);
  });

  it("lets the audit team read anyone's queue, with that person's own roles", async () => {
    const theirs = (await t.ok(THEIRS, { staffId: 'aud' }, a.as.qa)).workQueue;
    expect(theirs).toEqual({ ...(await mine('aud')), staffId: 'aud' });
    expect((await t.ok(THEIRS, { staffId: 'am' }, a.as.qa)).workQueue.items.map((i: Item) => i.kind)).toEqual(['HOLD_FOLLOW_UP_UOPP']);
    expect((await t.ok(THEIRS, { staffId: 'qa' }, a.as.admin)).workQueue.items).toEqual([]);
  });

  it("refuses anyone else reading another's queue, and an unknown staff member", async () => {
    for (const who of ['aud', 'am', 'hos', 'prac', 'board']) {
      await expectRefused(t, THEIRS, { staffId: 'aud' }, a.as[who], 'FORBIDDEN', /needs one of the roles AUDIT_TEAM$/);
    }
    await expectRefused(t, THEIRS, { staffId: 'nobody' }, a.as.qa, 'NOT_FOUND', /^staff member nobody does not exist$/);
    await expectRefused(t, MINE, {}, null, 'UNAUTHENTICATED', /bearer token/);
  });
});
