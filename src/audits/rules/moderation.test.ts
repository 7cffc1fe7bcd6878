import { describe, expect, it } from '@jest/globals';
import { OVERALL, type Grade } from '../../shared/domain-types.js';
import { spec, actor, admin, auditorActor, allocated, fullyGraded, submitted, moderate, moderationChanged, complete, completed, notification, moderatedAudit } from '../test-support/decider-fixtures.js';

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
          submission: { grade: 'GOOD' },
          moderation: { on: '2026-04-02', grade: 'INADEQUATE' },
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
