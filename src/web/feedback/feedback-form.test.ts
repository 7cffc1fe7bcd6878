import { describe, expect, it } from '@jest/globals';
import { answerField, familyInput, familyValues, practitionerField, practitionerInput, practitionerValues } from './feedback-form.js';

const questions = [
  { key: 'S10_Q1', text: 'An example of the framework?' },
  { key: 'S10_Q2', text: 'Supervision?' },
];

describe('the feedback forms', () => {
  it('family feedback: the rating as a number, blank fields as nothing, and back again as the form', () => {
    const input = familyInput('a1', { rating: '4', couldHaveTheirSay: 'YES', ableToAccessSupport: '', comments: 'Felt listened to', notCompletedReason: '  ' });
    expect(input).toEqual({ auditId: 'a1', rating: 4, couldHaveTheirSay: 'YES', ableToAccessSupport: null, comments: 'Felt listened to', notCompletedReason: null });
    expect(familyInput('a1', { rating: 'six' }).rating).toBeNull();
    expect(familyValues({ ...input, recordedById: 'aud', recordedOn: '2026-12-07' })).toMatchObject({ rating: '4', couldHaveTheirSay: 'YES', ableToAccessSupport: '' });
  });

  it("the practitioner's section: their answers to the questions filled in; the auditor only the reason it could not be completed (AUD-6)", () => {
    const form = { [answerField('S10_Q2')]: 'Monthly, helpful', comments: '', notCompletedReason: '' };
    expect(practitionerInput('a1', form, questions, true)).toEqual({ auditId: 'a1', answers: [{ question: 'S10_Q2', text: 'Monthly, helpful' }], comments: null, notCompletedReason: null });
    expect(practitionerInput('a1', { ...form, notCompletedReason: 'On leave' }, questions, false)).toEqual({ auditId: 'a1', notCompletedReason: 'On leave' });
    expect(practitionerValues({ answers: [{ question: 'S10_Q1', text: 'x' }], comments: null, notCompletedReason: null, recordedById: 'prac', recordedOn: '2026-12-07' })).toEqual({
      'answer-S10_Q1': 'x',
      comments: '',
      notCompletedReason: '',
    });
  });

  it("maps the API's field to the form's", () => {
    const sent = { answers: [{ question: 'S10_Q2' }] };
    expect(practitionerField('answers[0].text', sent)).toBe('answer-S10_Q2');
    expect(practitionerField('comments', sent)).toBe('comments');
    expect(practitionerField(null, sent)).toBeNull();
  });
});
