import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import { OVERALL, type Grade, type LocalDate, type Role } from '../shared/domain-types.js';
import type { StaffFact } from '../staff/decider.js';
import { findTemplate } from './templates/index.js';
import { auditDecider, gradedSectionKeys, type AllocateAudit, type AuditCommand, type RecordAnswer, type SetGrade } from './decider.js';
import type { AuditEvent } from './events.js';

// ---------------------------------------------------------------------------------------------
// A case held by the EH Hub, audited by someone from Early Intervention.

const calendar = calendarFor('GB-ENG');
const spec = DeciderSpec.for(auditDecider);
const template = findTemplate('early-help-uop', 1)!;
const GRADED = gradedSectionKeys(template);

const actor = (staffId: string, ...roles: Role[]) => ({ staffId, roles });
const admin = actor('admin', 'AUDIT_TEAM');
const auditorActor = actor('aud', 'AUDITOR');

const staff = (id: string, teamId: string | null, ...roles: Role[]): StaffFact => ({ id, teamId, roles, exemptions: [] });
const practitioner = staff('prac', 'eh-hub', 'PRACTITIONER');
const teamManager = staff('tm', 'eh-hub', 'TEAM_MANAGER');
const auditor = staff('aud', 'ei', 'AUDITOR');
const moderator = staff('mod', 'ei', 'MODERATOR');

function allocate(overrides: Partial<AllocateAudit> = {}, data: Partial<AllocateAudit['data']> = {}): AllocateAudit {
  return {
    type: 'AllocateAudit',
    data: {
      auditId: 'a1',
      cycleId: 'c1',
      caseRef: 'EH-1001',
      teamId: 'eh-hub',
      practitionerId: 'prac',
      teamManagerId: 'tm',
      auditorId: 'aud',
      moderatorId: 'mod',
      ...data,
    },
    cycle: { id: 'c1', month: '2026-12', status: 'OPEN' },
    team: { id: 'eh-hub', service: 'Early Help' },
    practitioner,
    teamManager,
    auditor,
    moderator,
    template,
    actor: admin,
    today: '2026-12-01',
    calendar,
    ...overrides,
  };
}

const allocated: AuditEvent = {
  type: 'AuditAllocated',
  data: {
    auditId: 'a1',
    cycleId: 'c1',
    caseRef: 'EH-1001',
    teamId: 'eh-hub',
    practitionerId: 'prac',
    teamManagerId: 'tm',
    auditorId: 'aud',
    moderatorId: 'mod',
    templateId: 'early-help-uop',
    templateVersion: 1,
    reauditOfAuditId: null,
  },
};

const setGrade = (section: string, grade: Grade, rationale = `Evidence for ${section}`, who = auditorActor, today: LocalDate = '2026-12-10'): SetGrade => ({
  type: 'SetGrade',
  data: { auditId: 'a1', section, grade, rationale },
  template,
  actor: who,
  today,
  calendar,
});

const gradeSet = (section: string, to: Grade, from: Grade | null = null): AuditEvent => ({
  type: 'GradeSet',
  data: { auditId: 'a1', section, from, to, rationale: `Evidence for ${section}`, auditorId: 'aud' },
});

/** Every graded section at `grade`, and OVERALL at `overall`. */
const fullyGraded = (grade: Grade, overall: Grade = grade): AuditEvent[] => [...GRADED.map((s) => gradeSet(s, grade)), gradeSet(OVERALL, overall)];

// ---------------------------------------------------------------------------------------------

describe('AllocateAudit', () => {
  it('allocates the case with the default template and keeps its version', () => {
    spec.given([]).when(allocate()).then([allocated]);
  });

  it('uses the template asked for', () => {
    const socialCare = findTemplate('social-care')!;
    spec
      .given([])
      .when(allocate({ template: socialCare }, { templateId: 'social-care' }))
      .then([{ type: 'AuditAllocated', data: { ...allocated.data, templateId: 'social-care', templateVersion: socialCare.version } }]);
  });

  it('refuses an unknown template, naming it', () => {
    spec.given([]).when(allocate({ template: undefined }, { templateId: 'nope' })).thenThrows('NOT_FOUND', /template nope does not exist/);
    // A template fact that is not the one asked for is as good as none.
    spec.given([]).when(allocate({ template }, { templateId: 'social-care' })).thenThrows('NOT_FOUND', /template social-care/);
  });

  it('refuses an empty case reference', () => {
    spec.given([]).when(allocate({}, { caseRef: '  ' })).thenThrows('BAD_USER_INPUT', /^caseRef: must not be empty/, 'caseRef');
  });

  it.each([
    ['cycle', { cycle: null }, /cycle c1 does not exist/],
    ['team', { team: null }, /team eh-hub does not exist/],
    ['practitioner', { practitioner: null }, /staff member prac does not exist/],
    ['team manager', { teamManager: null }, /staff member tm does not exist/],
    ['auditor', { auditor: null }, /staff member aud does not exist/],
    ['moderator', { moderator: null }, /staff member mod does not exist/],
  ] as const)('refuses an unknown %s', (_what, overrides, message) => {
    spec.given([]).when(allocate(overrides)).thenThrows('NOT_FOUND', message);
  });

  it('refuses a closed cycle', () => {
    spec.given([]).when(allocate({ cycle: { id: 'c1', month: '2026-12', status: 'CLOSED' } })).thenThrows('CONFLICT', /cycle c1 is closed/);
  });

  it('refuses an audit id already allocated', () => {
    spec.given([allocated]).when(allocate()).thenThrows('CONFLICT', /audit a1 is already allocated/);
  });

  describe('independence of the auditor', () => {
    it('refuses the practitioner as auditor', () => {
      const both = staff('prac', 'ei', 'AUDITOR', 'PRACTITIONER');
      spec.given([]).when(allocate({ auditor: both, practitioner: both }, { auditorId: 'prac' })).thenThrows('BAD_USER_INPUT', /^auditorId: .*independent: not the practitioner/, 'auditorId');
    });

    it('refuses the team manager as auditor', () => {
      const both = staff('tm', 'ei', 'AUDITOR', 'TEAM_MANAGER');
      spec.given([]).when(allocate({ auditor: both, teamManager: both }, { auditorId: 'tm' })).thenThrows('BAD_USER_INPUT', /^auditorId: .*not the team manager/, 'auditorId');
    });

    it('refuses a member of the team holding the case', () => {
      spec.given([]).when(allocate({ auditor: staff('aud', 'eh-hub', 'AUDITOR') })).thenThrows('BAD_USER_INPUT', /^auditorId: .*not a member of the team holding the case/, 'auditorId');
    });

    it('accepts an auditor with no team', () => {
      spec.given([]).when(allocate({ auditor: staff('aud', null, 'AUDITOR') })).then([allocated]);
    });

    it('refuses someone without the AUDITOR role', () => {
      spec.given([]).when(allocate({ auditor: staff('aud', 'ei', 'MODERATOR') })).thenThrows('BAD_USER_INPUT', /^auditorId: the auditor must hold the AUDITOR role/, 'auditorId');
    });

    it('refuses an auditor the head of service exempted from this cycle, not from another', () => {
      const exempted = { ...auditor, exemptions: [{ cycleId: 'c1' }] };
      spec.given([]).when(allocate({ auditor: exempted })).thenThrows('BAD_USER_INPUT', /^auditorId: .*exempted/, 'auditorId');
      spec.given([]).when(allocate({ auditor: { ...auditor, exemptions: [{ cycleId: 'c0' }] } })).then([allocated]);
    });
  });

  describe('the moderator', () => {
    it('refuses the auditor as moderator', () => {
      const both = staff('aud', 'ei', 'AUDITOR', 'MODERATOR');
      spec.given([]).when(allocate({ auditor: both, moderator: both }, { moderatorId: 'aud' })).thenThrows('BAD_USER_INPUT', /^moderatorId: the moderator must not be the auditor/, 'moderatorId');
    });

    it('refuses the practitioner or team manager as moderator', () => {
      const tm = staff('tm', 'eh-hub', 'TEAM_MANAGER', 'MODERATOR');
      spec.given([]).when(allocate({ moderator: tm, teamManager: tm }, { moderatorId: 'tm' })).thenThrows('BAD_USER_INPUT', /^moderatorId: .*not the practitioner or team manager/, 'moderatorId');
    });

    it('refuses someone without the MODERATOR role', () => {
      spec.given([]).when(allocate({ moderator: staff('mod', 'ei', 'AUDITOR') })).thenThrows('BAD_USER_INPUT', /^moderatorId: the moderator must hold the MODERATOR role/, 'moderatorId');
    });
  });

  it('is for the audit team only', () => {
    spec.given([]).when(allocate({ actor: actor('aud', 'AUDITOR') })).thenThrows('FORBIDDEN', /only AUDIT_TEAM may allocate audits/);
  });
});

describe('RecordAnswer', () => {
  const answer = (section: string, question: string, value: RecordAnswer['data']['answer'], who = auditorActor): RecordAnswer => ({
    type: 'RecordAnswer',
    data: { auditId: 'a1', section, question, answer: value, comment: '  Timely TAF  ' },
    template,
    actor: who,
    today: '2026-12-10',
    calendar,
  });

  it('records an allowed answer with its trimmed comment', () => {
    spec
      .given([allocated])
      .when(answer('S2_WHY_HELP', 'S2_Q1', 'PARTIALLY'))
      .then([{ type: 'AnswerRecorded', data: { auditId: 'a1', section: 'S2_WHY_HELP', question: 'S2_Q1', answer: 'PARTIALLY', comment: 'Timely TAF' } }]);
  });

  it('refuses a question of another section, or an unknown section', () => {
    spec.given([allocated]).when(answer('S2_WHY_HELP', 'S3_Q1', 'YES')).thenThrows('BAD_USER_INPUT', /^question: S3_Q1 is not a question of section S2_WHY_HELP/, 'question');
    spec.given([allocated]).when(answer('S99', 'S2_Q1', 'YES')).thenThrows('BAD_USER_INPUT', /^section: S99 is not a section of template early-help-uop v1/, 'section');
  });

  it('refuses an answer the question does not allow', () => {
    // Family feedback Q3 is YES / NO / N/A only; Q2 is free text.
    spec.given([allocated]).when(answer('S9_FAMILY_FEEDBACK', 'S9_Q3', 'PARTIALLY')).thenThrows('BAD_USER_INPUT', /^answer: question S9_Q3 takes one of YES, NO, NOT_APPLICABLE/, 'answer');
    spec.given([allocated]).when(answer('S9_FAMILY_FEEDBACK', 'S9_Q2', 'YES')).thenThrows('BAD_USER_INPUT', /^answer: question S9_Q2 takes free text/, 'answer');
  });

  it('is for the allocated auditor only, while the audit is open to them', () => {
    spec.given([allocated]).when(answer('S2_WHY_HELP', 'S2_Q1', 'YES', actor('mod', 'AUDITOR'))).thenThrows('FORBIDDEN', /only the allocated auditor/);
    spec.given([]).when(answer('S2_WHY_HELP', 'S2_Q1', 'YES')).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });
});

describe('SetGrade', () => {
  it('grades a section, carrying no previous grade', () => {
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'GOOD')).then([gradeSet('S4_ASSESSMENT', 'GOOD')]);
  });

  it('regrading carries the previous grade as `from`', () => {
    spec.given([allocated, gradeSet('S4_ASSESSMENT', 'GOOD')]).when(setGrade('S4_ASSESSMENT', 'REQUIRES_IMPROVEMENT')).then([gradeSet('S4_ASSESSMENT', 'REQUIRES_IMPROVEMENT', 'GOOD')]);
  });

  it('grades OVERALL', () => {
    spec.given([allocated]).when(setGrade(OVERALL, 'INADEQUATE')).then([gradeSet(OVERALL, 'INADEQUATE')]);
  });

  it('trims the rationale', () => {
    spec
      .given([allocated])
      .when(setGrade('S4_ASSESSMENT', 'GOOD', '  Analytical and shared with the family \n'))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ rationale: 'Analytical and shared with the family' }));
  });

  it.each(['', '   ', '\n\t'])('refuses the rationale %j', (rationale) => {
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'GOOD', rationale)).thenThrows('BAD_USER_INPUT', /^rationale: must not be empty/, 'rationale');
  });

  it('refuses a section not in the template, and an ungraded section', () => {
    spec.given([allocated]).when(setGrade('S11_NOPE', 'GOOD')).thenThrows('BAD_USER_INPUT', /^section: S11_NOPE is not a section of template early-help-uop v1/, 'section');
    spec.given([allocated]).when(setGrade('S9_FAMILY_FEEDBACK', 'GOOD')).thenThrows('BAD_USER_INPUT', /^section: S9_FAMILY_FEEDBACK is not a graded section/, 'section');
  });

  it('refuses a grade that is not a grade', () => {
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'EXCELLENT' as Grade)).thenThrows('BAD_USER_INPUT', /^grade: must be one of OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE/, 'grade');
  });

  it('is for the allocated auditor only: not the moderator, not the audit team', () => {
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'GOOD', 'x', actor('mod', 'MODERATOR'))).thenThrows('FORBIDDEN', /only the allocated auditor may grade/);
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'GOOD', 'x', admin)).thenThrows('FORBIDDEN', /only the allocated auditor/);
  });

  it('refuses an unknown audit', () => {
    spec.given([]).when(setGrade('S4_ASSESSMENT', 'GOOD')).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });

  it('refuses grading once the audit is submitted', () => {
    const submitted: AuditEvent = { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-12-10', overallGrade: 'GOOD', moderationDue: '2026-12-31' } };
    spec
      .given([allocated, ...fullyGraded('GOOD'), submitted])
      .when(setGrade('S4_ASSESSMENT', 'OUTSTANDING'))
      .thenThrows('CONFLICT', /the audit is SUBMITTED: the auditor can grade only while it is ALLOCATED or RETURNED/);
  });

  it('refuses a template other than the audit’s own version (a handler bug, not a user error)', () => {
    const wrong: AuditCommand = { ...setGrade('S4_ASSESSMENT', 'GOOD'), template: findTemplate('social-care') };
    expect(() => auditDecider.decide(wrong, [allocated].reduce(auditDecider.evolve, auditDecider.initialState()))).toThrow(/early-help-uop v1/);
  });
});
