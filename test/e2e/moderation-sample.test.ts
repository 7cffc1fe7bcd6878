import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { moderationSample } from '../../src/cycles/moderation-sample.js';
import { Q, allocate, discussed, expectRefused, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * AUD-10 (004 "10% of audits received are moderated each month by the AP team") over GraphQL: the
 * audit team draws a seeded sample of the month's social care audits received; the sampled ones are
 * moderated, the rest complete without moderation; the draw is recorded, and a rebuild of the read
 * models gives the same sample. The clock is Monday 21 December 2026.
 */
describe('the moderation sample of social care audits over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;
  const SC_SECTIONS = ['CONTACT_REFERRAL', 'RECORDING', 'ASSESSMENT', 'PLANNING', 'REVIEWS', 'MANAGEMENT_OVERSIGHT', 'OVERALL'];
  const DRAW = `mutation($input: DrawModerationSampleInput!) { drawModerationSample(input: $input) { sampleId seed percent drawnOn drawnById receivedAuditIds sampledAuditIds } }`;
  const SAMPLES = `query($cycleId: ID!) { moderationSamples(cycleId: $cycleId) { sampleId seed percent receivedAuditIds sampledAuditIds } }`;
  const READ = `query($id: ID!) { audit(id: $id) { status moderationSample initialGrade moderatedGrade currentGrade } }`;
  const received: string[] = [];

  const submittedSocialCare = async (caseRef: string): Promise<string> => {
    const auditId = await allocate(t, a, dec, { caseRef, templateId: 'social-care' });
    await discussed(t, a.as.aud, auditId);
    for (const section of SC_SECTIONS) await t.ok(Q.setGrade, { input: { auditId, section, grade: 'GOOD', rationale: `${section}: evidence on file` } }, a.as.aud);
    await t.ok(Q.submit, { auditId }, a.as.aud);
    return auditId;
  };

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    dec = a.cycles['2026-12'];
    for (let i = 1; i <= 11; i++) received.push(await submittedSocialCare(`SC-${1000 + i}`));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('social care audits are allocated on v3 and wait for the sample: moderating one before the draw is refused', async () => {
    const { audit } = await t.ok(`query($id: ID!) { audit(id: $id) { templateVersion status moderationSample } }`, { id: received[0] });
    expect(audit).toEqual({ templateVersion: 3, status: 'SUBMITTED', moderationSample: null });
    await expectRefused(t, Q.moderate, { input: { auditId: received[0], section: 'OVERALL', grade: 'GOOD', rationale: 'agreed' } }, a.as.mod, 'CONFLICT', /^AUD-10: audit .* is not in the month's moderation sample/);
  });

  it('refuses anyone but the audit team, an empty seed and an unknown cycle, appending nothing', async () => {
    await expectRefused(t, DRAW, { input: { cycleId: dec, seed: 'x' } }, a.as.mod, 'FORBIDDEN', /AUDIT_TEAM/);
    await expectRefused(t, DRAW, { input: { cycleId: dec, seed: ' ' } }, a.as.qa, 'BAD_USER_INPUT', /^seed: must not be empty/);
    await expectRefused(t, DRAW, { input: { cycleId: 'no-such-cycle', seed: 'x' } }, a.as.qa, 'NOT_FOUND', /cycle no-such-cycle does not exist/);
    expect((await t.ok(SAMPLES, { cycleId: dec }, a.as.qa)).moderationSamples).toEqual([]);
  });

  it('draws 10% (rounded up) at random from the seed; the sampled are moderated, the rest complete without moderation', async () => {
    const { drawModerationSample: sample } = await t.ok(DRAW, { input: { cycleId: dec, seed: 'csc-december-2026' } }, a.as.qa);
    expect(sample).toMatchObject({ seed: 'csc-december-2026', percent: 10, drawnOn: '2026-12-21', drawnById: 'qa', receivedAuditIds: [...received].sort() });
    expect(sample.sampledAuditIds).toHaveLength(2);
    expect(sample.sampledAuditIds).toEqual(moderationSample(received, 'csc-december-2026', 10));

    for (const id of received) {
      const { audit } = await t.ok(READ, { id });
      if (sample.sampledAuditIds.includes(id)) expect(audit).toEqual({ status: 'SUBMITTED', moderationSample: 'IN_SAMPLE', initialGrade: 'GOOD', moderatedGrade: null, currentGrade: 'GOOD' });
      else expect(audit).toEqual({ status: 'MODERATED', moderationSample: 'OUTSIDE_SAMPLE', initialGrade: 'GOOD', moderatedGrade: null, currentGrade: 'GOOD' });
    }

    const [chosen] = sample.sampledAuditIds;
    await t.ok(Q.moderate, { input: { auditId: chosen, section: 'OVERALL', grade: 'REQUIRES_IMPROVEMENT', rationale: 'Visits out of timescale' } }, a.as.mod);
    const done = (await t.ok(Q.completeModeration, { auditId: chosen }, a.as.mod)).completeModeration;
    expect(done).toMatchObject({ status: 'MODERATED', moderatedGrade: 'REQUIRES_IMPROVEMENT' });
    const outside = received.find((id) => !sample.sampledAuditIds.includes(id))!;
    await expectRefused(t, Q.moderate, { input: { auditId: outside, section: 'OVERALL', grade: 'GOOD', rationale: 'agreed' } }, a.as.mod, 'CONFLICT', /^the audit is MODERATED/);
  });

  it('a second draw takes only audits received since; with none it is refused and appends nothing', async () => {
    await expectRefused(t, DRAW, { input: { cycleId: dec } }, a.as.qa, 'CONFLICT', /^AUD-10: no audit of cycle .* awaits the moderation sample/);
    const late = await submittedSocialCare('SC-2001');
    const { drawModerationSample: second } = await t.ok(DRAW, { input: { cycleId: dec } }, a.as.qa);
    expect(second).toMatchObject({ receivedAuditIds: [late], sampledAuditIds: [late] });
    expect(second.seed).toMatch(/\S/);
  });

  it('the draws are recorded: a rebuild of the read models gives the same samples and the same audits', async () => {
    const before = (await t.ok(SAMPLES, { cycleId: dec }, a.as.qa)).moderationSamples;
    const audits = await Promise.all(received.map((id) => t.ok(READ, { id })));
    expect(before).toHaveLength(2);
    await t.infra.runner.rebuild(['cycles', 'audits']);
    expect((await t.ok(SAMPLES, { cycleId: dec }, a.as.qa)).moderationSamples).toEqual(before);
    expect(await Promise.all(received.map((id) => t.ok(READ, { id })))).toEqual(audits);
    await expectRefused(t, SAMPLES, { cycleId: dec }, a.as.board, 'FORBIDDEN', /./);
  });

  it('board report: an audit completed without moderation is no agreement; the moderated one is counted', async () => {
    const { boardReport } = await t.ok(`query($cycleId: ID!) { boardReport(cycleId: $cycleId) { cycle { moderation { moderated unchanged downgraded } } } }`, { cycleId: dec }, a.as.qa);
    expect(boardReport.cycle.moderation).toMatchObject({ moderated: 1, unchanged: 0, downgraded: 1 });
  });
});
