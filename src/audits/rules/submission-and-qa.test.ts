import { describe, expect, it } from '@jest/globals';
import { OVERALL, type LocalDate } from '../../shared/domain-types.js';
import { type InvalidateAudit, type ReturnForRectification } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { spec, GRADED, admin, allocated, setGrade, gradeSet, fullyGraded, caseActionAgreed, moderatorActor, cmd, submit, submitted, moderationChanged, notification, moderatedAudit, theAudit } from '../test-support/decider-fixtures.js';

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
        expect(theAudit(state).moderatorGrades).toEqual({});
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
