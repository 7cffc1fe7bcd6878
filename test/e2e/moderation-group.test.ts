import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, allocate, expectRefused, gradeAll, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * AUD-13 (001 "Moderation": "moderated by a group consisting of the Divisional Director, the Heads of
 * Service, Group Managers and Quality Assurance Officers") over GraphQL: the audit team appoints the
 * cycle's moderation group; then any member may moderate its audits. The clock is 21 December 2026.
 */
describe('moderation by a group over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;
  let auditId: string;
  const APPOINT = `mutation($input: AppointModerationGroupInput!) { appointModerationGroup(input: $input) { id moderationGroupIds } }`;
  const moderate = (grade: string) => ({ input: { auditId, section: 'OVERALL', grade, rationale: 'Plan not reviewed since the summer' } });

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    dec = a.cycles['2026-12'];
    auditId = await allocate(t, a, dec, { caseRef: 'EH-GRP-1' });
    await gradeAll(t, a.as.aud, auditId, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId }, a.as.aud);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('without a group only the allocated moderator moderates', async () => {
    await expectRefused(t, Q.moderate, moderate('GOOD'), a.as.hos, 'FORBIDDEN', /^only the allocated moderator may moderate it$/);
    expect((await t.ok(`query($id: ID!) { cycle(id: $id) { moderationGroupIds } }`, { id: dec })).cycle.moderationGroupIds).toEqual([]);
  });

  it('refuses a group of one, someone who does not moderate, anyone but the audit team, appending nothing', async () => {
    await expectRefused(t, APPOINT, { input: { cycleId: dec, memberIds: ['hos'] } }, a.as.qa, 'BAD_USER_INPUT', /^memberIds: AUD-13: a moderation group has at least two members$/);
    await expectRefused(t, APPOINT, { input: { cycleId: dec, memberIds: ['hos', 'prac'] } }, a.as.qa, 'BAD_USER_INPUT', /^memberIds: AUD-13: prac is not one who moderates in the group/);
    await expectRefused(t, APPOINT, { input: { cycleId: dec, memberIds: ['hos', 'dd'] } }, a.as.hos, 'FORBIDDEN', /AUDIT_TEAM/);
  });

  it('with the group appointed, a member moderates and completes; the grade history names them', async () => {
    expect((await t.ok(APPOINT, { input: { cycleId: dec, memberIds: ['dd', 'hos', 'mod2'] } }, a.as.qa)).appointModerationGroup).toEqual({ id: dec, moderationGroupIds: ['dd', 'hos', 'mod2'] });
    await expectRefused(t, Q.moderate, moderate('GOOD'), a.as.am, 'FORBIDDEN', /./);
    await t.ok(Q.moderate, moderate('REQUIRES_IMPROVEMENT'), a.as.hos);
    expect((await t.ok(Q.completeModeration, { auditId }, a.as.dd)).completeModeration).toMatchObject({ status: 'MODERATED', moderatedGrade: 'REQUIRES_IMPROVEMENT' });
    const { audit } = await t.ok(Q.history, { id: auditId }, a.as.qa);
    expect(audit.gradeHistory.filter((h: { source: string }) => h.source === 'MODERATOR')).toEqual([
      { section: 'OVERALL', source: 'MODERATOR', from: 'GOOD', to: 'REQUIRES_IMPROVEMENT', rationale: 'Plan not reviewed since the summer', changedById: 'hos' },
    ]);
  });
});
