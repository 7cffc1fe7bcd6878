import { optionalText, requireText, type CommandContext } from '../../shared/decider.js';
import { badInput, forbidden } from '../../shared/errors.js';
import type { Answer } from '../../shared/domain-types.js';
import type { AllocatedAudit, AuditState } from '../audit-state.js';
import type { AuditEvent, FamilyFeedbackRecorded, PractitionerFeedbackRecorded } from '../events.js';
import { auditTemplate, requireAudit, requireAuditor, requireStatus, type WithTemplate } from './guards.js';

/**
 * Feedback (003 sections 9 and 10: "Please give reason if not able to complete"): the family's view,
 * recorded by the auditor, and the practitioner's own section (AUD-6), while the audit is open to the auditor.
 */

export type RecordFamilyFeedback = CommandContext & {
  type: 'RecordFamilyFeedback';
  data: {
    auditId: string;
    rating?: number | null;
    couldHaveTheirSay?: Exclude<Answer, 'PARTIALLY'> | null;
    ableToAccessSupport?: Exclude<Answer, 'PARTIALLY'> | null;
    comments?: string | null;
    notCompletedReason?: string | null;
  };
};

export type RecordPractitionerFeedback = CommandContext &
  Partial<WithTemplate> & {
    type: 'RecordPractitionerFeedback';
    data: { auditId: string; comments?: string | null; notCompletedReason?: string | null; answers?: { question: string; text: string }[] | null };
  };

export type FeedbackCommand = RecordFamilyFeedback | RecordPractitionerFeedback;
export type FeedbackEvent = FamilyFeedbackRecorded | PractitionerFeedbackRecorded;

export function decide(command: FeedbackCommand, state: AuditState): AuditEvent[] {
  switch (command.type) {
    case 'RecordFamilyFeedback':
      return recordFamilyFeedback(command, state);
    case 'RecordPractitionerFeedback':
      return recordPractitionerFeedback(command, state);
  }
}

export function evolve(state: AllocatedAudit, event: FeedbackEvent): AllocatedAudit {
  switch (event.type) {
    case 'FamilyFeedbackRecorded':
      return { ...state, familyFeedbackRecorded: true };
    case 'PractitionerFeedbackRecorded':
      return { ...state, practitionerFeedbackRecorded: true };
  }
}

const FAMILY_ANSWERS = ['YES', 'NO', 'NOT_APPLICABLE'] as const;

function recordFamilyFeedback(command: RecordFamilyFeedback, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireAuditor(command, state, 'record the family’s feedback');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'feedback can be recorded');
  const rating = data.rating ?? null;
  const notCompletedReason = optionalText(data.notCompletedReason);
  if (rating === null && notCompletedReason === null) {
    throw badInput('rating', 'give the family’s rating from 1 to 5, or the reason it could not be had (notCompletedReason)');
  }
  if (rating !== null && (!Number.isInteger(rating) || rating < 1 || rating > 5)) {
    throw badInput('rating', 'must be a whole number from 1 (not good) to 5 (excellent)');
  }
  for (const field of ['couldHaveTheirSay', 'ableToAccessSupport'] as const) {
    const value = data[field];
    if (value !== undefined && value !== null && !FAMILY_ANSWERS.includes(value)) throw badInput(field, `must be one of ${FAMILY_ANSWERS.join(', ')}`);
  }
  return [
    {
      type: 'FamilyFeedbackRecorded',
      data: {
        auditId: state.id,
        recordedById: command.actor.staffId,
        recordedOn: command.today,
        rating,
        couldHaveTheirSay: data.couldHaveTheirSay ?? null,
        ableToAccessSupport: data.ableToAccessSupport ?? null,
        comments: optionalText(data.comments),
        notCompletedReason: rating === null ? notCompletedReason : null,
      },
    },
  ];
}

/** The practitioner's own section of the template (003 section 10), whose questions they answer. */
export const PRACTITIONER_SECTION = 'S10_PRACTITIONER_FEEDBACK';

/**
 * AUD-6 (000 "The practitioner should complete their own section in the audit"): the practitioner of
 * the case answers their section themself, question by question (the template's seven) and/or in a
 * comment. The auditor may record only why it could not be completed (003 "Please give reason if not
 * able to complete"). A later record replaces the earlier one.
 */
function recordPractitionerFeedback(command: RecordPractitionerFeedback, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  const isPractitioner = actor.staffId === state.practitionerId;
  if (!isPractitioner && actor.staffId !== state.auditorId) {
    throw forbidden('only the practitioner of the case or the allocated auditor may record practitioner feedback');
  }
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'feedback can be recorded');
  const comments = optionalText(data.comments);
  const notCompletedReason = optionalText(data.notCompletedReason);
  const answers = practitionerAnswers(command, state);
  if (!isPractitioner && (comments !== null || answers.length > 0)) {
    throw forbidden('the practitioner answers their own section (rule AUD-6): the auditor may record only why it could not be completed (notCompletedReason)');
  }
  if (comments === null && answers.length === 0 && notCompletedReason === null) {
    throw badInput('comments', 'give the practitioner’s feedback, or the reason it could not be completed (notCompletedReason)');
  }
  const completed = comments !== null || answers.length > 0;
  return [
    {
      type: 'PractitionerFeedbackRecorded',
      data: {
        auditId: state.id,
        recordedById: actor.staffId,
        recordedOn: command.today,
        comments,
        notCompletedReason: completed ? null : notCompletedReason,
        ...(answers.length > 0 ? { answers } : {}),
      },
    },
  ];
}

/** The answers to the practitioner's section, each a question of it answered once, in the template's order. */
function practitionerAnswers(command: RecordPractitionerFeedback, state: AllocatedAudit): { question: string; text: string }[] {
  const given = command.data.answers ?? [];
  if (!Array.isArray(given) || given.length === 0) return [];
  const template = auditTemplate({ template: command.template }, state);
  const section = template.sections.find((s) => s.key === PRACTITIONER_SECTION);
  if (!section) throw badInput('answers', `template ${template.id} v${template.version} has no practitioner section: give comments instead`);
  const seen = new Set<string>();
  const answers = given.map((a, i) => {
    const question = section.questions.find((q) => q.key === a.question);
    if (!question) throw badInput(`answers[${i}].question`, `${String(a.question)} is not a question of ${PRACTITIONER_SECTION} (${section.questions.map((q) => q.key).join(', ')})`);
    if (seen.has(question.key)) throw badInput(`answers[${i}].question`, `${question.key} is answered more than once`);
    seen.add(question.key);
    return { question: question.key, text: requireText(`answers[${i}].text`, a.text) };
  });
  const order = section.questions.map((q) => q.key);
  return answers.sort((x, y) => order.indexOf(x.question) - order.indexOf(y.question));
}
