import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../../test/support/decider-spec.js';
import { allocated, caseAction, cmd, cycle, fullyGraded, gradeSet, who } from '../../../test/support/audit-fixtures.js';
import { auditDecider, type AcknowledgeAction, type MarkSectionNotApplicable, type RecordCollaborativeDiscussion, type RecordPractitionerFeedback, type SubmitAudit } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { findTemplate } from '../templates/index.js';
import { theAudit } from '../test-support/decider-fixtures.js';

/** What an audit needs before submission beyond its grades (docs/rules/the-audit.md). */
const spec = DeciderSpec.for(auditDecider);
const v1 = findTemplate('early-help-uop', 1)!;
const submit = (template = v1) => cmd<SubmitAudit>('SubmitAudit', { auditId: 'a1' }, who.auditor, '2026-12-10', { template, cycle });

describe('AUD-4: work graded below Good is submitted with a case action that brings it to Good (003 Actions)', () => {
  it('refuses RI or Inadequate without a case action, naming the rule', () => {
    for (const grade of ['REQUIRES_IMPROVEMENT', 'INADEQUATE'] as const) {
      spec
        .given([allocated(v1), ...fullyGraded(v1, grade)])
        .when(submit())
        .thenThrows('CONFLICT', new RegExp(`^cannot submit: work graded ${grade} needs at least one CASE action that brings it to Good \\(003 Actions, rule AUD-4\\)`));
    }
  });

  it('a learning action or a dropped case action does not count', () => {
    const agreed = caseAction('learn') as Extract<AuditEvent, { type: 'ActionAgreed' }>;
    const learning: AuditEvent = { ...agreed, data: { ...agreed.data, scope: 'PRACTITIONER_LEARNING', onCaseRecord: false } };
    const dropped: AuditEvent = { type: 'ActionDropped', data: { auditId: 'a1', actionId: 'act-1', reason: 'Duplicated', droppedById: 'tm', droppedOn: '2026-12-10' } };
    spec.given([allocated(v1), ...fullyGraded(v1, 'REQUIRES_IMPROVEMENT'), learning]).when(submit()).thenThrows('CONFLICT', /rule AUD-4/);
    spec.given([allocated(v1), ...fullyGraded(v1, 'REQUIRES_IMPROVEMENT'), caseAction(), dropped]).when(submit()).thenThrows('CONFLICT', /rule AUD-4/);
  });

  it('submits with a case action; Good work needs none', () => {
    spec.given([allocated(v1), ...fullyGraded(v1, 'REQUIRES_IMPROVEMENT'), caseAction()]).when(submit()).thenMatches(([event]) => expect(event.type).toBe('AuditSubmitted'));
    spec.given([allocated(v1), ...fullyGraded(v1, 'GOOD')]).when(submit()).thenMatches(([event]) => expect(event.type).toBe('AuditSubmitted'));
  });
});

const v2 = findTemplate('early-help-uop', 2)!;
const sc2 = findTemplate('social-care', 2)!;
const discussion = (withIds: string[] = ['prac', 'tm'], discussedOn = '2026-12-09', by = who.auditor) =>
  cmd<RecordCollaborativeDiscussion>('RecordCollaborativeDiscussion', { auditId: 'a1', discussedOn, withIds }, by, '2026-12-10', {});
const discussed: AuditEvent = { type: 'CollaborativeDiscussionRecorded', data: { auditId: 'a1', discussedOn: '2026-12-09', withIds: ['prac', 'tm'], recordedById: 'aud' } };

describe('AUD-1: the collaborative discussion with the practitioner, before submission where the template asks for it', () => {
  it('records when and with whom; the practitioner and/or team manager of the case', () => {
    spec.given([allocated(v2)]).when(discussion(['prac', 'tm', 'prac'])).then([discussed]);
    spec
      .given([allocated(v2)])
      .when(discussion(['prac'], '2026-12-08'))
      .then([{ type: 'CollaborativeDiscussionRecorded', data: { auditId: 'a1', discussedOn: '2026-12-08', withIds: ['prac'], recordedById: 'aud' } }]);
  });

  it('refuses a future date, nobody, someone not of the case, another person than the auditor, after submission', () => {
    spec.given([allocated(v2)]).when(discussion(['prac'], '2026-12-11')).thenThrows('BAD_USER_INPUT', /^discussedOn: must not be in the future \(today is 2026-12-10\)$/, 'discussedOn');
    spec.given([allocated(v2)]).when(discussion(['prac'], '10/12/2026')).thenThrows('BAD_USER_INPUT', /^discussedOn: must be a date/, 'discussedOn');
    spec.given([allocated(v2)]).when(discussion([])).thenThrows('BAD_USER_INPUT', /^withIds: name who took part.*rule AUD-1/, 'withIds');
    spec.given([allocated(v2)]).when(discussion(['prac', 'mod'])).thenThrows('BAD_USER_INPUT', /^withIds: mod is neither the practitioner \(prac\) nor the team manager \(tm\) of the case/, 'withIds');
    spec.given([allocated(v2)]).when(discussion(['prac'], '2026-12-09', who.moderator)).thenThrows('FORBIDDEN', /only the allocated auditor may record the collaborative discussion/);
    spec
      .given([allocated(v2), ...fullyGraded(v2, 'GOOD'), discussed, { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-12-10', overallGrade: 'GOOD', moderationDue: '2026-12-31' } }])
      .when(discussion())
      .thenThrows('CONFLICT', /^the audit is SUBMITTED: the auditor may record the collaborative discussion only while it is ALLOCATED or RETURNED$/);
  });

  it('submission of a v2 audit is refused without it, naming the rule; accepted with it; v1 audits keep their rules', () => {
    spec.given([allocated(v2), ...fullyGraded(v2, 'GOOD')]).when(submit(v2)).thenThrows('CONFLICT', /^cannot submit: the date of the collaborative discussion .* \(003 header, rule AUD-1\)/);
    spec.given([allocated(v2), ...fullyGraded(v2, 'GOOD'), discussed]).when(submit(v2)).thenMatches(([event]) => expect(event.type).toBe('AuditSubmitted'));
    spec.given([allocated(v1), ...fullyGraded(v1, 'GOOD')]).when(submit(v1)).thenMatches(([event]) => expect(event.type).toBe('AuditSubmitted'));
  });
});

describe('AUD-8 and AUD-9: a section not relevant to the case is marked not applicable, and needs no grade', () => {
  const mark = (section: string, reason = 'Child in need plan: no reviews held yet', template = sc2) =>
    cmd<MarkSectionNotApplicable>('MarkSectionNotApplicable', { auditId: 'a1', section, reason }, who.auditor, '2026-12-10', { template });
  const marked: AuditEvent = { type: 'SectionMarkedNotApplicable', data: { auditId: 'a1', section: 'REVIEWS', reason: 'Child in need plan: no reviews held yet', auditorId: 'aud' } };
  const sixGraded = (except: string) => fullyGraded(sc2, 'GOOD').filter((e) => !(e.type === 'GradeSet' && e.data.section === except));

  it('marks a graded section of a template that allows it, with the reason', () => {
    spec.given([allocated(sc2)]).when(mark('REVIEWS')).then([marked]);
  });

  it('refuses OVERALL, an ungraded or unknown section, a template that grades every section, no reason', () => {
    spec.given([allocated(sc2)]).when(mark('OVERALL')).thenThrows('BAD_USER_INPUT', /^section: OVERALL is the judgement of the whole file/, 'section');
    spec.given([allocated(sc2)]).when(mark('OUTCOMES')).thenThrows('BAD_USER_INPUT', /^section: OUTCOMES is not a graded section/, 'section');
    spec.given([allocated(sc2)]).when(mark('NOPE')).thenThrows('BAD_USER_INPUT', /^section: NOPE is not a section of template social-care v2/, 'section');
    spec.given([allocated(v2)]).when(mark('S4_ASSESSMENT', 'x', v2)).thenThrows('BAD_USER_INPUT', /^section: template early-help-uop v2 grades every section: none can be marked not applicable \(rule AUD-8\)/, 'section');
    spec.given([allocated(sc2)]).when(mark('REVIEWS', '  ')).thenThrows('BAD_USER_INPUT', /^reason: must not be empty/, 'reason');
  });

  it('submission needs only the relevant sections; the mark sets aside an earlier grade and a later grade replaces the mark', () => {
    spec
      .given([allocated(sc2), discussed, ...sixGraded('REVIEWS'), marked])
      .when(submit(sc2))
      .thenMatches(([event]) => expect(event).toMatchObject({ type: 'AuditSubmitted', data: { overallGrade: 'GOOD', suggestedGrade: 'GOOD' } }));
    spec
      .given([allocated(sc2), discussed, ...sixGraded('REVIEWS')])
      .when(submit(sc2))
      .thenThrows('CONFLICT', /^cannot submit: every graded section needs a grade \(or mark it not applicable, rule AUD-9\); not graded: REVIEWS$/);
    spec.given([allocated(sc2), ...fullyGraded(sc2, 'GOOD')]).when(mark('REVIEWS')).thenMatches((_events, state) => expect(theAudit(state).auditorGrades.REVIEWS).toBeUndefined());
    spec
      .given([allocated(sc2), discussed, ...sixGraded('REVIEWS'), marked, gradeSet('REVIEWS', 'REQUIRES_IMPROVEMENT')])
      .when(submit(sc2))
      .thenMatches(([event], state) => {
        expect(event.type).toBe('AuditSubmitted');
        expect(theAudit(state).notApplicable).toEqual({});
      });
  });
});

describe('AUD-6: the practitioner answers their own section themself', () => {
  const feedback = (data: Partial<RecordPractitionerFeedback['data']>, by = who.practitioner, template = v2) =>
    cmd<RecordPractitionerFeedback>('RecordPractitionerFeedback', { auditId: 'a1', ...data }, by, '2026-12-09', { template });

  it('answers the questions of section 10, in the template’s order, with a comment', () => {
    spec
      .given([allocated(v2)])
      .when(feedback({ answers: [{ question: 'S10_Q3', text: ' Supervision every fortnight ' }, { question: 'S10_Q1', text: 'Family network meeting' }], comments: 'Useful' }))
      .then([
        {
          type: 'PractitionerFeedbackRecorded',
          data: {
            auditId: 'a1',
            recordedById: 'prac',
            recordedOn: '2026-12-09',
            comments: 'Useful',
            notCompletedReason: null,
            answers: [
              { question: 'S10_Q1', text: 'Family network meeting' },
              { question: 'S10_Q3', text: 'Supervision every fortnight' },
            ],
          },
        },
      ]);
  });

  it('the auditor records only why it could not be completed, never the answers', () => {
    spec
      .given([allocated(v2)])
      .when(feedback({ answers: [{ question: 'S10_Q1', text: 'x' }] }, who.auditor))
      .thenThrows('FORBIDDEN', /^the practitioner answers their own section \(rule AUD-6\)/);
    spec.given([allocated(v2)]).when(feedback({ comments: 'Went well' }, who.auditor)).thenThrows('FORBIDDEN', /rule AUD-6/);
    spec
      .given([allocated(v2)])
      .when(feedback({ notCompletedReason: 'On long-term leave' }, who.auditor))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ recordedById: 'aud', comments: null, notCompletedReason: 'On long-term leave' }));
  });

  it('refuses a question not of the section, one answered twice, an empty answer, a template without the section', () => {
    spec.given([allocated(v2)]).when(feedback({ answers: [{ question: 'S9_Q1', text: 'x' }] })).thenThrows('BAD_USER_INPUT', /^answers\[0\]\.question: S9_Q1 is not a question of S10_PRACTITIONER_FEEDBACK/, 'answers[0].question');
    spec
      .given([allocated(v2)])
      .when(feedback({ answers: [{ question: 'S10_Q1', text: 'x' }, { question: 'S10_Q1', text: 'y' }] }))
      .thenThrows('BAD_USER_INPUT', /^answers\[1\]\.question: S10_Q1 is answered more than once/, 'answers[1].question');
    spec.given([allocated(v2)]).when(feedback({ answers: [{ question: 'S10_Q2', text: ' ' }] })).thenThrows('BAD_USER_INPUT', /^answers\[0\]\.text: must not be empty/, 'answers[0].text');
    spec.given([allocated(sc2)]).when(feedback({ answers: [{ question: 'S10_Q1', text: 'x' }] }, who.practitioner, sc2)).thenThrows('BAD_USER_INPUT', /^answers: template social-care v2 has no practitioner section/, 'answers');
  });
});

describe('AUD-5: the practitioner acknowledges (or comments on) each case action', () => {
  const ack = (actionId = 'act-1', by = who.practitioner, comment: string | null = ' Agreed at the discussion ') =>
    cmd<AcknowledgeAction>('AcknowledgeAction', { auditId: 'a1', actionId, comment }, by, '2026-12-11', {});

  it('records the acknowledgement with the practitioner’s comment, once', () => {
    const acknowledged: AuditEvent = { type: 'ActionAcknowledged', data: { auditId: 'a1', actionId: 'act-1', practitionerId: 'prac', acknowledgedOn: '2026-12-11', comment: 'Agreed at the discussion' } };
    spec.given([allocated(v1), caseAction()]).when(ack()).then([acknowledged]);
    spec.given([allocated(v1), caseAction(), acknowledged]).when(ack()).thenThrows('CONFLICT', /^action act-1 is already acknowledged by the practitioner$/);
    spec
      .given([allocated(v1), caseAction()])
      .when(ack('act-1', who.practitioner, null))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ comment: null }));
  });

  it('refuses anyone but the practitioner of the case, a learning action, a dropped or unknown action', () => {
    spec.given([allocated(v1), caseAction()]).when(ack('act-1', who.teamManager)).thenThrows('FORBIDDEN', /^only the practitioner of the case may acknowledge its actions \(rule AUD-5\)$/);
    const agreed = caseAction('learn') as Extract<AuditEvent, { type: 'ActionAgreed' }>;
    const learning: AuditEvent = { ...agreed, data: { ...agreed.data, scope: 'TEAM_LEARNING', onCaseRecord: false } };
    spec.given([allocated(v1), learning]).when(ack('learn')).thenThrows('CONFLICT', /is a TEAM_LEARNING action: only case actions are acknowledged/);
    const dropped: AuditEvent = { type: 'ActionDropped', data: { auditId: 'a1', actionId: 'act-1', reason: 'Duplicated', droppedById: 'tm', droppedOn: '2026-12-10' } };
    spec.given([allocated(v1), caseAction(), dropped]).when(ack()).thenThrows('CONFLICT', /^action act-1 was dropped/);
    spec.given([allocated(v1)]).when(ack('nope')).thenThrows('NOT_FOUND', /action nope does not exist/);
  });
});
