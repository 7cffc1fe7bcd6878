import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import { findTemplate } from '../audits/templates/index.js';
import type { DipSampleEvent } from './events.js';
import { dipSampleDecider, dipSampleThemes, tally, type RecordDipSample, type ReportDipSampleFindings, type SignOffDipSample } from './decider.js';

const calendar = calendarFor('GB-ENG');
const spec = DeciderSpec.for(dipSampleDecider);
const template = findTemplate('dip-sample')!;
const actor = (staffId: string, ...roles: Role[]) => ({ staffId, roles });
const qa = actor('qa', 'AUDIT_TEAM');
const hos = actor('hos', 'HEAD_OF_SERVICE');
const cycle = { id: 'c1', service: 'Early Help', status: 'OPEN' as const, kloes: ['Timely closures', 'Voice of the child'] };
const teams = [
  { id: 'north', service: 'Early Help' },
  { id: 'youth', service: 'Targeted Youth' },
];

const cases = [
  { caseRef: 'EH-1', teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'YES' as const, comment: '  Reason on file ' }, { question: 'CLOSURE_Q2', answer: 'NO' as const }] },
  { caseRef: 'EH-2', teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'PARTIALLY' as const }] },
];

const record = (data: Partial<RecordDipSample['data']> = {}, facts: Partial<RecordDipSample> = {}): RecordDipSample => ({
  type: 'RecordDipSample',
  data: { dipSampleId: 'd1', cycleId: 'c1', theme: 'CLOSURE', kloe: 'Timely closures', cases, ...data },
  cycle,
  template,
  teams,
  actor: qa,
  today: '2026-12-21',
  calendar,
  ...facts,
});
const recorded: DipSampleEvent = {
  type: 'DipSampleRecorded',
  data: {
    dipSampleId: 'd1',
    cycleId: 'c1',
    theme: 'CLOSURE',
    templateId: 'dip-sample',
    templateVersion: 1,
    kloe: 'Timely closures',
    cases: [
      { caseRef: 'EH-1', teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'YES', comment: 'Reason on file' }, { question: 'CLOSURE_Q2', answer: 'NO', comment: null }] },
      { caseRef: 'EH-2', teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'PARTIALLY', comment: null }] },
    ],
    recordedById: 'qa',
    recordedOn: '2026-12-21',
  },
};
const report = (data: Partial<ReportDipSampleFindings['data']> = {}, facts: Partial<ReportDipSampleFindings> = {}): ReportDipSampleFindings => ({
  type: 'ReportDipSampleFindings',
  data: { dipSampleId: 'd1', findings: [' Closure reasons are recorded ', 'Thresholds at closure not evidenced'], headOfServiceId: 'hos', ...data },
  headOfService: { id: 'hos', teamId: null, roles: ['HEAD_OF_SERVICE'] },
  actor: qa,
  today: '2026-12-22',
  calendar,
  ...facts,
});
const reported: DipSampleEvent = {
  type: 'DipSampleFindingsReported',
  data: { dipSampleId: 'd1', findings: ['Closure reasons are recorded', 'Thresholds at closure not evidenced'], headOfServiceId: 'hos', reportedById: 'qa', reportedOn: '2026-12-22' },
};
const signOff = (who = hos, note: string | null = null): SignOffDipSample => ({ type: 'SignOffDipSample', data: { dipSampleId: 'd1', note }, actor: who, today: '2026-12-23', calendar });

describe('RecordDipSample', () => {
  it('records the case records checked on a theme, with each case’s answers', () => {
    spec.given([]).when(record()).then([recorded]);
  });

  it('may be completed by an auditor too (000: "and by other auditor")', () => {
    spec.given([]).when(record({ kloe: null }, { actor: actor('aud', 'AUDITOR') })).thenMatches(([event]) => expect(event.data).toMatchObject({ recordedById: 'aud', kloe: null }));
  });

  it('themes are the template’s ungraded sections; PROGRESS is the dip audit of one audit', () => {
    expect(dipSampleThemes(template)).toEqual(['CLOSURE', 'STEP_DOWN', 'SUPERVISION', 'DIRECT_WORK']);
    spec.given([]).when(record({ theme: 'PROGRESS' })).thenThrows('BAD_USER_INPUT', /^theme: PROGRESS is the dip audit of one audit \(allocate it with allocateAudit\): use one of CLOSURE, STEP_DOWN, SUPERVISION, DIRECT_WORK$/, 'theme');
    spec.given([]).when(record({ theme: 'HOUSING' })).thenThrows('BAD_USER_INPUT', /^theme: HOUSING is not a theme of the dip sample: use one of/, 'theme');
  });

  it('BAD_USER_INPUT naming the field: a KLOE not agreed, no cases, a case twice, another service, no answers, a question of another theme, an answer not offered', () => {
    spec.given([]).when(record({ kloe: 'Housing' })).thenThrows('BAD_USER_INPUT', /^kloe: is not one of the cycle's key lines of enquiry \(Timely closures; Voice of the child\)$/, 'kloe');
    spec.given([]).when(record({ cases: [] })).thenThrows('BAD_USER_INPUT', /^cases: at least one case record checked is required$/, 'cases');
    spec.given([]).when(record({ cases: [cases[0], { ...cases[1], caseRef: 'EH-1' }] })).thenThrows('BAD_USER_INPUT', /^cases\[1\]\.caseRef: case EH-1 is listed more than once$/);
    spec.given([]).when(record({ cases: [{ ...cases[0], teamId: 'youth' }] })).thenThrows('BAD_USER_INPUT', /^cases\[0\]\.teamId: team youth is in Targeted Youth, not in Early Help/);
    spec.given([]).when(record({ cases: [{ ...cases[0], answers: [] }] })).thenThrows('BAD_USER_INPUT', /^cases\[0\]\.answers: answer at least one question of CLOSURE$/);
    spec.given([]).when(record({ cases: [{ ...cases[0], answers: [{ question: 'STEP_DOWN_Q1', answer: 'YES' }] }] })).thenThrows('BAD_USER_INPUT', /^cases\[0\]\.answers\[0\]\.question: STEP_DOWN_Q1 is not a question of CLOSURE$/);
    spec
      .given([])
      .when(record({ cases: [{ ...cases[0], answers: [{ question: 'CLOSURE_Q1', answer: 'YES' }, { question: 'CLOSURE_Q1', answer: 'NO' }] }] }))
      .thenThrows('BAD_USER_INPUT', /^cases\[0\]\.answers\[1\]\.question: CLOSURE_Q1 is answered more than once for case EH-1$/);
    spec.given([]).when(record({ cases: [{ ...cases[0], answers: [{ question: 'CLOSURE_Q1', answer: 'MAYBE' as 'YES' }] }] })).thenThrows('BAD_USER_INPUT', /^cases\[0\]\.answers\[0\]\.answer: question CLOSURE_Q1 takes one of YES, NO, NOT_APPLICABLE, PARTIALLY$/);
  });

  it('NOT_FOUND: an unknown cycle or team; CONFLICT: a closed cycle, recorded twice; FORBIDDEN: other roles', () => {
    spec.given([]).when(record({}, { cycle: null })).thenThrows('NOT_FOUND', /^cycle c1 does not exist$/);
    spec.given([]).when(record({ cases: [{ ...cases[0], teamId: 'east' }] })).thenThrows('NOT_FOUND', /^team east does not exist$/);
    spec.given([]).when(record({}, { cycle: { ...cycle, status: 'CLOSED' } })).thenThrows('CONFLICT', /^cycle c1 is closed: no dip sample can be recorded in it$/);
    spec.given([recorded]).when(record()).thenThrows('CONFLICT', /^dip sample d1 is already recorded$/);
    spec.given([]).when(record({}, { actor: actor('mod', 'MODERATOR') })).thenThrows('FORBIDDEN', /^only AUDIT_TEAM or AUDITOR may record a dip sample$/);
  });

  it('tallies the answers per question across the cases', () => {
    const { cases: checked } = (recorded as Extract<DipSampleEvent, { type: 'DipSampleRecorded' }>).data;
    expect(tally(checked)).toEqual([
      { question: 'CLOSURE_Q1', counts: { YES: 1, NO: 0, NOT_APPLICABLE: 0, PARTIALLY: 1 } },
      { question: 'CLOSURE_Q2', counts: { YES: 0, NO: 1, NOT_APPLICABLE: 0, PARTIALLY: 0 } },
    ]);
  });
});

describe('ReportDipSampleFindings', () => {
  it('the audit team reports the key findings to a head of service', () => {
    spec.given([recorded]).when(report()).then([reported]);
  });

  it('reported again before sign-off: the later findings replace the earlier ones', () => {
    spec.given([recorded, reported]).when(report({ findings: ['Only one finding'] })).thenMatches(([event], state) => {
      expect(event.data).toMatchObject({ findings: ['Only one finding'] });
      expect(state.status).toBe('FINDINGS_REPORTED');
    });
  });

  it('refuses: no findings, an empty one, someone who is not a head of service, an unknown person or dip sample, after sign-off, other roles', () => {
    spec.given([recorded]).when(report({ findings: [] })).thenThrows('BAD_USER_INPUT', /^findings: give at least one key finding$/, 'findings');
    spec.given([recorded]).when(report({ findings: ['ok', ' '] })).thenThrows('BAD_USER_INPUT', /^findings\[1\]: must not be empty$/);
    spec.given([recorded]).when(report({ headOfServiceId: 'tm' }, { headOfService: { id: 'tm', teamId: 'north', roles: ['TEAM_MANAGER'] } })).thenThrows('BAD_USER_INPUT', /^headOfServiceId: the findings go to a head of service for sign-off$/, 'headOfServiceId');
    spec.given([recorded]).when(report({ headOfServiceId: 'ghost' }, { headOfService: null })).thenThrows('NOT_FOUND', /^staff member ghost does not exist$/);
    spec.given([]).when(report()).thenThrows('NOT_FOUND', /^dip sample d1 does not exist$/);
    spec.given([recorded, reported, { type: 'DipSampleSignedOff', data: { dipSampleId: 'd1', signedOffById: 'hos', signedOffOn: '2026-12-23', note: null } }]).when(report()).thenThrows('CONFLICT', /^dip sample d1 is already signed off: its findings can no longer change$/);
    spec.given([recorded]).when(report({}, { actor: actor('aud', 'AUDITOR') })).thenThrows('FORBIDDEN', /^only AUDIT_TEAM may report the findings of a dip sample$/);
  });
});

describe('SignOffDipSample', () => {
  it('the head of service the findings went to signs them off', () => {
    spec
      .given([recorded, reported])
      .when(signOff(hos, ' Share with the EH coordinators '))
      .then([{ type: 'DipSampleSignedOff', data: { dipSampleId: 'd1', signedOffById: 'hos', signedOffOn: '2026-12-23', note: 'Share with the EH coordinators' } }]);
  });

  it('refuses: another head of service, before findings, twice, other roles, an unknown dip sample', () => {
    spec.given([recorded, reported]).when(signOff(actor('hos2', 'HEAD_OF_SERVICE'))).thenThrows('FORBIDDEN', /^only the head of service the findings were sent to \(hos\) may sign them off$/);
    spec.given([recorded]).when(signOff()).thenThrows('CONFLICT', /^dip sample d1 has no findings reported yet: there is nothing to sign off$/);
    const signed: DipSampleEvent = { type: 'DipSampleSignedOff', data: { dipSampleId: 'd1', signedOffById: 'hos', signedOffOn: '2026-12-23', note: null } };
    spec.given([recorded, reported, signed]).when(signOff()).thenThrows('CONFLICT', /^dip sample d1 is already signed off$/);
    spec.given([recorded, reported]).when(signOff(qa)).thenThrows('FORBIDDEN', /^only HEAD_OF_SERVICE may sign off a dip sample$/);
    spec.given([]).when(signOff()).thenThrows('NOT_FOUND', /^dip sample d1 does not exist$/);
  });
});
