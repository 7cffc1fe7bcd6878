import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import { OVERALL, type Grade, type LocalDate, type Role } from '../shared/domain-types.js';
import type { StaffFact } from '../shared/facts.js';
import { findTemplate } from './templates/index.js';
import {
  auditDecider,
  gradedSectionKeys,
  overallGradeAdvice,
  type AgreeAction,
  type AllocateAudit,
  type AuditCommand,
  type CompleteAction,
  type CompleteModeration,
  type DiscussDispute,
  type DropAction,
  type EscalateToDivisionalDirector,
  type InvalidateAudit,
  type ModerateGrade,
  type ProgressAction,
  type RaiseDispute,
  type RaiseEscalation,
  type ReallocateAudit,
  type RecordAnswer,
  type RecordFamilyFeedback,
  type RecordNarrative,
  type RecordPractitionerFeedback,
  type RecordUrgentIssuesAddressed,
  type RecordUoPPMeeting,
  type ResolveDispute,
  type ReturnForRectification,
  type SetGrade,
  type SubmitAudit,
} from './decider.js';
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

// Trained (PPL-2) well before any allocation here; allocation-preconditions.test.ts covers an untrained auditor.
const staff = (id: string, teamId: string | null, ...roles: Role[]): StaffFact => ({ id, teamId, roles, exemptions: [], trainedOn: '2026-01-15' });
const practitioner = staff('prac', 'eh-hub', 'PRACTITIONER');
const teamManager = staff('tm', 'eh-hub', 'TEAM_MANAGER');
const auditor = staff('aud', 'ei', 'AUDITOR');
const moderator = staff('mod', 'ei', 'MODERATOR');

/** BEF-3: approved by every post (allocation-preconditions.test.ts covers the rest). */
const APPROVED = (['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'] as const).map((role) => ({ role, staffId: role, approvedOn: '2026-11-20' }));

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
    cycle: { id: 'c1', month: '2026-12', status: 'OPEN', kloeApprovals: APPROVED },
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
    // The template header's case facts, null when nobody stated them and the case has no earlier audit.
    auditedBefore: null,
    previousAuditOn: null,
    ethnicity: null,
    childAge: null,
    monthsOpen: null,
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

/** AUD-4: work graded below Good is submitted with a case action that brings it to Good. */
const caseActionAgreed: AuditEvent = {
  type: 'ActionAgreed',
  data: { auditId: 'a1', actionId: 'act-good', description: 'Safety plan shared with the family', ownerId: 'prac', dueOn: '2027-01-29', scope: 'CASE', onCaseRecord: true, agreedById: 'aud', agreedOn: '2026-12-10' },
};

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

  it('refuses the practitioner named as their own team manager', () => {
    spec.given([]).when(allocate({ teamManager: practitioner }, { teamManagerId: 'prac' })).thenThrows('BAD_USER_INPUT', /^teamManagerId: the team manager must be someone other than the practitioner/, 'teamManagerId');
  });
});

describe('overallGradeAdvice (for the form, before submission)', () => {
  const fold = (events: AuditEvent[]) => events.reduce(auditDecider.evolve, auditDecider.initialState());

  it('suggests from the sections graded so far and flags the overall grade once given', () => {
    expect(overallGradeAdvice(fold([allocated]), template)).toEqual({ suggested: null, inconsistencies: [] });
    const partly = [allocated, gradeSet('S2_WHY_HELP', 'GOOD'), gradeSet('S3_CASE_RECORD', 'INADEQUATE')];
    expect(overallGradeAdvice(fold(partly), template)).toEqual({ suggested: 'INADEQUATE', inconsistencies: [] });
    expect(overallGradeAdvice(fold([...partly, gradeSet(OVERALL, 'GOOD')]), template)).toEqual({
      suggested: 'INADEQUATE',
      // AUD-12: one of two sections Good is no majority, so the majority grade is Inadequate.
      inconsistencies: ['overall GOOD with an INADEQUATE section', 'overall GOOD is more than one grade above INADEQUATE, the grade the majority of sections reach'],
    });
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
    spec
      .given([allocated])
      .when(answer('S9_FAMILY_FEEDBACK', 'S9_Q2', 'YES'))
      .thenThrows('BAD_USER_INPUT', /^answer: question S9_Q2 is free text, not a choice: use recordNarrative to answer it$/, 'answer');
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

// ---------------------------------------------------------------------------------------------
// The rest of the lifecycle

const cycle = { id: 'c1', month: '2026-12', status: 'OPEN' as const };
const moderatorActor = actor('mod', 'MODERATOR');

/** A command as the handler builds it: the context, then the facts the rule needs. */
function cmd<C extends AuditCommand>(type: C['type'], data: C['data'], who: { staffId: string; roles: Role[] }, today: LocalDate, facts: Omit<C, 'type' | 'data' | 'actor' | 'today' | 'calendar'>): C {
  return { type, data, actor: who, today, calendar, ...facts } as unknown as C;
}

/** AUD-12: the rule the suggestion records when all seven sections have the same grade. */
const SAME_GRADE_RULE: Record<Grade, string> = {
  OUTSTANDING: '7 of 7 sections Outstanding: the majority (002 Outcomes)',
  GOOD: '7 of 7 sections Good or better: the majority (002 Outcomes)',
  REQUIRES_IMPROVEMENT: '7 of 7 sections Requires Improvement or better: the majority (002 Outcomes)',
  INADEQUATE: '7 of 7 sections Inadequate, no majority Requires Improvement or better: the majority (002 Outcomes)',
};

const submit = (today: LocalDate = '2026-12-24', who = auditorActor) =>
  cmd<SubmitAudit>('SubmitAudit', { auditId: 'a1' }, who, today, { template, cycle });

const submitted = (overallGrade: Grade, submittedOn: LocalDate = '2026-12-24', moderationDue: LocalDate = '2026-12-31', suggestedGrade: Grade | null = overallGrade): AuditEvent => ({
  type: 'AuditSubmitted',
  data: { auditId: 'a1', submittedOn, overallGrade, moderationDue, suggestedGrade, suggestionRule: suggestedGrade && SAME_GRADE_RULE[suggestedGrade], inconsistencies: [] },
});

const moderate = (section: string, grade: Grade, rationale = 'Agreed after discussion with the auditor', who = moderatorActor) =>
  cmd<ModerateGrade>('ModerateGrade', { auditId: 'a1', section, grade, rationale }, who, '2026-12-29', { template });

const moderationChanged = (section: string, from: Grade | null, to: Grade): AuditEvent => ({
  type: 'ModerationChanged',
  data: { auditId: 'a1', section, from, to, rationale: 'Agreed after discussion with the auditor', moderatorId: 'mod' },
});

const complete = (today: LocalDate = '2026-12-24', who = moderatorActor) => cmd<CompleteModeration>('CompleteModeration', { auditId: 'a1' }, who, today, {});

const completed = (moderatedGrade: Grade, completedOn: LocalDate, initialGrade: Grade, uoppDue: LocalDate, urgentIssuesDue: LocalDate | null = null): AuditEvent => ({
  type: 'ModerationCompleted',
  data: { auditId: 'a1', completedOn, moderatedGrade, initialGrade, uoppDue, urgentIssuesDue, reauditRequired: moderatedGrade === 'REQUIRES_IMPROVEMENT' || moderatedGrade === 'INADEQUATE' },
});

const notification = (reason: 'INADEQUATE_SUBMITTED' | 'INADEQUATE_MODERATED', notifyBy: LocalDate, notifierId: string): AuditEvent => ({
  type: 'NotificationRequired',
  data: {
    auditId: 'a1',
    reason,
    grade: 'INADEQUATE',
    recipients: [
      { role: 'PRACTITIONER', staffId: 'prac' },
      { role: 'TEAM_MANAGER', staffId: 'tm' },
      { role: 'EH_COORDINATOR_LEAD', staffId: null },
      { role: 'AUDIT_MANAGER', staffId: null },
      { role: 'HEAD_OF_SERVICE', staffId: null },
    ],
    notifyBy,
    notifierId,
  },
});

/** An audit graded `grade` throughout, submitted, moderated to `moderated` on 2026-12-30. */
const moderatedAudit = (grade: Grade, moderated: Grade = grade): AuditEvent[] => [
  allocated,
  ...fullyGraded(grade),
  submitted(grade),
  moderationChanged(OVERALL, grade, moderated),
  completed(moderated, '2026-12-30', grade, calendar.addWorkingDays('2026-12-30', moderated === 'INADEQUATE' ? 3 : 5)),
];

describe('SubmitAudit', () => {
  it('submits a fully graded audit: moderation due the last working day of the cycle month', () => {
    spec.given([allocated, ...fullyGraded('GOOD')]).when(submit('2026-12-10')).then([submitted('GOOD', '2026-12-10', '2026-12-31')]);
  });

  it('Inadequate: moderation due 1 working day after submission, across Christmas, and the people to tell at once', () => {
    spec
      .given([allocated, ...fullyGraded('INADEQUATE'), caseActionAgreed])
      .when(submit('2026-12-24'))
      .then([submitted('INADEQUATE', '2026-12-24', '2026-12-29'), notification('INADEQUATE_SUBMITTED', '2026-12-24', 'aud')]);
  });

  it('records the suggested grade and flags an inconsistent overall grade for QA, without refusing it', () => {
    const events = [allocated, ...GRADED.map((s, i) => gradeSet(s, i === 0 ? 'INADEQUATE' : 'GOOD')), gradeSet(OVERALL, 'GOOD')];
    spec
      .given(events)
      .when(submit('2026-12-10'))
      .then([
        {
          type: 'AuditSubmitted',
          data: {
            auditId: 'a1',
            submittedOn: '2026-12-10',
            overallGrade: 'GOOD',
            moderationDue: '2026-12-31',
            suggestedGrade: 'REQUIRES_IMPROVEMENT',
            suggestionRule: '6 of 7 sections Good or better, but 1 Inadequate: at most Requires Improvement; Inadequate overall if it is a key area (002 Outcomes, 004)',
            inconsistencies: ['overall GOOD with an INADEQUATE section'],
          },
        },
      ]);
  });

  it('requires the overall grade', () => {
    spec.given([allocated, ...GRADED.map((s) => gradeSet(s, 'GOOD'))]).when(submit()).thenThrows('CONFLICT', /cannot submit: the OVERALL grade is required/);
  });

  it('requires every graded section to be graded, naming the missing ones', () => {
    const [first, second, ...rest] = GRADED;
    spec
      .given([allocated, ...rest.map((s) => gradeSet(s, 'GOOD')), gradeSet(OVERALL, 'GOOD')])
      .when(submit())
      .thenThrows('CONFLICT', new RegExp(`every graded section needs a grade; not graded: ${first}, ${second}$`));
  });

  it('is for the allocated auditor only, and only once', () => {
    spec.given([allocated, ...fullyGraded('GOOD')]).when(submit('2026-12-10', admin)).thenThrows('FORBIDDEN', /only the allocated auditor may submit/);
    spec.given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]).when(submit()).thenThrows('CONFLICT', /the audit is SUBMITTED: the audit can be submitted only while it is ALLOCATED or RETURNED/);
  });

  it('refuses when the cycle cannot be found', () => {
    spec.given([allocated, ...fullyGraded('GOOD')]).when({ ...submit(), cycle: null }).thenThrows('NOT_FOUND', /cycle c1 does not exist/);
  });
});

describe('ReturnForRectification and resubmission', () => {
  const returnIt = (rectifyBy: LocalDate, reason = 'Grading inconsistent with the findings; KLOE on step-down not addressed', who = admin) =>
    cmd<ReturnForRectification>('ReturnForRectification', { auditId: 'a1', reason, rectifyBy }, who, '2026-12-11', {});
  const returned: AuditEvent = {
    type: 'AuditReturnedForRectification',
    data: { auditId: 'a1', returnedById: 'admin', returnedOn: '2026-12-11', reason: 'Grading inconsistent with the findings; KLOE on step-down not addressed', rectifyBy: '2026-12-18' },
  };
  const base = [allocated, ...fullyGraded('GOOD'), submitted('GOOD', '2026-12-10')];

  it('the audit team returns a submitted audit with a date to put it right', () => {
    spec.given(base).when(returnIt('2026-12-18')).then([returned]);
  });

  it('accepts today as the rectification date, refuses yesterday', () => {
    spec.given(base).when(returnIt('2026-12-11')).thenMatches(([e]) => expect(e.type).toBe('AuditReturnedForRectification'));
    spec.given(base).when(returnIt('2026-12-10')).thenThrows('BAD_USER_INPUT', /^rectifyBy: must not be in the past \(today is 2026-12-11\)/, 'rectifyBy');
    spec.given(base).when(returnIt('18/12/2026')).thenThrows('BAD_USER_INPUT', /^rectifyBy: must be a date written YYYY-MM-DD/, 'rectifyBy');
  });

  it('requires a reason, the audit team, and a submitted audit', () => {
    spec.given(base).when(returnIt('2026-12-18', ' ')).thenThrows('BAD_USER_INPUT', /^reason: must not be empty/, 'reason');
    spec.given(base).when(returnIt('2026-12-18', 'x', moderatorActor)).thenThrows('FORBIDDEN', /only AUDIT_TEAM may return an audit for rectification/);
    spec.given([allocated]).when(returnIt('2026-12-18')).thenThrows('CONFLICT', /the audit is ALLOCATED: the audit can be returned for rectification only while it is SUBMITTED/);
  });

  it('a returned audit is graded again and resubmitted; moderation started before the return starts again', () => {
    const given = [...base, moderationChanged('S4_ASSESSMENT', 'GOOD', 'REQUIRES_IMPROVEMENT'), returned];
    spec.given(given).when(setGrade('S4_ASSESSMENT', 'REQUIRES_IMPROVEMENT')).then([gradeSet('S4_ASSESSMENT', 'REQUIRES_IMPROVEMENT', 'GOOD')]);
    spec
      .given(given)
      .when(submit('2026-12-17'))
      .thenMatches(([event], state) => {
        expect(event).toEqual(submitted('GOOD', '2026-12-17', '2026-12-31'));
        expect(state.status).toBe('SUBMITTED');
        expect(state.moderatorGrades).toEqual({});
      });
  });
});

describe('InvalidateAudit', () => {
  const invalidate = (reason = 'Audit completed without contacting the practitioner', who = admin) =>
    cmd<InvalidateAudit>('InvalidateAudit', { auditId: 'a1', reason }, who, '2026-12-11', {});

  it('the audit team invalidates an audit with a reason', () => {
    spec
      .given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')])
      .when(invalidate())
      .then([{ type: 'AuditInvalidated', data: { auditId: 'a1', invalidatedById: 'admin', invalidatedOn: '2026-12-11', reason: 'Audit completed without contacting the practitioner' } }]);
  });

  it('refuses without a reason, for anyone else, twice, and after moderation', () => {
    spec.given([allocated]).when(invalidate('')).thenThrows('BAD_USER_INPUT', /^reason: must not be empty/, 'reason');
    spec.given([allocated]).when(invalidate('x', moderatorActor)).thenThrows('FORBIDDEN', /only AUDIT_TEAM may invalidate an audit/);
    spec.given([allocated, { type: 'AuditInvalidated', data: { auditId: 'a1', invalidatedById: 'admin', invalidatedOn: '2026-12-11', reason: 'x' } }]).when(invalidate()).thenThrows('CONFLICT', /the audit is INVALIDATED/);
    spec.given(moderatedAudit('GOOD')).when(invalidate()).thenThrows('CONFLICT', /the audit is MODERATED: the audit can be invalidated only while/);
  });

  it('an invalidated audit can no longer be graded', () => {
    spec
      .given([allocated, { type: 'AuditInvalidated', data: { auditId: 'a1', invalidatedById: 'admin', invalidatedOn: '2026-12-11', reason: 'x' } }])
      .when(setGrade('S4_ASSESSMENT', 'GOOD'))
      .thenThrows('CONFLICT', /the audit is INVALIDATED/);
  });
});

describe('ReallocateAudit', () => {
  const reallocate = (auditorId: string, moderatorId: string, facts: { auditor: StaffFact | null; moderator: StaffFact | null }) =>
    cmd<ReallocateAudit>('ReallocateAudit', { auditId: 'a1', auditorId, moderatorId, reason: 'Auditor exempted by the head of service' }, admin, '2026-12-03', facts);
  const newAuditor = staff('aud2', 'btc', 'AUDITOR');

  it('gives the audit a new auditor, who then grades it, and the old one may not', () => {
    const event: AuditEvent = {
      type: 'AuditReallocated',
      data: { auditId: 'a1', fromAuditorId: 'aud', auditorId: 'aud2', fromModeratorId: 'mod', moderatorId: 'mod', reason: 'Auditor exempted by the head of service', reallocatedById: 'admin' },
    };
    spec.given([allocated]).when(reallocate('aud2', 'mod', { auditor: newAuditor, moderator })).then([event]);
    spec.given([allocated, event]).when(setGrade('S4_ASSESSMENT', 'GOOD')).thenThrows('FORBIDDEN', /only the allocated auditor/);
    spec
      .given([allocated, event])
      .when(setGrade('S4_ASSESSMENT', 'GOOD', 'Evidence for S4_ASSESSMENT', actor('aud2', 'AUDITOR')))
      .then([{ type: 'GradeSet', data: { auditId: 'a1', section: 'S4_ASSESSMENT', from: null, to: 'GOOD', rationale: 'Evidence for S4_ASSESSMENT', auditorId: 'aud2' } }]);
  });

  it('applies the same independence rules', () => {
    spec.given([allocated]).when(reallocate('aud2', 'mod', { auditor: staff('aud2', 'eh-hub', 'AUDITOR'), moderator })).thenThrows('BAD_USER_INPUT', /^auditorId: .*team holding the case/, 'auditorId');
    spec.given([allocated]).when(reallocate('aud', 'aud', { auditor, moderator: staff('aud', 'ei', 'AUDITOR', 'MODERATOR') })).thenThrows('BAD_USER_INPUT', /^moderatorId: the moderator must not be the auditor/, 'moderatorId');
  });

  it('refuses a change of auditor after submission, but not of moderator', () => {
    const given = [allocated, ...fullyGraded('GOOD'), submitted('GOOD')];
    spec.given(given).when(reallocate('aud2', 'mod', { auditor: newAuditor, moderator })).thenThrows('CONFLICT', /the auditor can be changed only while it is ALLOCATED or RETURNED/);
    spec.given(given).when(reallocate('aud', 'mod2', { auditor, moderator: staff('mod2', null, 'MODERATOR') })).thenMatches(([e]) => expect(e.data).toMatchObject({ moderatorId: 'mod2', fromModeratorId: 'mod' }));
  });

  it('refuses nothing to change, and unknown staff', () => {
    spec.given([allocated]).when(reallocate('aud', 'mod', { auditor, moderator })).thenThrows('BAD_USER_INPUT', /^auditorId: names the current auditor and moderator/);
    spec.given([allocated]).when(reallocate('ghost', 'mod', { auditor: null, moderator })).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
  });
});

describe('ModerateGrade', () => {
  const given = [allocated, ...fullyGraded('GOOD'), submitted('GOOD')];

  it('the moderator agrees a grade: to equals from', () => {
    spec.given(given).when(moderate(OVERALL, 'GOOD')).then([moderationChanged(OVERALL, 'GOOD', 'GOOD')]);
  });

  it('the moderator changes a section grade, from the auditor’s grade, then from their own', () => {
    spec.given(given).when(moderate('S6_DIRECT_WORK', 'REQUIRES_IMPROVEMENT')).then([moderationChanged('S6_DIRECT_WORK', 'GOOD', 'REQUIRES_IMPROVEMENT')]);
    spec
      .given([...given, moderationChanged('S6_DIRECT_WORK', 'GOOD', 'REQUIRES_IMPROVEMENT')])
      .when(moderate('S6_DIRECT_WORK', 'INADEQUATE'))
      .then([moderationChanged('S6_DIRECT_WORK', 'REQUIRES_IMPROVEMENT', 'INADEQUATE')]);
  });

  it('always with a rationale', () => {
    spec.given(given).when(moderate(OVERALL, 'GOOD', '  ')).thenThrows('BAD_USER_INPUT', /^rationale: must not be empty/, 'rationale');
  });

  it('only graded sections or OVERALL', () => {
    spec.given(given).when(moderate('BESPOKE', 'GOOD')).thenThrows('BAD_USER_INPUT', /^section: BESPOKE is not a graded section/, 'section');
    spec.given(given).when(moderate('NOPE', 'GOOD')).thenThrows('BAD_USER_INPUT', /^section: NOPE is not a section/, 'section');
  });

  it('only the allocated moderator: not the auditor, not another moderator', () => {
    spec.given(given).when(moderate(OVERALL, 'GOOD', 'x', auditorActor)).thenThrows('FORBIDDEN', /only the allocated moderator may moderate/);
    spec.given(given).when(moderate(OVERALL, 'GOOD', 'x', actor('mod2', 'MODERATOR'))).thenThrows('FORBIDDEN', /only the allocated moderator/);
  });

  it('only once submitted, and not after moderation is complete', () => {
    spec.given([allocated, ...fullyGraded('GOOD')]).when(moderate(OVERALL, 'GOOD')).thenThrows('CONFLICT', /the audit is ALLOCATED: the audit can be moderated only while it is SUBMITTED/);
    spec.given(moderatedAudit('GOOD')).when(moderate(OVERALL, 'GOOD')).thenThrows('CONFLICT', /the audit is MODERATED/);
  });
});

describe('CompleteModeration', () => {
  const base = (grade: Grade) => [allocated, ...fullyGraded(grade), submitted(grade)];

  it('Good: UoPP within 5 working days, across the New Year bank holiday; no re-audit', () => {
    spec
      .given([...base('GOOD'), moderationChanged(OVERALL, 'GOOD', 'GOOD')])
      .when(complete('2026-12-24'))
      .then([completed('GOOD', '2026-12-24', 'GOOD', '2027-01-05')]);
  });

  it('moderated down to RI: UoPP in 5 working days and a dip audit 6 weeks after moderation', () => {
    spec
      .given([...base('GOOD'), moderationChanged(OVERALL, 'GOOD', 'REQUIRES_IMPROVEMENT')])
      .when(complete('2026-12-30'))
      .then([
        completed('REQUIRES_IMPROVEMENT', '2026-12-30', 'GOOD', '2027-01-07'),
        { type: 'ReauditDue', data: { auditId: 'a1', dueOn: '2027-02-10', moderatedGrade: 'REQUIRES_IMPROVEMENT', kind: 'DIP_AUDIT', escalateIfNotImprovedBy: '2027-04-30' } },
      ]);
  });

  it('Inadequate (already notified on submission): UoPP in 3 working days, urgent issues in 2, dip audit', () => {
    // Moderated on Thu 2 April 2026: Good Friday and Easter Monday do not count.
    spec
      .given([...base('INADEQUATE'), notification('INADEQUATE_SUBMITTED', '2026-12-24', 'aud'), moderationChanged(OVERALL, 'INADEQUATE', 'INADEQUATE')])
      .when(complete('2026-04-02'))
      .then([
        completed('INADEQUATE', '2026-04-02', 'INADEQUATE', '2026-04-09', '2026-04-08'),
        { type: 'ReauditDue', data: { auditId: 'a1', dueOn: '2026-05-14', moderatedGrade: 'INADEQUATE', kind: 'DIP_AUDIT', escalateIfNotImprovedBy: '2026-08-02' } },
      ]);
  });

  it('moderated down to Inadequate: the people to tell are notified now, by the moderator', () => {
    spec
      .given([...base('REQUIRES_IMPROVEMENT'), moderationChanged(OVERALL, 'REQUIRES_IMPROVEMENT', 'INADEQUATE')])
      .when(complete('2026-12-24'))
      .thenMatches((events) => {
        expect(events.map((e) => e.type)).toEqual(['ModerationCompleted', 'ReauditDue', 'NotificationRequired']);
        expect(events[2]).toEqual(notification('INADEQUATE_MODERATED', '2026-12-24', 'mod'));
      });
  });

  it('requires the overall grade to be moderated', () => {
    spec
      .given([...base('GOOD'), moderationChanged('S4_ASSESSMENT', 'GOOD', 'GOOD')])
      .when(complete())
      .thenThrows('CONFLICT', /moderation is not complete: the OVERALL grade has not been moderated/);
  });

  it('only the allocated moderator, only while submitted', () => {
    spec.given([...base('GOOD'), moderationChanged(OVERALL, 'GOOD', 'GOOD')]).when(complete('2026-12-24', admin)).thenThrows('FORBIDDEN', /only the allocated moderator may complete moderation/);
    spec.given(moderatedAudit('GOOD')).when(complete()).thenThrows('CONFLICT', /the audit is MODERATED: moderation can be completed only while it is SUBMITTED/);
  });

  it('folds the deadlines into the state', () => {
    spec
      .given([...base('GOOD'), moderationChanged(OVERALL, 'GOOD', 'INADEQUATE')])
      .when(complete('2026-04-02'))
      .thenMatches((_events, state) => {
        expect(state).toMatchObject({
          status: 'MODERATED',
          initialGrade: 'GOOD',
          moderatedGrade: 'INADEQUATE',
          currentGrade: 'INADEQUATE',
          uoppDue: '2026-04-09',
          urgentIssuesDue: '2026-04-08',
          dipAuditDue: '2026-05-14',
          reauditRequired: true,
          inadequateNotified: true,
        });
      });
  });
});

describe('RecordUoPPMeeting', () => {
  const auditManager = staff('am', null, 'AUDIT_MANAGER');
  const attendees = [practitioner, teamManager, auditor];
  const uopp = (data: Partial<RecordUoPPMeeting['data']> = {}, facts: Partial<Pick<RecordUoPPMeeting, 'chair' | 'attendees'>> = {}, who = auditorActor, today: LocalDate = '2027-01-06') =>
    cmd<RecordUoPPMeeting>('RecordUoPPMeeting', { auditId: 'a1', heldOn: '2027-01-05', chairId: 'aud', attendeeIds: ['prac', 'tm', 'aud'], ...data }, who, today, {
      chair: auditor,
      attendees,
      ...facts,
    });
  const held = (data: Partial<Extract<AuditEvent, { type: 'UoPPHeld' }>['data']> = {}): AuditEvent => ({
    type: 'UoPPHeld',
    data: {
      auditId: 'a1',
      heldOn: '2027-01-05',
      chairId: 'aud',
      attendeeIds: ['prac', 'tm', 'aud'],
      from: 'GOOD',
      revisedGrade: null,
      rationale: null,
      meeting: 'INITIAL',
      linkedPlan: null,
      followUpDue: null,
      ...data,
    },
  });

  it('records that a meeting chaired by the auditor took place, linked to the family’s TAF plan', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ linkedPlan: 'TAF' })).then([held({ linkedPlan: 'TAF' })]);
  });

  it('may raise the grade, with a rationale', () => {
    spec
      .given(moderatedAudit('REQUIRES_IMPROVEMENT'))
      .when(uopp({ revisedGrade: 'GOOD', rationale: ' Actions completed; supervision now monthly ' }))
      .thenMatches(([event], state) => {
        expect(event).toEqual(held({ from: 'REQUIRES_IMPROVEMENT', revisedGrade: 'GOOD', rationale: 'Actions completed; supervision now monthly' }));
        expect(state.currentGrade).toBe('GOOD');
        expect(state.moderatedGrade).toBe('REQUIRES_IMPROVEMENT');
      });
  });

  it('never lowers the grade, nor "raises" it to the same grade', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ revisedGrade: 'REQUIRES_IMPROVEMENT', rationale: 'x' })).thenThrows('BAD_USER_INPUT', /^revisedGrade: a UoPP meeting may raise the grade, never lower it/, 'revisedGrade');
    spec.given(moderatedAudit('GOOD')).when(uopp({ revisedGrade: 'GOOD', rationale: 'x' })).thenThrows('BAD_USER_INPUT', /^revisedGrade: .*must be above the current GOOD/, 'revisedGrade');
  });

  it('requires a rationale when revising', () => {
    spec.given(moderatedAudit('REQUIRES_IMPROVEMENT')).when(uopp({ revisedGrade: 'GOOD', rationale: '  ' })).thenThrows('BAD_USER_INPUT', /^rationale: is required when the UoPP meeting revises the grade/, 'rationale');
  });

  it('heldOn: not in the future, not before moderation', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ heldOn: '2027-01-07' })).thenThrows('BAD_USER_INPUT', /^heldOn: must not be in the future \(today is 2027-01-06\)/, 'heldOn');
    spec.given(moderatedAudit('GOOD')).when(uopp({ heldOn: '2026-12-29' })).thenThrows('BAD_USER_INPUT', /^heldOn: must not be before moderation was completed on 2026-12-30/, 'heldOn');
    spec.given(moderatedAudit('GOOD')).when(uopp({ heldOn: '2027-1-5' })).thenThrows('BAD_USER_INPUT', /^heldOn: must be a date/, 'heldOn');
  });

  it('RI and above: the auditor chairs, not the audit manager', () => {
    spec
      .given(moderatedAudit('REQUIRES_IMPROVEMENT'))
      .when(uopp({ chairId: 'am' }, { chair: auditManager }, actor('am', 'AUDIT_MANAGER')))
      .thenThrows('BAD_USER_INPUT', /^chairId: for work graded Requires Improvement and above the auditor chairs/, 'chairId');
  });

  it('Inadequate: the audit manager chairs; a follow-up 6 weeks after the first meeting', () => {
    const given = moderatedAudit('REQUIRES_IMPROVEMENT', 'INADEQUATE');
    spec.given(given).when(uopp({ heldOn: '2027-01-05' })).thenThrows('BAD_USER_INPUT', /^chairId: for Inadequate work the audit manager chairs/, 'chairId');
    const first = held({ chairId: 'am', from: 'INADEQUATE', followUpDue: '2027-02-16' });
    spec
      .given(given)
      .when(uopp({ chairId: 'am' }, { chair: auditManager }, actor('am', 'AUDIT_MANAGER')))
      .thenMatches(([event], state) => {
        expect(event).toEqual(first);
        expect(state.followUpUoppDue).toBe('2027-02-16');
      });
    // The follow-up, convened by the EH coordinator lead: no chair rule, no new follow-up date.
    spec
      .given([...given, first])
      .when(uopp({ heldOn: '2027-02-16', chairId: 'tm' }, { chair: teamManager }, actor('tm', 'TEAM_MANAGER'), '2027-02-16'))
      .then([held({ heldOn: '2027-02-16', chairId: 'tm', from: 'INADEQUATE', meeting: 'FOLLOW_UP' })]);
  });

  it('one meeting, plus the follow-up for Inadequate work only', () => {
    spec.given([...moderatedAudit('GOOD'), held()]).when(uopp()).thenThrows('CONFLICT', /a follow-up meeting is only for Inadequate work/);
    const inadequate = [...moderatedAudit('INADEQUATE'), held({ chairId: 'am', from: 'INADEQUATE' }), held({ chairId: 'tm', from: 'INADEQUATE', meeting: 'FOLLOW_UP' })];
    spec.given(inadequate).when(uopp({ chairId: 'am' }, { chair: auditManager }, admin)).thenThrows('CONFLICT', /the UoPP meeting and its follow-up are already recorded/);
  });

  it('only after moderation', () => {
    spec.given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]).when(uopp()).thenThrows('CONFLICT', /the audit is SUBMITTED: a UoPP meeting can be recorded only while it is MODERATED/);
  });

  it('attendees: at least one, each a registered staff member; the chair must exist', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ attendeeIds: [] })).thenThrows('BAD_USER_INPUT', /^attendeeIds: at least one attendee/, 'attendeeIds');
    spec.given(moderatedAudit('GOOD')).when(uopp({ attendeeIds: ['prac', 'ghost'] })).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
    spec.given(moderatedAudit('GOOD')).when(uopp({}, { chair: null })).thenThrows('NOT_FOUND', /staff member aud does not exist/);
  });

  it('linkedPlan: EHA, TAF or TAC', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ linkedPlan: 'CIN' as 'EHA' })).thenThrows('BAD_USER_INPUT', /^linkedPlan: must be one of EHA, TAF, TAC/, 'linkedPlan');
  });

  it('recorded by the chair, the auditor, the audit manager or the audit team only', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({}, {}, actor('prac', 'PRACTITIONER'))).thenThrows('FORBIDDEN', /only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting/);
  });
});

describe('Disputes', () => {
  const raise = (who: { staffId: string; roles: Role[] }, reason = 'The moderator did not see the updated plan', facts: Partial<Pick<RaiseDispute, 'actorTeam' | 'caseTeam'>> = {}) =>
    cmd<RaiseDispute>('RaiseDispute', { auditId: 'a1', disputeId: 'd1', reason }, who, '2027-01-04', facts);
  const raised = (raisedById = 'prac', raisedAs: 'PRACTITIONER' | 'TEAM_MANAGER' | 'EH_COORDINATOR_LEAD' = 'PRACTITIONER'): AuditEvent => ({
    type: 'ModerationDisputed',
    data: { auditId: 'a1', disputeId: 'd1', raisedById, raisedAs, raisedOn: '2027-01-04', grade: 'REQUIRES_IMPROVEMENT', reason: 'The moderator did not see the updated plan' },
  });
  const discuss = (resolved: boolean, who = moderatorActor, note = 'Discussed on Teams with the practitioner') =>
    cmd<DiscussDispute>('DiscussDispute', { auditId: 'a1', disputeId: 'd1', resolved, note }, who, '2027-01-06', {});
  const discussed = (resolved: boolean): AuditEvent => ({
    type: 'DisputeDiscussed',
    data: { auditId: 'a1', disputeId: 'd1', moderatorId: 'mod', discussedOn: '2027-01-06', resolved, note: 'Discussed on Teams with the practitioner' },
  });
  const resolve = (who: { staffId: string; roles: Role[] }, grade: Grade = 'GOOD', rationale = 'The plan was updated before the audit') =>
    cmd<ResolveDispute>('ResolveDispute', { auditId: 'a1', disputeId: 'd1', grade, rationale }, who, '2027-01-08', {});
  const given = moderatedAudit('GOOD', 'REQUIRES_IMPROVEMENT');

  it('the practitioner or the team manager raise a dispute after moderation', () => {
    spec.given(given).when(raise(actor('prac', 'PRACTITIONER'))).then([raised()]);
    spec.given(given).when(raise(actor('tm', 'TEAM_MANAGER'))).then([raised('tm', 'TEAM_MANAGER')]);
  });

  it('PPL-1: the EH coordinator lead of the case’s service; a team manager of another team no longer stands in for them', () => {
    const caseTeam = { id: 'eh-hub', service: 'Early Help' };
    spec.given(given).when(raise(actor('coord', 'EH_COORDINATOR_LEAD'), undefined, { actorTeam: { id: 'ei', service: 'Early Help' }, caseTeam })).then([raised('coord', 'EH_COORDINATOR_LEAD')]);
    spec
      .given(given)
      .when(raise(actor('coord', 'EH_COORDINATOR_LEAD'), undefined, { actorTeam: { id: 'yjs', service: 'Youth Justice' }, caseTeam }))
      .thenThrows('FORBIDDEN', /only the practitioner, team manager or EH coordinator lead of the case may dispute/);
    spec
      .given(given)
      .when(raise(actor('tm2', 'TEAM_MANAGER'), undefined, { actorTeam: { id: 'ei', service: 'Early Help' }, caseTeam }))
      .thenThrows('FORBIDDEN', /only the practitioner, team manager or EH coordinator lead of the case may dispute/);
  });

  it('refuses anyone else, before moderation, without a reason, and a second open dispute', () => {
    spec.given(given).when(raise(auditorActor)).thenThrows('FORBIDDEN', /only the practitioner, team manager or EH coordinator lead/);
    spec.given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]).when(raise(actor('prac', 'PRACTITIONER'))).thenThrows('CONFLICT', /the audit is SUBMITTED: the moderation can be disputed only while it is MODERATED/);
    spec.given(given).when(raise(actor('prac', 'PRACTITIONER'), '')).thenThrows('BAD_USER_INPUT', /^reason: must not be empty/, 'reason');
    spec
      .given([...given, raised()])
      .when({ ...raise(actor('tm', 'TEAM_MANAGER')), data: { auditId: 'a1', disputeId: 'd2', reason: 'x' } })
      .thenThrows('CONFLICT', /dispute d1 about this audit is still open/);
  });

  it('the moderator discusses it; a settled dispute changes no grade', () => {
    spec.given([...given, raised()]).when(discuss(true)).thenMatches(([event], state) => {
      expect(event).toEqual(discussed(true));
      expect(state.currentGrade).toBe('REQUIRES_IMPROVEMENT');
      expect(state.disputes.d1.status).toBe('SETTLED');
    });
    spec.given([...given, raised()]).when(discuss(false, auditorActor)).thenThrows('FORBIDDEN', /only the allocated moderator may discuss a dispute/);
    spec.given([...given, raised()]).when(discuss(false, moderatorActor, ' ')).thenThrows('BAD_USER_INPUT', /^note: must not be empty/, 'note');
    spec.given([...given, raised(), discussed(false)]).when(discuss(true)).thenThrows('CONFLICT', /dispute d1 was already discussed \(UNRESOLVED\)/);
    spec.given(given).when(discuss(true)).thenThrows('NOT_FOUND', /dispute d1 does not exist/);
  });

  it('unresolved: the head of service decides, a grade change of source DISPUTE', () => {
    spec
      .given([...given, raised(), discussed(false)])
      .when(resolve(actor('hos', 'HEAD_OF_SERVICE')))
      .thenMatches(([event], state) => {
        expect(event).toEqual({
          type: 'DisputeResolved',
          data: {
            auditId: 'a1',
            disputeId: 'd1',
            section: OVERALL,
            source: 'DISPUTE',
            from: 'REQUIRES_IMPROVEMENT',
            to: 'GOOD',
            rationale: 'The plan was updated before the audit',
            decidedById: 'hos',
            decidedAs: 'HEAD_OF_SERVICE',
            decidedOn: '2027-01-08',
          },
        });
        expect(state.currentGrade).toBe('GOOD');
      });
    spec.given([...given, raised(), discussed(false)]).when(resolve(admin, 'REQUIRES_IMPROVEMENT')).thenMatches(([event]) => expect(event.data).toMatchObject({ decidedAs: 'AUDIT_TEAM', from: 'REQUIRES_IMPROVEMENT', to: 'REQUIRES_IMPROVEMENT' }));
  });

  it('the decision: only by the head of service or audit team, only after an unresolved discussion, with a rationale', () => {
    spec.given([...given, raised(), discussed(false)]).when(resolve(moderatorActor)).thenThrows('FORBIDDEN', /only HEAD_OF_SERVICE or AUDIT_TEAM may decide an unresolved dispute/);
    spec.given([...given, raised()]).when(resolve(admin)).thenThrows('CONFLICT', /dispute d1 must first be discussed with the moderator/);
    spec.given([...given, raised(), discussed(true)]).when(resolve(admin)).thenThrows('CONFLICT', /dispute d1 is already settled/);
    spec.given([...given, raised(), discussed(false)]).when(resolve(admin, 'GOOD', '')).thenThrows('BAD_USER_INPUT', /^rationale: must not be empty/, 'rationale');
  });
});

describe('SMART actions', () => {
  const owner = practitioner;
  const agree = (data: Partial<AgreeAction['data']> = {}, who = auditorActor, ownerFact: StaffFact | null = owner) =>
    cmd<AgreeAction>(
      'AgreeAction',
      { auditId: 'a1', actionId: 'x1', description: 'Explore a genogram with the family', ownerId: 'prac', dueOn: '2026-12-18', scope: 'CASE', ...data },
      who,
      '2026-12-10',
      { owner: ownerFact },
    );
  const agreed = (scope: 'CASE' | 'PRACTITIONER_LEARNING' = 'CASE'): AuditEvent => ({
    type: 'ActionAgreed',
    data: { auditId: 'a1', actionId: 'x1', description: 'Explore a genogram with the family', ownerId: 'prac', dueOn: '2026-12-18', scope, onCaseRecord: scope === 'CASE', agreedById: 'aud', agreedOn: '2026-12-10' },
  });

  it('the auditor agrees a case action with an owner and a calendar date; it goes on the case record', () => {
    spec.given([allocated]).when(agree()).then([agreed()]);
  });

  it('a learning action never goes on the case record', () => {
    spec.given([allocated]).when(agree({ scope: 'PRACTITIONER_LEARNING' })).then([agreed('PRACTITIONER_LEARNING')]);
  });

  it('due today is fine; a past date, a period or no date is not', () => {
    spec.given([allocated]).when(agree({ dueOn: '2026-12-10' })).thenMatches(([e]) => expect(e.data).toMatchObject({ dueOn: '2026-12-10' }));
    spec.given([allocated]).when(agree({ dueOn: '2026-12-09' })).thenThrows('BAD_USER_INPUT', /^dueOn: must not be in the past \(today is 2026-12-10\)/, 'dueOn');
    spec.given([allocated]).when(agree({ dueOn: 'within 5 days' })).thenThrows('BAD_USER_INPUT', /^dueOn: must be a calendar date such as 2026-06-04, not a period/, 'dueOn');
  });

  it('requires a description, a known owner and a scope', () => {
    spec.given([allocated]).when(agree({ description: ' ' })).thenThrows('BAD_USER_INPUT', /^description: must not be empty/, 'description');
    spec.given([allocated]).when(agree({ ownerId: 'ghost' }, auditorActor, null)).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
    spec.given([allocated]).when(agree({ scope: 'FAMILY' as 'CASE' })).thenThrows('BAD_USER_INPUT', /^scope: must be one of CASE, PRACTITIONER_LEARNING, TEAM_LEARNING, SERVICE_LEARNING/, 'scope');
  });

  it('agreed by the auditor, the audit manager or the audit team; not on an invalidated audit; ids unique', () => {
    spec.given([allocated]).when(agree({}, actor('prac', 'PRACTITIONER'))).thenThrows('FORBIDDEN', /only the allocated auditor, the audit manager or the audit team may agree actions/);
    spec.given([allocated]).when(agree({}, actor('am', 'AUDIT_MANAGER'))).thenMatches(([e]) => expect(e.data).toMatchObject({ agreedById: 'am' }));
    spec.given([allocated, { type: 'AuditInvalidated', data: { auditId: 'a1', invalidatedById: 'admin', invalidatedOn: '2026-12-11', reason: 'x' } }]).when(agree()).thenThrows('CONFLICT', /INVALIDATED/);
    spec.given([allocated, agreed()]).when(agree()).thenThrows('CONFLICT', /action x1 already exists/);
  });

  const follow = <C extends ProgressAction | CompleteAction | DropAction>(type: C['type'], data: Omit<C['data'], 'auditId' | 'actionId'>, who: { staffId: string; roles: Role[] }) =>
    cmd<C>(type, { auditId: 'a1', actionId: 'x1', ...data } as C['data'], who, '2026-12-15', {} as Omit<C, 'type' | 'data' | 'actor' | 'today' | 'calendar'>);

  it('the owner or their supervisor update progress and complete it', () => {
    spec
      .given([allocated, agreed()])
      .when(follow<ProgressAction>('ProgressAction', { note: 'Genogram started at the home visit' }, actor('prac', 'PRACTITIONER')))
      .then([{ type: 'ActionProgressed', data: { auditId: 'a1', actionId: 'x1', note: 'Genogram started at the home visit', progressedById: 'prac', progressedOn: '2026-12-15' } }]);
    spec
      .given([allocated, agreed()])
      .when(follow<CompleteAction>('CompleteAction', { note: null }, actor('tm', 'TEAM_MANAGER')))
      .thenMatches(([event], state) => {
        expect(event).toEqual({ type: 'ActionCompleted', data: { auditId: 'a1', actionId: 'x1', note: null, completedById: 'tm', completedOn: '2026-12-15' } });
        expect(state.actions.x1.status).toBe('DONE');
      });
  });

  it('refuses others, an empty note, an unknown action, and a closed action', () => {
    spec.given([allocated, agreed()]).when(follow<ProgressAction>('ProgressAction', { note: 'x' }, auditorActor)).thenThrows('FORBIDDEN', /only the action's owner or their supervisor may update it/);
    spec.given([allocated, agreed()]).when(follow<ProgressAction>('ProgressAction', { note: ' ' }, actor('prac', 'PRACTITIONER'))).thenThrows('BAD_USER_INPUT', /^note: must not be empty/, 'note');
    spec.given([allocated]).when(follow<ProgressAction>('ProgressAction', { note: 'x' }, actor('prac', 'PRACTITIONER'))).thenThrows('NOT_FOUND', /action x1 does not exist/);
    const done: AuditEvent = { type: 'ActionCompleted', data: { auditId: 'a1', actionId: 'x1', note: null, completedById: 'prac', completedOn: '2026-12-14' } };
    spec.given([allocated, agreed(), done]).when(follow<ProgressAction>('ProgressAction', { note: 'x' }, actor('prac', 'PRACTITIONER'))).thenThrows('CONFLICT', /action x1 is DONE: only an OPEN action can change/);
  });

  it('dropping needs the supervisor or the audit team, and a reason', () => {
    spec
      .given([allocated, agreed()])
      .when(follow<DropAction>('DropAction', { reason: 'Case closed: family moved out of borough' }, actor('tm', 'TEAM_MANAGER')))
      .then([{ type: 'ActionDropped', data: { auditId: 'a1', actionId: 'x1', reason: 'Case closed: family moved out of borough', droppedById: 'tm', droppedOn: '2026-12-15' } }]);
    spec.given([allocated, agreed()]).when(follow<DropAction>('DropAction', { reason: 'x' }, actor('prac', 'PRACTITIONER'))).thenThrows('FORBIDDEN', /only the case's team manager or the audit team may drop an action/);
    spec.given([allocated, agreed()]).when(follow<DropAction>('DropAction', { reason: '' }, admin)).thenThrows('BAD_USER_INPUT', /^reason: must not be empty/, 'reason');
  });
});

describe('RaiseEscalation', () => {
  const escalate = (data: Partial<RaiseEscalation['data']> = {}, who = auditorActor, escalatedTo: StaffFact[] = [teamManager, staff('coord', 'eh-hub', 'TEAM_MANAGER')]) =>
    cmd<RaiseEscalation>(
      'RaiseEscalation',
      {
        auditId: 'a1',
        escalationId: 'e1',
        escalatedToIds: ['tm', 'coord'],
        escalatedOn: '2026-12-09',
        concern: 'Younger sibling not seen for 8 weeks',
        immediateActions: 'Visit booked for tomorrow',
        ...data,
      },
      who,
      '2026-12-09',
      { escalatedTo },
    );

  it('records who it went to, when, and the immediate actions', () => {
    spec
      .given([allocated])
      .when(escalate())
      .then([
        {
          type: 'EscalationRaised',
          data: {
            auditId: 'a1',
            escalationId: 'e1',
            raisedById: 'aud',
            escalatedToIds: ['tm', 'coord'],
            escalatedOn: '2026-12-09',
            concern: 'Younger sibling not seen for 8 weeks',
            immediateActions: 'Visit booked for tomorrow',
          },
        },
      ]);
  });

  it('refuses no one to escalate to, unknown people, a future date, an empty concern or immediate actions', () => {
    spec.given([allocated]).when(escalate({ escalatedToIds: [] })).thenThrows('BAD_USER_INPUT', /^escalatedToIds: say who the concern was escalated to/, 'escalatedToIds');
    spec.given([allocated]).when(escalate({ escalatedToIds: ['tm', 'ghost'] })).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
    spec.given([allocated]).when(escalate({ escalatedOn: '2026-12-10' })).thenThrows('BAD_USER_INPUT', /^escalatedOn: must not be in the future/, 'escalatedOn');
    spec.given([allocated]).when(escalate({ concern: '' })).thenThrows('BAD_USER_INPUT', /^concern: must not be empty/, 'concern');
    spec.given([allocated]).when(escalate({ immediateActions: ' ' })).thenThrows('BAD_USER_INPUT', /^immediateActions: must not be empty/, 'immediateActions');
  });

  it('by the auditor or moderator of the audit only', () => {
    spec.given([allocated]).when(escalate({}, moderatorActor)).thenMatches(([e]) => expect(e.data).toMatchObject({ raisedById: 'mod' }));
    spec.given([allocated]).when(escalate({}, admin)).thenThrows('FORBIDDEN', /only the allocated auditor or moderator may record an escalation/);
  });
});

describe('Feedback', () => {
  const family = (data: Partial<RecordFamilyFeedback['data']>, who = auditorActor) =>
    cmd<RecordFamilyFeedback>('RecordFamilyFeedback', { auditId: 'a1', ...data }, who, '2026-12-09', {});
  const practitionerFeedback = (data: Partial<RecordPractitionerFeedback['data']>, who = actor('prac', 'PRACTITIONER')) =>
    cmd<RecordPractitionerFeedback>('RecordPractitionerFeedback', { auditId: 'a1', ...data }, who, '2026-12-09', {});

  it('the family’s rating from 1 to 5', () => {
    spec
      .given([allocated])
      .when(family({ rating: 4, couldHaveTheirSay: 'YES', comments: ' School attendance is better ' }))
      .then([
        {
          type: 'FamilyFeedbackRecorded',
          data: { auditId: 'a1', recordedById: 'aud', recordedOn: '2026-12-09', rating: 4, couldHaveTheirSay: 'YES', ableToAccessSupport: null, comments: 'School attendance is better', notCompletedReason: null },
        },
      ]);
  });

  it.each([0, 6, 3.5])('refuses the rating %p', (rating) => {
    spec.given([allocated]).when(family({ rating })).thenThrows('BAD_USER_INPUT', /^rating: must be a whole number from 1 \(not good\) to 5 \(excellent\)/, 'rating');
  });

  it('or the reason it could not be had; one of the two is required', () => {
    spec.given([allocated]).when(family({ notCompletedReason: 'Family declined' })).thenMatches(([e]) => expect(e.data).toMatchObject({ rating: null, notCompletedReason: 'Family declined' }));
    spec.given([allocated]).when(family({})).thenThrows('BAD_USER_INPUT', /^rating: give the family’s rating from 1 to 5, or the reason/, 'rating');
  });

  it('refuses PARTIALLY where the template offers YES / NO / N/A only', () => {
    spec.given([allocated]).when(family({ rating: 3, ableToAccessSupport: 'PARTIALLY' as 'YES' })).thenThrows('BAD_USER_INPUT', /^ableToAccessSupport: must be one of YES, NO, NOT_APPLICABLE/, 'ableToAccessSupport');
  });

  it('family feedback by the auditor only, before submission', () => {
    spec.given([allocated]).when(family({ rating: 3 }, actor('prac', 'PRACTITIONER'))).thenThrows('FORBIDDEN', /only the allocated auditor may record the family’s feedback/);
    spec.given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]).when(family({ rating: 3 })).thenThrows('CONFLICT', /the audit is SUBMITTED: feedback can be recorded only while/);
  });

  it('the practitioner completes their own section, or gives the reason they could not', () => {
    spec
      .given([allocated])
      .when(practitionerFeedback({ comments: 'Supervision helped me plan the direct work' }))
      .then([{ type: 'PractitionerFeedbackRecorded', data: { auditId: 'a1', recordedById: 'prac', recordedOn: '2026-12-09', comments: 'Supervision helped me plan the direct work', notCompletedReason: null } }]);
    spec.given([allocated]).when(practitionerFeedback({ comments: ' ' })).thenThrows('BAD_USER_INPUT', /^comments: give the practitioner’s feedback, or the reason/, 'comments');
    spec.given([allocated]).when(practitionerFeedback({ comments: 'x' }, actor('tm', 'TEAM_MANAGER'))).thenThrows('FORBIDDEN', /only the practitioner of the case or the allocated auditor/);
  });
});

describe('RecordUrgentIssuesAddressed', () => {
  // Moderated Inadequate on Wednesday 30 December 2026: urgent issues due 2 working days on, Monday 4 January 2027.
  const inadequate: AuditEvent[] = [
    allocated,
    ...fullyGraded('INADEQUATE'),
    submitted('INADEQUATE', '2026-12-24', '2026-12-29'),
    completed('INADEQUATE', '2026-12-30', 'INADEQUATE', '2027-01-05', '2027-01-04'),
  ];
  const addressed = (today: LocalDate, data: Partial<RecordUrgentIssuesAddressed['data']> = {}, who = actor('tm', 'TEAM_MANAGER')) =>
    cmd<RecordUrgentIssuesAddressed>('RecordUrgentIssuesAddressed', { auditId: 'a1', summary: ' Safety plan reviewed with the family ', ...data }, who, today, {});
  const event = (addressedOn: LocalDate): AuditEvent => ({
    type: 'UrgentIssuesAddressed',
    data: { auditId: 'a1', addressedById: 'tm', addressedOn, dueOn: '2027-01-04', summary: 'Safety plan reviewed with the family' },
  });

  it('the case’s team manager records the urgent issues of Inadequate work as addressed, with the deadline it met', () => {
    spec.given(inadequate).when(addressed('2026-12-31')).then([event('2026-12-31')]);
  });

  it('records it late too, against the same deadline: missing it is for the tracker to show, not a reason to refuse', () => {
    spec.given(inadequate).when(addressed('2027-01-06')).then([event('2027-01-06')]);
  });

  it('and the state keeps the day it was done', () => {
    const state = [...inadequate, event('2026-12-31')].reduce(auditDecider.evolve, auditDecider.initialState());
    expect(state.urgentIssuesAddressedOn).toBe('2026-12-31');
  });

  it('refuses anyone but the case’s team manager', () => {
    spec.given(inadequate).when(addressed('2026-12-31', {}, actor('tm2', 'TEAM_MANAGER'))).thenThrows('FORBIDDEN', /^only the team manager of the case may record/);
    spec.given(inadequate).when(addressed('2026-12-31', {}, admin)).thenThrows('FORBIDDEN', /^only the team manager of the case may record/);
  });

  it('refuses before moderation, for work not moderated Inadequate, twice, without a summary, and an unknown audit', () => {
    spec.given([allocated, ...fullyGraded('INADEQUATE'), submitted('INADEQUATE', '2026-12-24', '2026-12-29')]).when(addressed('2026-12-31')).thenThrows('CONFLICT', /^the audit is SUBMITTED: urgent issues can be recorded as addressed only while/);
    spec.given(moderatedAudit('REQUIRES_IMPROVEMENT')).when(addressed('2026-12-31')).thenThrows('CONFLICT', /^audit a1 has no urgent issues to address: they follow work moderated Inadequate$/);
    spec.given([...inadequate, event('2026-12-31')]).when(addressed('2027-01-02')).thenThrows('CONFLICT', /^the urgent issues of audit a1 were already recorded as addressed on 2026-12-31$/);
    spec.given(inadequate).when(addressed('2026-12-31', { summary: '  ' })).thenThrows('BAD_USER_INPUT', /^summary: /, 'summary');
    spec.given([]).when(addressed('2026-12-31')).thenThrows('NOT_FOUND', /^audit a1 does not exist$/);
  });
});

describe('Re-audit in a later cycle', () => {
  const original = (events: AuditEvent[]) => events.reduce(auditDecider.evolve, auditDecider.initialState());
  const reaudit = (reauditOf: ReturnType<typeof original> | null, data: Partial<AllocateAudit['data']> = {}) =>
    allocate({ cycle: { id: 'c2', month: '2027-06', status: 'OPEN', kloeApprovals: APPROVED }, reauditOf }, { auditId: 'a2', cycleId: 'c2', reauditOfAuditId: 'a1', ...data });

  it('allocates a re-audit of work moderated below Good', () => {
    spec
      .given([])
      .when(reaudit(original(moderatedAudit('REQUIRES_IMPROVEMENT'))))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ auditId: 'a2', cycleId: 'c2', reauditOfAuditId: 'a1' }));
  });

  it('refuses work at Good or above, an unmoderated audit, the same cycle, another case, an unknown audit', () => {
    spec.given([]).when(reaudit(original(moderatedAudit('GOOD')))).thenThrows('BAD_USER_INPUT', /^reauditOfAuditId: only work that fell below Good/, 'reauditOfAuditId');
    spec.given([]).when(reaudit(original([allocated]))).thenThrows('BAD_USER_INPUT', /^reauditOfAuditId: only a moderated audit/, 'reauditOfAuditId');
    spec
      .given([])
      .when(allocate({ reauditOf: original(moderatedAudit('INADEQUATE')) }, { auditId: 'a2', reauditOfAuditId: 'a1' }))
      .thenThrows('BAD_USER_INPUT', /^reauditOfAuditId: a re-audit belongs to a later cycle/, 'reauditOfAuditId');
    spec.given([]).when(reaudit(original(moderatedAudit('INADEQUATE')), { caseRef: 'EH-2002' })).thenThrows('BAD_USER_INPUT', /^caseRef: a re-audit is of the same case/, 'caseRef');
    spec.given([]).when(reaudit(null)).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });
});

describe('Case facts at allocation (003 header)', () => {
  const facts = { ethnicity: ' White British ', childAge: 7, monthsOpen: 9 };

  it('records the stated facts; "audited previously" comes from the service’s own earlier audits when not stated', () => {
    spec
      .given([])
      .when(allocate({ previousAudits: [{ auditId: 'old1', auditedOn: '2025-03-02' }, { auditId: 'old2', auditedOn: '2025-09-14' }] }, facts))
      .then([{ type: 'AuditAllocated', data: { ...allocated.data, ethnicity: 'White British', childAge: 7, monthsOpen: 9, auditedBefore: true, previousAuditOn: '2025-09-14' } }]);
  });

  it('takes the audit team’s word for an audit the service has no record of', () => {
    spec
      .given([])
      .when(allocate({}, { auditedBefore: true, previousAuditOn: '2024-05-20' }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ auditedBefore: true, previousAuditOn: '2024-05-20' }));
    // A date alone says it was audited before.
    spec
      .given([])
      .when(allocate({}, { previousAuditOn: '2024-05-20' }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ auditedBefore: true, previousAuditOn: '2024-05-20' }));
    spec
      .given([])
      .when(allocate({}, { auditedBefore: false }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ auditedBefore: false, previousAuditOn: null }));
  });

  it('refuses an age or a length of time that cannot be right, naming the field', () => {
    for (const childAge of [-1, 26, 3.5]) {
      spec.given([]).when(allocate({}, { childAge })).thenThrows('BAD_USER_INPUT', /^childAge: must be the index child's age at the point of audit in whole years, from 0 to 25$/, 'childAge');
    }
    for (const monthsOpen of [-2, 601, 1.5]) {
      spec.given([]).when(allocate({}, { monthsOpen })).thenThrows('BAD_USER_INPUT', /^monthsOpen: must be the whole months the case has been open in Early Help, from 0 to 600$/, 'monthsOpen');
    }
    spec.given([]).when(allocate({}, { childAge: 0, monthsOpen: 0 })).thenMatches(([event]) => expect(event.data).toMatchObject({ childAge: 0, monthsOpen: 0 }));
  });

  it('refuses a previous audit date in the future, or one that contradicts "not audited before"', () => {
    spec.given([]).when(allocate({}, { previousAuditOn: '2026-12-02' })).thenThrows('BAD_USER_INPUT', /^previousAuditOn: must not be in the future \(today is 2026-12-01\)$/, 'previousAuditOn');
    spec.given([]).when(allocate({}, { previousAuditOn: '2026-13-01' })).thenThrows('BAD_USER_INPUT', /^previousAuditOn: must be a date written YYYY-MM-DD$/, 'previousAuditOn');
    spec
      .given([])
      .when(allocate({}, { auditedBefore: false, previousAuditOn: '2025-01-10' }))
      .thenThrows('BAD_USER_INPUT', /^previousAuditOn: is given, but auditedBefore says the case was not audited before$/, 'previousAuditOn');
    spec
      .given([])
      .when(allocate({ previousAudits: [{ auditId: 'old1', auditedOn: '2025-03-02' }] }, { auditedBefore: false }))
      .thenThrows('BAD_USER_INPUT', /^auditedBefore: case EH-1001 was audited before, on 2025-03-02 \(audit old1\)$/, 'auditedBefore');
  });
});

describe('RecordNarrative (free-text questions)', () => {
  const narrative = (section: string, question: string, text = '  Mum said the worker listened  ', who = auditorActor): RecordNarrative => ({
    type: 'RecordNarrative',
    data: { auditId: 'a1', section, question, text },
    template,
    actor: who,
    today: '2026-12-10',
    calendar,
  });

  it('records the auditor’s written answer to a free-text question, trimmed', () => {
    spec
      .given([allocated])
      .when(narrative('S9_FAMILY_FEEDBACK', 'S9_Q2'))
      .then([{ type: 'NarrativeRecorded', data: { auditId: 'a1', section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q2', text: 'Mum said the worker listened' } }]);
  });

  it('refuses a question that takes a choice, saying to use recordAnswer', () => {
    spec.given([allocated]).when(narrative('S9_FAMILY_FEEDBACK', 'S9_Q3')).thenThrows('BAD_USER_INPUT', /^question: question S9_Q3 takes one of YES, NO, NOT_APPLICABLE: use recordAnswer for it$/, 'question');
  });

  it('refuses empty text, an unknown section or a question of another section', () => {
    spec.given([allocated]).when(narrative('BESPOKE', 'BESPOKE_Q1', ' ')).thenThrows('BAD_USER_INPUT', /^text: must not be empty$/, 'text');
    spec.given([allocated]).when(narrative('S99', 'S9_Q2')).thenThrows('BAD_USER_INPUT', /^section: S99 is not a section/, 'section');
    spec.given([allocated]).when(narrative('BESPOKE', 'S9_Q2')).thenThrows('BAD_USER_INPUT', /^question: S9_Q2 is not a question of section BESPOKE$/, 'question');
  });

  it('is for the allocated auditor only, before submission', () => {
    spec.given([allocated]).when(narrative('BESPOKE', 'BESPOKE_Q1', 'x', actor('aud2', 'AUDITOR'))).thenThrows('FORBIDDEN', /^only the allocated auditor may record answers$/);
    spec.given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]).when(narrative('BESPOKE', 'BESPOKE_Q1')).thenThrows('CONFLICT', /the audit is SUBMITTED: answers can be recorded only while it is ALLOCATED or RETURNED/);
    spec.given([]).when(narrative('BESPOKE', 'BESPOKE_Q1')).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });
});

describe('The follow-up UoPP meeting on Inadequate work: who chairs and who records it', () => {
  const auditManager = staff('am', null, 'AUDIT_MANAGER');
  const caseTeam = { id: 'eh-hub', service: 'Early Help' };
  const coordinator = staff('coord', 'ei', 'EH_COORDINATOR_LEAD');
  const youthManager = staff('yjm', 'yjs', 'EH_COORDINATOR_LEAD');
  const first: AuditEvent = {
    type: 'UoPPHeld',
    data: { auditId: 'a1', heldOn: '2027-01-05', chairId: 'am', attendeeIds: ['prac', 'tm'], from: 'INADEQUATE', revisedGrade: null, rationale: null, meeting: 'INITIAL', linkedPlan: null, followUpDue: '2027-02-16' },
  };
  const given = [...moderatedAudit('INADEQUATE'), first];
  const followUp = (chair: StaffFact, who: { staffId: string; roles: Role[] }, chairTeam: { id: string; service: string } | null = null) =>
    cmd<RecordUoPPMeeting>('RecordUoPPMeeting', { auditId: 'a1', heldOn: '2027-02-16', chairId: chair.id, attendeeIds: ['prac', 'tm'] }, who, '2027-02-16', {
      chair,
      attendees: [practitioner, teamManager],
      chairTeam,
      caseTeam,
    });
  const heldBy = (chairId: string) => (events: AuditEvent[]) => expect(events[0].data).toMatchObject({ chairId, meeting: 'FOLLOW_UP', from: 'INADEQUATE' });

  it('chaired by the audit manager, the case’s team manager, or the EH coordinator lead of the case’s service (PPL-1)', () => {
    spec.given(given).when(followUp(auditManager, actor('am', 'AUDIT_MANAGER'))).thenMatches(heldBy('am'));
    spec.given(given).when(followUp(teamManager, actor('tm', 'TEAM_MANAGER'))).thenMatches(heldBy('tm'));
    spec.given(given).when(followUp(coordinator, actor('coord', 'EH_COORDINATOR_LEAD'), { id: 'ei', service: 'Early Help' })).thenMatches(heldBy('coord'));
    // The audit team may record it for the chair.
    spec.given(given).when(followUp(coordinator, admin, { id: 'ei', service: 'Early Help' })).thenMatches(heldBy('coord'));
  });

  it('refuses any other chair, naming the rule', () => {
    const rule = /^chairId: the follow-up UoPP meeting is convened by the EH coordinator lead with the TM\/SW: the chair must be the audit manager, the case's team manager or the EH coordinator lead of the case's service$/;
    // A team manager of another team in the same service no longer stands in for the coordinator lead.
    spec.given(given).when(followUp(staff('tm2', 'ei', 'TEAM_MANAGER'), admin, { id: 'ei', service: 'Early Help' })).thenThrows('BAD_USER_INPUT', rule, 'chairId');
    spec.given(given).when(followUp(youthManager, admin, { id: 'yjs', service: 'Youth Justice' })).thenThrows('BAD_USER_INPUT', rule, 'chairId');
    spec.given(given).when(followUp(staff('aud2', 'yjs', 'AUDITOR'), actor('am', 'AUDIT_MANAGER'))).thenThrows('BAD_USER_INPUT', rule, 'chairId');
    spec.given(given).when(followUp(practitioner, admin)).thenThrows('BAD_USER_INPUT', rule, 'chairId');
  });

  it('naming oneself chair does not make one the chair: refused as FORBIDDEN', () => {
    const forbiddenRule = /^only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting$/;
    spec.given(given).when(followUp(staff('aud2', 'yjs', 'AUDITOR'), actor('aud2', 'AUDITOR'))).thenThrows('FORBIDDEN', forbiddenRule);
    spec.given(given).when(followUp(youthManager, actor('yjm', 'TEAM_MANAGER'), { id: 'yjs', service: 'Youth Justice' })).thenThrows('FORBIDDEN', forbiddenRule);
    // The case's team manager may chair the follow-up, not the first meeting.
    spec
      .given(moderatedAudit('INADEQUATE'))
      .when({ ...followUp(teamManager, actor('tm', 'TEAM_MANAGER')), data: { auditId: 'a1', heldOn: '2027-01-05', chairId: 'tm', attendeeIds: ['prac'] }, today: '2027-01-06' })
      .thenThrows('FORBIDDEN', forbiddenRule);
  });
});

describe('A further dispute after one was settled or decided', () => {
  const raise = (disputeId: string, who = actor('prac', 'PRACTITIONER'), today: LocalDate = '2027-01-04') =>
    cmd<RaiseDispute>('RaiseDispute', { auditId: 'a1', disputeId, reason: 'The grade does not reflect the plan' }, who, today, {});
  const disputed = (disputeId: string, grade: Grade): AuditEvent => ({
    type: 'ModerationDisputed',
    data: { auditId: 'a1', disputeId, raisedById: 'prac', raisedAs: 'PRACTITIONER', raisedOn: '2027-01-04', grade, reason: 'The grade does not reflect the plan' },
  });
  const discussed = (disputeId: string, resolved: boolean): AuditEvent => ({
    type: 'DisputeDiscussed',
    data: { auditId: 'a1', disputeId, moderatorId: 'mod', discussedOn: '2027-01-05', resolved, note: 'Talked it through' },
  });
  const decided = (disputeId: string, from: Grade, to: Grade): AuditEvent => ({
    type: 'DisputeResolved',
    data: { auditId: 'a1', disputeId, section: OVERALL, source: 'DISPUTE', from, to, rationale: 'Final', decidedById: 'hos', decidedAs: 'HEAD_OF_SERVICE', decidedOn: '2027-01-06' },
  });
  const raisedGrade: AuditEvent = {
    type: 'UoPPHeld',
    data: { auditId: 'a1', heldOn: '2027-01-07', chairId: 'aud', attendeeIds: ['prac'], from: 'REQUIRES_IMPROVEMENT', revisedGrade: 'GOOD', rationale: 'Plan now working', meeting: 'INITIAL', linkedPlan: null, followUpDue: null },
  };
  const ri = moderatedAudit('REQUIRES_IMPROVEMENT');

  it('refuses raising the same grade again once settled, naming the rule', () => {
    spec
      .given([...ri, disputed('d1', 'REQUIRES_IMPROVEMENT'), discussed('d1', true)])
      .when(raise('d2', actor('tm', 'TEAM_MANAGER')))
      .thenThrows('CONFLICT', /^dispute d1 was already settled with the grade at REQUIRES_IMPROVEMENT: a further dispute may be raised only once the grade has changed since then$/);
  });

  it('refuses raising it again once decided, even when the decision changed the grade', () => {
    spec
      .given([...ri, disputed('d1', 'REQUIRES_IMPROVEMENT'), discussed('d1', false), decided('d1', 'REQUIRES_IMPROVEMENT', 'INADEQUATE')])
      .when(raise('d2'))
      .thenThrows('CONFLICT', /^dispute d1 was already decided with the grade at INADEQUATE: a further dispute may be raised only once the grade has changed since then$/);
  });

  it('allows one further dispute once the grade has changed since, and no more until it changes again', () => {
    const afterUopp = [...ri, disputed('d1', 'REQUIRES_IMPROVEMENT'), discussed('d1', true), raisedGrade];
    spec.given(afterUopp).when(raise('d2', actor('prac', 'PRACTITIONER'), '2027-01-08')).thenMatches(([event], state) => {
      expect(event.data).toMatchObject({ disputeId: 'd2', grade: 'GOOD' });
      expect(state.disputeOrder).toEqual(['d1', 'd2']);
    });
    spec
      .given([...afterUopp, disputed('d2', 'GOOD'), discussed('d2', false), decided('d2', 'GOOD', 'GOOD')])
      .when(raise('d3'))
      .thenThrows('CONFLICT', /^dispute d2 was already decided with the grade at GOOD/);
  });
});

describe('EscalateToDivisionalDirector (000: not improved by 4 months)', () => {
  const reauditDue: AuditEvent = {
    type: 'ReauditDue',
    data: { auditId: 'a1', dueOn: '2027-02-10', moderatedGrade: 'REQUIRES_IMPROVEMENT', kind: 'DIP_AUDIT', escalateIfNotImprovedBy: '2027-04-30' },
  };
  const given = [...moderatedAudit('REQUIRES_IMPROVEMENT'), reauditDue];
  const escalate = (followUps: EscalateToDivisionalDirector['followUps'] = [], today: LocalDate = '2027-04-30', who = admin, summary = 'Plan drifted: no supervision since February') =>
    cmd<EscalateToDivisionalDirector>('EscalateToDivisionalDirector', { auditId: 'a1', summary }, who, today, { followUps });
  const escalated = (grade: Grade, evidenceAuditId: string | null): AuditEvent => ({
    type: 'EscalatedToDivisionalDirector',
    data: { auditId: 'a1', dueOn: '2027-04-30', escalatedOn: '2027-04-30', escalatedById: 'admin', grade, evidenceAuditId, summary: 'Plan drifted: no supervision since February' },
  });

  it('the ReauditDue date is when the work must have improved by', () => {
    spec.given(moderatedAudit('REQUIRES_IMPROVEMENT')).when(escalate()).thenThrows('CONFLICT', /only work moderated below Good, with a re-audit due/);
    expect(given.reduce(auditDecider.evolve, auditDecider.initialState()).improvementEscalationDue).toBe('2027-04-30');
  });

  it('escalates on the day, on the latest graded dip audit or re-audit still below Good', () => {
    const followUps = [
      { auditId: 'dip1', status: 'MODERATED' as const, currentGrade: 'REQUIRES_IMPROVEMENT' as const },
      // Allocated but not yet submitted: its draft grade is no evidence.
      { auditId: 're1', status: 'ALLOCATED' as const, currentGrade: 'GOOD' as const },
    ];
    spec.given(given).when(escalate(followUps)).thenMatches(([event], state) => {
      expect(event).toEqual(escalated('REQUIRES_IMPROVEMENT', 'dip1'));
      expect(state.escalatedToDirectorOn).toBe('2027-04-30');
    });
  });

  it('with no graded follow-up, the audit’s own grade is the evidence that the work has not improved', () => {
    spec.given(given).when(escalate()).then([escalated('REQUIRES_IMPROVEMENT', null)]);
  });

  it('refuses work that has improved, before the date, and twice', () => {
    spec
      .given(given)
      .when(escalate([{ auditId: 'dip1', status: 'SUBMITTED', currentGrade: 'GOOD' }]))
      .thenThrows('CONFLICT', /^the work has improved \(GOOD in the follow-up audit dip1\): only work still below Good is escalated$/);
    spec.given(given).when(escalate([], '2027-04-29')).thenThrows('CONFLICT', /^the work has until 2027-04-30 \(4 months after moderation\) to improve before it is escalated$/);
    spec.given([...given, escalated('REQUIRES_IMPROVEMENT', null)]).when(escalate([], '2027-05-03')).thenThrows('CONFLICT', /already escalated to the divisional director on 2027-04-30/);
  });

  it('needs a summary, the audit team, and an audit that exists', () => {
    spec.given(given).when(escalate([], '2027-04-30', admin, ' ')).thenThrows('BAD_USER_INPUT', /^summary: must not be empty$/, 'summary');
    spec.given(given).when(escalate([], '2027-04-30', actor('am', 'AUDIT_MANAGER'))).thenThrows('FORBIDDEN', /^only AUDIT_TEAM may escalate work to the divisional director$/);
    spec.given([]).when(escalate()).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });
});
