import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectRefused, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/** BEF-13, BEF-14 over GraphQL: the six-month programme on the cycle and the board report, and month 4's Practice Day. */
describe('the six-month programme', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;
  const RECORD = `mutation($input: RecordPracticeDayInput!) { recordPracticeDay(input: $input) { id programme { practiceDayMonth practiceDayHeldOn } } }`;
  const PROGRAMME = `query($id: ID!) { cycle(id: $id) { programme { auditMonth learningFrom learningTo practiceDayMonth reauditMonth practiceDayHeldOn } } }`;
  const PRACTICE_DAY = `query($id: ID!) { practiceDay(cycleId: $id) { heldOn leadersObservations familyFeedback } }`;
  const input = (over: Record<string, unknown> = {}) => ({
    input: { cycleId: dec, heldOn: '2027-03-10', leadersObservations: ['Warm, curious direct work with the children'], familyFeedback: ['We were listened to'], ...over },
  });

  beforeAll(async () => {
    // Friday 12 March 2027: month 4 of December's programme.
    t = await startTestApp({ APP_CLOCK: '2027-03-12T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    dec = a.cycles['2026-12'];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows every reader the milestones: month 1 audit, months 3–6 learning, Practice Day in month 4, re-audit in month 6', async () => {
    const programme = { auditMonth: '2026-12', learningFrom: '2027-02', learningTo: '2027-05', practiceDayMonth: '2027-03', reauditMonth: '2027-05', practiceDayHeldOn: null };
    expect((await t.ok(PROGRAMME, { id: dec }, a.as.board)).cycle.programme).toEqual(programme);
    const { boardReport } = await t.ok(`query($id: ID!) { boardReport(cycleId: $id) { programme { practiceDayMonth reauditMonth practiceDayHeldOn } } }`, { id: dec }, a.as.board);
    expect(boardReport.programme).toEqual({ practiceDayMonth: '2027-03', reauditMonth: '2027-05', practiceDayHeldOn: null });
  });

  it('refuses a Practice Day outside month 4, still to come, with nothing recorded, or from anyone but the audit team', async () => {
    await expectRefused(t, RECORD, input({ heldOn: '2027-02-26' }), a.as.qa, 'BAD_USER_INPUT', /^heldOn: BEF-14: the Practice Day takes place in month 4 of the programme, 2027-03$/);
    await expectRefused(t, RECORD, input({ heldOn: '2027-03-15' }), a.as.qa, 'BAD_USER_INPUT', /^heldOn: must not be in the future/);
    await expectRefused(t, RECORD, input({ leadersObservations: [], familyFeedback: [] }), a.as.qa, 'BAD_USER_INPUT', /^leadersObservations: BEF-14:/);
    await expectRefused(t, RECORD, input(), a.as.hos, 'FORBIDDEN', /AUDIT_TEAM/);
    await expectRefused(t, RECORD, input({ cycleId: 'ghost' }), a.as.qa, 'NOT_FOUND', /cycle ghost does not exist/);
  });

  it('records it once; the board sees the day, those who run the programme read what was seen and said', async () => {
    expect((await t.ok(RECORD, input(), a.as.qa)).recordPracticeDay.programme).toEqual({ practiceDayMonth: '2027-03', practiceDayHeldOn: '2027-03-10' });
    await expectRefused(t, RECORD, input(), a.as.qa, 'CONFLICT', /BEF-14: the Practice Day of cycle .* is already recorded/);
    const day = { heldOn: '2027-03-10', leadersObservations: ['Warm, curious direct work with the children'], familyFeedback: ['We were listened to'] };
    for (const who of ['qa', 'am', 'hos', 'coord', 'dd']) expect((await t.ok(PRACTICE_DAY, { id: dec }, a.as[who])).practiceDay).toEqual(day);
    for (const who of ['board', 'prac', 'aud']) await expectRefused(t, PRACTICE_DAY, { id: dec }, a.as[who], 'FORBIDDEN', /needs one of the roles/);
    const { boardReport } = await t.ok(`query($id: ID!) { boardReport(cycleId: $id) { programme { practiceDayHeldOn } } }`, { id: dec }, a.as.board);
    expect(boardReport.programme.practiceDayHeldOn).toBe('2027-03-10');
  });
});
