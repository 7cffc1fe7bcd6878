import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, expectRefused, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Dip samples over GraphQL (000 "Completion of dip samples"): the audit team's quick checks of case
 * records on one theme, the key findings reported to a head of service, and the sign-off.
 *
 * The clock is Monday 21 December 2026.
 */
describe('dip samples over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;
  let closed: string;
  let closures: string;
  let supervision: string;

  const FIELDS = `id cycleId theme themeTitle templateId templateVersion kloe status recordedById recordedOn
    cases { caseRef teamId answers { question answer comment } }
    tally { question text yes no notApplicable partially }
    findings reportedById reportedOn headOfServiceId signedOffById signedOffOn signOffNote`;
  const record = `mutation($input: RecordDipSampleInput!) { recordDipSample(input: $input) { ${FIELDS} } }`;
  const report = `mutation($input: ReportDipSampleFindingsInput!) { reportDipSampleFindings(input: $input) { ${FIELDS} } }`;
  const signOff = `mutation($input: SignOffDipSampleInput!) { signOffDipSample(input: $input) { ${FIELDS} } }`;
  const one = `query($id: ID!) { dipSample(id: $id) { id status } }`;
  const list = `query($cycleId: ID) { dipSamples(cycleId: $cycleId) { id theme } }`;

  const closureCases = [
    { caseRef: 'EH-7001', teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'YES' }, { question: 'CLOSURE_Q2', answer: 'NO', comment: 'Closed while risk open' }] },
    { caseRef: 'EH-7002', teamId: 'south', answers: [{ question: 'CLOSURE_Q1', answer: 'PARTIALLY' }] },
  ];
  const sample = (over: Record<string, unknown> = {}) => ({ input: { cycleId: dec, theme: 'CLOSURE', kloe: 'Timely closures', cases: closureCases, ...over } });

  const refused = (query: string, variables: Record<string, unknown>, who: string, code: string, mentions: RegExp) =>
    expectRefused(t, query, variables, a.as[who], code, mentions);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-11', '2026-12']);
    [closed, dec] = [a.cycles['2026-11'], a.cycles['2026-12']];
    await t.ok(Q.closeCycle, { cycleId: closed }, a.as.qa);
    await t.ok(Q.agreeKloes, { input: { cycleId: dec, kloes: ['Timely closures', 'Voice of the child'] } }, a.as.qa);
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'hos2', name: 'Second Head', email: 'hos2@council.example', roles: ['HEAD_OF_SERVICE'] },
    });
    a.as.hos2 = await t.login('hos2');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('recordDipSample', () => {
    it('records the case records checked on a theme, with a tally per question', async () => {
      const { recordDipSample } = await t.ok(record, sample(), a.as.qa);
      closures = recordDipSample.id;
      expect(recordDipSample).toEqual({
        id: expect.any(String),
        cycleId: dec,
        theme: 'CLOSURE',
        themeTitle: 'Closures',
        templateId: 'dip-sample',
        templateVersion: 1,
        kloe: 'Timely closures',
        status: 'RECORDED',
        recordedById: 'qa',
        recordedOn: '2026-12-21',
        cases: [
          { caseRef: 'EH-7001', teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'YES', comment: null }, { question: 'CLOSURE_Q2', answer: 'NO', comment: 'Closed while risk open' }] },
          { caseRef: 'EH-7002', teamId: 'south', answers: [{ question: 'CLOSURE_Q1', answer: 'PARTIALLY', comment: null }] },
        ],
        tally: [
          { question: 'CLOSURE_Q1', text: 'Is the reason for the closure of the Early Help Assessment clearly evidenced?', yes: 1, no: 0, notApplicable: 0, partially: 1 },
          { question: 'CLOSURE_Q2', text: 'Were thresholds applied appropriately at closure?', yes: 0, no: 1, notApplicable: 0, partially: 0 },
        ],
        findings: [],
        reportedById: null,
        reportedOn: null,
        headOfServiceId: null,
        signedOffById: null,
        signedOffOn: null,
        signOffNote: null,
      });
    });

    it('an auditor may complete one too, and reads only their own', async () => {
      const { recordDipSample } = await t.ok(
        record,
        sample({ theme: 'SUPERVISION', kloe: null, cases: [{ caseRef: 'EH-7003', teamId: 'north', answers: [{ question: 'SUPERVISION_Q1', answer: 'NO' }] }] }),
        a.as.aud,
      );
      supervision = recordDipSample.id;
      expect(recordDipSample).toMatchObject({ theme: 'SUPERVISION', themeTitle: 'Supervision', recordedById: 'aud', status: 'RECORDED' });
      expect((await t.ok(list, { cycleId: dec }, a.as.aud)).dipSamples).toEqual([{ id: supervision, theme: 'SUPERVISION' }]);
      expect((await t.ok(list, { cycleId: dec }, a.as.hos)).dipSamples.map((d: { id: string }) => d.id)).toEqual([supervision, closures]);
      await refused(one, { id: closures }, 'aud', 'FORBIDDEN', /^you may not read this dip sample$/);
      expect((await t.ok(one, { id: 'ghost' }, a.as.qa)).dipSample).toBeNull();
    });

    it('BAD_USER_INPUT naming the field', async () => {
      await refused(record, sample({ theme: 'PROGRESS' }), 'qa', 'BAD_USER_INPUT', /^theme: PROGRESS is the dip audit of one audit \(allocate it with allocateAudit\): use one of CLOSURE, STEP_DOWN, SUPERVISION, DIRECT_WORK$/);
      await refused(record, sample({ kloe: 'Housing' }), 'qa', 'BAD_USER_INPUT', /^kloe: is not one of the cycle's key lines of enquiry \(Timely closures; Voice of the child\)$/);
      await refused(record, sample({ cases: [] }), 'qa', 'BAD_USER_INPUT', /^cases: at least one case record checked is required$/);
      await refused(record, sample({ cases: [{ ...closureCases[0], answers: [{ question: 'STEP_DOWN_Q1', answer: 'YES' }] }] }), 'qa', 'BAD_USER_INPUT', /^cases\[0\]\.answers\[0\]\.question: STEP_DOWN_Q1 is not a question of CLOSURE$/);
      await refused(record, sample({ cases: [{ ...closureCases[0], teamId: 'youth' }] }), 'qa', 'BAD_USER_INPUT', /^cases\[0\]\.teamId: team youth is in Targeted Youth, not in Early Help/);
      await refused(record, sample({ cases: [{ ...closureCases[0], caseRef: ' ' }] }), 'qa', 'BAD_USER_INPUT', /^cases\.0\.caseRef: must not be empty$/);
    });

    it('CONFLICT: a closed cycle; FORBIDDEN: a moderator; NOT_FOUND: an unknown cycle or team', async () => {
      await refused(record, sample({ cycleId: closed, kloe: null }), 'qa', 'CONFLICT', /^cycle .* is closed: no dip sample can be recorded in it$/);
      await refused(record, sample(), 'mod', 'FORBIDDEN', /AUDIT_TEAM, AUDITOR/);
      await refused(record, sample({ cycleId: 'ghost' }), 'qa', 'NOT_FOUND', /^cycle ghost does not exist$/);
      await refused(record, sample({ cases: [{ ...closureCases[0], teamId: 'east' }] }), 'qa', 'NOT_FOUND', /^team east does not exist$/);
    });
  });

  describe('reportDipSampleFindings and signOffDipSample', () => {
    const findings = (over: Record<string, unknown> = {}) => ({ input: { dipSampleId: closures, findings: ['Closure reasons are recorded', 'Risk not reviewed before closure in 1 of 2'], headOfServiceId: 'hos', ...over } });

    it('refuses sign-off before findings are reported', async () => {
      await refused(signOff, { input: { dipSampleId: closures } }, 'hos', 'CONFLICT', /has no findings reported yet: there is nothing to sign off$/);
    });

    it('the audit team reports the key findings to the head of service', async () => {
      await t.ok(report, findings({ findings: ['Draft'] }), a.as.qa);
      const { reportDipSampleFindings } = await t.ok(report, findings(), a.as.qa);
      expect(reportDipSampleFindings).toMatchObject({
        status: 'FINDINGS_REPORTED',
        findings: ['Closure reasons are recorded', 'Risk not reviewed before closure in 1 of 2'],
        reportedById: 'qa',
        reportedOn: '2026-12-21',
        headOfServiceId: 'hos',
      });
    });

    it('refuses reporting: no findings, someone not a head of service, unknown people or dip samples, the wrong role', async () => {
      await refused(report, findings({ findings: [] }), 'qa', 'BAD_USER_INPUT', /^findings: give at least one key finding$/);
      await refused(report, findings({ findings: ['ok', ' '] }), 'qa', 'BAD_USER_INPUT', /^findings\[1\]: must not be empty$/);
      await refused(report, findings({ headOfServiceId: 'tm' }), 'qa', 'BAD_USER_INPUT', /^headOfServiceId: the findings go to a head of service for sign-off$/);
      await refused(report, findings({ headOfServiceId: 'ghost' }), 'qa', 'NOT_FOUND', /^staff member ghost does not exist$/);
      await refused(report, findings({ dipSampleId: 'ghost' }), 'qa', 'NOT_FOUND', /^dip sample ghost does not exist$/);
      await refused(report, findings(), 'aud', 'FORBIDDEN', /AUDIT_TEAM/);
    });

    it('refuses sign-off by another head of service, the audit team, or of an unknown dip sample', async () => {
      await refused(signOff, { input: { dipSampleId: closures } }, 'hos2', 'FORBIDDEN', /^only the head of service the findings were sent to \(hos\) may sign them off$/);
      await refused(signOff, { input: { dipSampleId: closures } }, 'qa', 'FORBIDDEN', /HEAD_OF_SERVICE/);
      await refused(signOff, { input: { dipSampleId: 'ghost' } }, 'hos', 'NOT_FOUND', /^dip sample ghost does not exist$/);
      await refused(signOff, { input: { dipSampleId: closures, note: 'x'.repeat(4001) } }, 'hos', 'BAD_USER_INPUT', /^note: at most 4000 characters$/);
    });

    it('the head of service signs it off; after that the findings stand', async () => {
      const { signOffDipSample } = await t.ok(signOff, { input: { dipSampleId: closures, note: 'Share with the EH coordinators' } }, a.as.hos);
      expect(signOffDipSample).toMatchObject({ status: 'SIGNED_OFF', signedOffById: 'hos', signedOffOn: '2026-12-21', signOffNote: 'Share with the EH coordinators' });
      await refused(signOff, { input: { dipSampleId: closures } }, 'hos', 'CONFLICT', /is already signed off$/);
      await refused(report, findings(), 'qa', 'CONFLICT', /is already signed off: its findings can no longer change$/);
    });

    it('is case-level: closed to a board reader and practitioners', async () => {
      await refused(list, {}, 'board', 'FORBIDDEN', /AUDIT_TEAM/);
      await refused(one, { id: closures }, 'prac', 'FORBIDDEN', /AUDIT_TEAM/);
    });
  });
});
