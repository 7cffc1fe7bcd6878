import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectRefused, moderatedAudit, Q, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/** REP-8, REP-9 over GraphQL: the EH coordinator lead's weekly progress on Inadequate work, and who reads it. */
describe('weekly progress on Inadequate work', () => {
  let t: TestApp;
  let a: Authority;
  let auditId: string;
  const FIELDS = 'auditId weekOf progress onTrack recordedById recordedOn';
  const RECORD = `mutation($input: RecordInadequateWorkProgressInput!) { recordInadequateWorkProgress(input: $input) { ${FIELDS} } }`;
  const READ = `query($auditId: ID!) { inadequateWorkProgress(auditId: $auditId) { ${FIELDS} } }`;
  const input = (over: Record<string, unknown> = {}) => ({ input: { auditId, progress: 'Safety plan reviewed; attendance improving', onTrack: true, ...over } });

  beforeAll(async () => {
    // Wednesday 23 December 2026.
    t = await startTestApp({ APP_CLOCK: '2026-12-23T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'coord-youth', name: 'Staff coord-youth', email: 'coord-youth@council.example', teamId: 'youth', roles: ['EH_COORDINATOR_LEAD'] },
    });
    a.as['coord-youth'] = await t.login('coord-youth');
    auditId = await moderatedAudit(t, a, a.cycles['2026-12'], 'INADEQUATE', { caseRef: 'EH-PRG-1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a record before the initial UoPP meeting, and on work that is not Inadequate', async () => {
    await expectRefused(t, RECORD, input(), a.as.coord, 'CONFLICT', /REP-8: weekly progress is recorded following the initial UoPP meeting/);
    const ri = await moderatedAudit(t, a, a.cycles['2026-12'], 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-PRG-2' });
    await expectRefused(t, RECORD, input({ auditId: ri }), a.as.coord, 'CONFLICT', /REP-8: weekly progress is recorded on work whose current grade is Inadequate/);
    await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-23', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'] } }, a.as.am);
  });

  it('is recorded by the EH coordinator lead of the case’s service only, with the progress in words', async () => {
    await expectRefused(t, RECORD, input(), a.as['coord-youth'], 'FORBIDDEN', /^REP-8: only the EH coordinator lead of the case's service/);
    for (const who of ['tm', 'am', 'hos', 'qa']) await expectRefused(t, RECORD, input(), a.as[who], 'FORBIDDEN', /EH_COORDINATOR_LEAD/);
    await expectRefused(t, RECORD, input({ progress: ' ' }), a.as.coord, 'BAD_USER_INPUT', /^progress:/);
    await expectRefused(t, RECORD, input({ auditId: 'ghost' }), a.as.coord, 'NOT_FOUND', /audit ghost does not exist/);
  });

  it('records this week’s progress, once a week, and the audit manager, head of service and divisional director read it', async () => {
    const { recordInadequateWorkProgress } = await t.ok(RECORD, input(), a.as.coord);
    const record = { auditId, weekOf: '2026-12-21', progress: 'Safety plan reviewed; attendance improving', onTrack: true, recordedById: 'coord', recordedOn: '2026-12-23' };
    expect(recordInadequateWorkProgress).toEqual([record]);
    await expectRefused(t, RECORD, input({ onTrack: false }), a.as.coord, 'CONFLICT', /REP-8: the progress for the week of 2026-12-21 is already recorded/);
    for (const who of ['am', 'hos', 'dd', 'coord', 'qa']) expect((await t.ok(READ, { auditId }, a.as[who])).inadequateWorkProgress).toEqual([record]);
    for (const who of ['prac', 'tm', 'aud', 'mod', 'board']) await expectRefused(t, READ, { auditId }, a.as[who], 'FORBIDDEN', /needs one of the roles/);
  });
});
