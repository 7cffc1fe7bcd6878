import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, expectRefused, moderatedAudit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * `Audit.uoppMeetings` over GraphQL against PostgreSQL: the record of each UoPP meeting (when, who
 * chaired and attended, the plan it links to, the grades), never its content; a refused meeting
 * records nothing.
 */
describe('the UoPP meetings of an audit over GraphQL', () => {
  let t: TestApp;
  let a: Authority;

  const MEETINGS = `query($id: ID!) { audit(id: $id) { uoppMeetings { meeting heldOn chairId attendeeIds linkedPlan gradeBefore revisedGrade } } }`;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the meeting and its follow-up on Inadequate work, oldest first, to anyone who may read the audit', async () => {
    const auditId = await moderatedAudit(t, a, a.cycles['2026-12'], 'INADEQUATE');
    expect((await t.ok(MEETINGS, { id: auditId }, a.as.prac)).audit.uoppMeetings).toEqual([]);

    // Refused (AFT-3: the original auditor is missing): nothing appended, nothing listed.
    const before = await t.eventCount();
    await expectRefused(t, Q.uopp, { input: { auditId, heldOn: '2026-12-07', chairId: 'am', attendeeIds: ['prac', 'tm'] } }, a.as.am, 'BAD_USER_INPUT', /attendeeIds.*auditor/);
    expect(await t.eventCount()).toBe(before);

    await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-07', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'], linkedPlan: 'TAF' } }, a.as.am);
    await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-07', chairId: 'am', attendeeIds: ['prac', 'tm'], revisedGrade: 'REQUIRES_IMPROVEMENT', rationale: 'Safety plan in place' } }, a.as.am);
    const { audit } = await t.ok(MEETINGS, { id: auditId }, a.as.tm);
    expect(audit.uoppMeetings).toEqual([
      { meeting: 'INITIAL', heldOn: '2026-12-07', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'], linkedPlan: 'TAF', gradeBefore: 'INADEQUATE', revisedGrade: null },
      { meeting: 'FOLLOW_UP', heldOn: '2026-12-07', chairId: 'am', attendeeIds: ['prac', 'tm'], linkedPlan: null, gradeBefore: 'INADEQUATE', revisedGrade: 'REQUIRES_IMPROVEMENT' },
    ]);
  });
});
