import { describe, expect, it } from '@jest/globals';
import { type RecordFamilyFeedback, type RecordPractitionerFeedback } from '../decider.js';
import { spec, actor, auditorActor, allocated, fullyGraded, cmd, submitted } from '../test-support/decider-fixtures.js';

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
