import type { FamilyFeedback, PractitionerFeedback, Question } from './feedback.queries.js';

/** The field for a question of the practitioner's section: S10_Q1 → answer-S10_Q1. */
export const answerField = (question: string) => `answer-${question}`;

const text = (value: string | undefined) => (value?.trim() ? value : null);

/** What the family feedback form sends (recordFamilyFeedback), from the posted fields. */
export function familyInput(auditId: string, form: Record<string, string>) {
  return {
    auditId,
    rating: /^[1-5]$/.test(form.rating ?? '') ? Number(form.rating) : null,
    couldHaveTheirSay: form.couldHaveTheirSay || null,
    ableToAccessSupport: form.ableToAccessSupport || null,
    comments: text(form.comments),
    notCompletedReason: text(form.notCompletedReason),
  };
}

/** The recorded family feedback as the form's values, to change it (a change is recorded anew). */
export function familyValues(feedback: FamilyFeedback | null): Record<string, string> {
  if (!feedback) return {};
  return {
    rating: feedback.rating ? String(feedback.rating) : '',
    couldHaveTheirSay: feedback.couldHaveTheirSay ?? '',
    ableToAccessSupport: feedback.ableToAccessSupport ?? '',
    comments: feedback.comments ?? '',
    notCompletedReason: feedback.notCompletedReason ?? '',
  };
}

/**
 * What the practitioner section form sends: the practitioner's answers to the questions they filled
 * in and their comments; the auditor sends only why it could not be completed (AUD-6).
 */
export function practitionerInput(auditId: string, form: Record<string, string>, questions: Question[], byPractitioner: boolean) {
  if (!byPractitioner) return { auditId, notCompletedReason: text(form.notCompletedReason) };
  const answers = questions.filter((q) => text(form[answerField(q.key)])).map((q) => ({ question: q.key, text: form[answerField(q.key)] }));
  return { auditId, answers, comments: text(form.comments), notCompletedReason: text(form.notCompletedReason) };
}

export function practitionerValues(feedback: PractitionerFeedback | null): Record<string, string> {
  if (!feedback) return {};
  return {
    ...Object.fromEntries(feedback.answers.map((a) => [answerField(a.question), a.text])),
    comments: feedback.comments ?? '',
    notCompletedReason: feedback.notCompletedReason ?? '',
  };
}

/** The API's field → the form's: answers[2].text → the third question's box. */
export function practitionerField(apiField: string | null, sent: { answers?: Array<{ question: string }> }): string | null {
  const m = /^(?:input\.)?answers\[(\d+)\]/.exec(apiField ?? '');
  if (m) {
    const answer = sent.answers?.[Number(m[1])];
    return answer ? answerField(answer.question) : null;
  }
  const field = (apiField ?? '').replace(/^input\./, '');
  return ['comments', 'notCompletedReason'].includes(field) ? field : null;
}
