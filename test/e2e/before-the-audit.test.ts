import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { allocation, expectRefused, moderatedAudit, Q, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Before the audit over GraphQL (docs/rules/people.md, docs/rules/before-the-audit.md): the
 * auditor's training (PPL-2, PPL-3), the KLOE meeting (BEF-1, BEF-2), the approval of the KLOEs
 * (BEF-3) and the gate both put on allocation (BEF-4); and the EH coordinator lead as a role (PPL-1).
 */
describe('before the audit', () => {
  let t: TestApp;
  let a: Authority;
  /** January 2027: scheduled here without the fixture's meeting and approvals. */
  let jan: string;
  const schedule = `mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id kloesApproved kloeMeeting { heldOn } kloeApprovals { role } } }`;
  const cycleQuery = `query($id: ID!) { cycle(id: $id) { id kloes kloesApproved kloeMeeting { heldOn attendeeIds casesDueBy } kloeApprovals { role staffId approvedOn } } }`;

  beforeAll(async () => {
    // Monday 7 December 2026.
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    const { scheduleCycle } = await t.ok(schedule, { input: { name: 'Early Help 2027-01', service: 'Early Help', month: '2027-01', kloes: ['Are closures timely?'] } }, a.as.qa);
    expect(scheduleCycle).toEqual({ id: expect.any(String), kloesApproved: false, kloeMeeting: null, kloeApprovals: [] });
    jan = scheduleCycle.id;
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'aud-new', name: 'Staff aud-new', email: 'aud-new@council.example', teamId: 'youth', roles: ['AUDITOR'] },
    });
    a.as['aud-new'] = await t.login('aud-new');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("the auditor's training (PPL-2, PPL-3)", () => {
    it('refuses to allocate an auditor whose training is not recorded, naming the rule', async () => {
      await expectRefused(t, Q.allocate, { input: allocation(a.cycles['2026-12'], { caseRef: 'EH-BEF-1', auditorId: 'aud-new' }) }, a.as.qa, 'BAD_USER_INPUT', /^auditorId: PPL-3: auditor aud-new has no record of completing the audit team's training/);
    });

    it('refuses a training record from anyone but the audit team, for a non-auditor, a day to come, or twice', async () => {
      const input = { staffId: 'aud-new', completedOn: '2026-12-01' };
      await expectRefused(t, Q.recordAuditorTraining, { input }, a.as.hos, 'FORBIDDEN', /AUDIT_TEAM/);
      await expectRefused(t, Q.recordAuditorTraining, { input: { ...input, staffId: 'prac' } }, a.as.qa, 'BAD_USER_INPUT', /^staffId: PPL-2: prac does not hold the AUDITOR role/);
      await expectRefused(t, Q.recordAuditorTraining, { input: { ...input, staffId: 'ghost' } }, a.as.qa, 'NOT_FOUND', /staff member ghost does not exist/);
      await expectRefused(t, Q.recordAuditorTraining, { input: { ...input, completedOn: '2026-12-08' } }, a.as.qa, 'BAD_USER_INPUT', /^completedOn: must not be in the future/);
      await expectRefused(t, Q.recordAuditorTraining, { input: { ...input, completedOn: '2026-02-30' } }, a.as.qa, 'BAD_USER_INPUT', /completedOn/);
      await expectRefused(t, Q.recordAuditorTraining, { input: { staffId: 'aud', completedOn: '2026-06-30' } }, a.as.qa, 'CONFLICT', /PPL-2: the training aud completed on 2026-06-30 is already recorded/);
    });

    it('records the training, shows it on the staff member, and then allocates them', async () => {
      const { recordAuditorTraining } = await t.ok(Q.recordAuditorTraining, { input: { staffId: 'aud-new', completedOn: '2026-12-01' } }, a.as.qa);
      expect(recordAuditorTraining).toEqual({ id: 'aud-new', auditorTrainingCompletedOn: '2026-12-01' });
      const { staff } = await t.ok(`{ staff { id name email teamId roles auditorTrainingCompletedOn leftOn } }`, {}, a.as.qa);
      const registered = staff.find((s: { id: string }) => s.id === 'aud-new');
      expect(registered.auditorTrainingCompletedOn).toBe('2026-12-01');
      // `me` answers from the row its sign-in check read: the same as the directory says.
      expect((await t.ok(`{ me { id name email teamId roles auditorTrainingCompletedOn leftOn } }`, {}, await t.login('aud-new'))).me).toEqual(registered);
      const { allocateAudit } = await t.ok(Q.allocate, { input: allocation(a.cycles['2026-12'], { caseRef: 'EH-BEF-1', auditorId: 'aud-new' }) }, a.as.qa);
      expect(allocateAudit).toMatchObject({ auditorId: 'aud-new', status: 'ALLOCATED' });
    });
  });

  describe('the KLOE meeting and the approval of the KLOEs (BEF-1 to BEF-4)', () => {
    it('refuses to allocate in a cycle whose KLOEs are not approved, naming who is still to approve', async () => {
      await expectRefused(
        t,
        Q.allocate,
        { input: allocation(jan, { caseRef: 'EH-BEF-2' }) },
        a.as.qa,
        'CONFLICT',
        /^BEF-4: the KLOEs of cycle .* are not approved yet \(still to approve: HEAD_OF_SERVICE, EH_COORDINATOR_LEAD, DIVISIONAL_DIRECTOR\)/,
      );
    });

    it('refuses an approval before the KLOE meeting is recorded', async () => {
      await expectRefused(t, Q.approveKloes, { cycleId: jan }, a.as.hos, 'CONFLICT', /BEF-3: .* approved after the KLOE meeting, which is not recorded yet/);
    });

    it('refuses a KLOE meeting without the head of service or an EH coordinator, in the audit month, to come, or recorded by others', async () => {
      const input = { cycleId: jan, heldOn: '2026-12-04', attendeeIds: ['hos', 'coord', 'qa'] };
      await expectRefused(t, Q.recordKloeMeeting, { input: { ...input, attendeeIds: ['hos', 'qa'] } }, a.as.qa, 'BAD_USER_INPUT', /^attendeeIds: BEF-1: .*missing: EH_COORDINATOR_LEAD$/);
      await expectRefused(t, Q.recordKloeMeeting, { input: { ...input, attendeeIds: ['hos', 'coord', 'ghost'] } }, a.as.qa, 'NOT_FOUND', /staff member ghost/);
      await expectRefused(t, Q.recordKloeMeeting, { input: { ...input, heldOn: '2026-12-09' } }, a.as.qa, 'BAD_USER_INPUT', /^heldOn: must not be in the future/);
      await expectRefused(t, Q.recordKloeMeeting, { input: { ...input, cycleId: a.cycles['2026-12'], heldOn: '2026-12-01' } }, a.as.qa, 'BAD_USER_INPUT', /^heldOn: BEF-1: the KLOE meeting is held before the audit starts/);
      await expectRefused(t, Q.recordKloeMeeting, { input }, a.as.hos, 'FORBIDDEN', /AUDIT_TEAM/);
      await expectRefused(t, Q.recordKloeMeeting, { input: { ...input, cycleId: 'ghost' } }, a.as.qa, 'NOT_FOUND', /cycle ghost does not exist/);
    });

    it('records the meeting, with the cases due a week later, and refuses it twice', async () => {
      const { recordKloeMeeting } = await t.ok(Q.recordKloeMeeting, { input: { cycleId: jan, heldOn: '2026-12-04', attendeeIds: ['hos', 'coord', 'qa'] } }, a.as.qa);
      expect(recordKloeMeeting).toEqual({ id: jan, kloeMeeting: { heldOn: '2026-12-04', attendeeIds: ['hos', 'coord', 'qa'], casesDueBy: '2026-12-11' }, kloesApproved: false });
      await expectRefused(t, Q.recordKloeMeeting, { input: { cycleId: jan, heldOn: '2026-12-04', attendeeIds: ['hos', 'coord'] } }, a.as.qa, 'CONFLICT', /BEF-1: the KLOE meeting of cycle .* is already recorded/);
    });

    it('approval is for the head of service, EH coordinator lead and divisional director only, once each', async () => {
      for (const who of ['qa', 'tm', 'aud', 'board']) await expectRefused(t, Q.approveKloes, { cycleId: jan }, a.as[who], 'FORBIDDEN', /HEAD_OF_SERVICE|EH_COORDINATOR_LEAD|DIVISIONAL_DIRECTOR/);
      const { approveKloes } = await t.ok(Q.approveKloes, { cycleId: jan }, a.as.hos);
      expect(approveKloes).toEqual({ id: jan, kloeApprovals: [{ role: 'HEAD_OF_SERVICE', staffId: 'hos', approvedOn: '2026-12-07' }], kloesApproved: false });
      await expectRefused(t, Q.approveKloes, { cycleId: jan }, a.as.hos, 'CONFLICT', /already approved as HEAD_OF_SERVICE/);
      await expectRefused(t, Q.allocate, { input: allocation(jan, { caseRef: 'EH-BEF-2' }) }, a.as.qa, 'CONFLICT', /still to approve: EH_COORDINATOR_LEAD, DIVISIONAL_DIRECTOR\)/);
    });

    it('a changed KLOE list is approved again; once all three approve, cases are allocated', async () => {
      await t.ok(Q.agreeKloes, { input: { cycleId: jan, kloes: ['Are closures timely?', 'Is the voice of the child heard?'] } }, a.as.qa);
      expect((await t.ok(cycleQuery, { id: jan }, a.as.qa)).cycle.kloeApprovals).toEqual([]);
      for (const who of ['hos', 'coord', 'dd']) await t.ok(Q.approveKloes, { cycleId: jan }, a.as[who]);
      const { cycle } = await t.ok(cycleQuery, { id: jan }, a.as.board);
      expect(cycle).toMatchObject({ kloesApproved: true, kloeApprovals: [{ role: 'HEAD_OF_SERVICE' }, { role: 'EH_COORDINATOR_LEAD' }, { role: 'DIVISIONAL_DIRECTOR' }] });
      const { allocateAudit } = await t.ok(Q.allocate, { input: allocation(jan, { caseRef: 'EH-BEF-2' }) }, a.as.qa);
      expect(allocateAudit).toMatchObject({ cycleId: jan, status: 'ALLOCATED' });
    });
  });

  describe('the EH coordinator lead, a role of its own (PPL-1)', () => {
    it("disputes a moderation of their service's case; a team manager of another team no longer stands in", async () => {
      const auditId = await moderatedAudit(t, a, a.cycles['2026-12'], 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-BEF-3' });
      const input = { auditId, reason: 'The moderation missed the direct work' };
      await expectRefused(t, Q.raiseDispute, { input }, a.as['tm-south'], 'FORBIDDEN', /only the practitioner, team manager or EH coordinator lead of the case/);
      const { raiseModerationDispute } = await t.ok(Q.raiseDispute, { input }, a.as.coord);
      expect(raiseModerationDispute).toMatchObject({ raisedById: 'coord', raisedAs: 'EH_COORDINATOR_LEAD', status: 'OPEN' });
    });

    it('the divisional director reads the 4-month escalations and the board report, not the tracker', async () => {
      await t.ok(`{ improvementEscalations { auditId } }`, {}, a.as.dd);
      await t.ok(`query($id: ID!) { boardReport(cycleId: $id) { cycle { audits } } }`, { id: a.cycles['2026-12'] }, a.as.dd);
      const result = await t.gql(`query($id: ID!) { tracker(cycleId: $id) { auditId } }`, { id: a.cycles['2026-12'] }, a.as.dd);
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
