import { optionalText, requireText, type CommandContext } from '../../shared/decider.js';
import { badInput } from '../../shared/errors.js';
import { ANSWERS, OVERALL, type Answer, type Grade } from '../../shared/domain-types.js';
import type { AllocatedAudit, AuditState, TemplateFact } from '../audit-state.js';
import type { AnswerRecorded, AuditEvent, CollaborativeDiscussionRecorded, GradeSet, SectionMarkedNotApplicable } from '../events.js';
import { overallGradeInconsistencies, suggestOverallGrade } from '../grading.js';
import { markSectionNotApplicable, recordCollaborativeDiscussion, type MarkSectionNotApplicable, type RecordCollaborativeDiscussion } from './during-the-audit.js';
import { auditTemplate, gradedSectionKeys, requireAudit, requireAuditor, requireGrade, requireGradeableSection, requireStatus, type WithTemplate } from './guards.js';

/**
 * The auditor's work while the audit is open to them (ALLOCATED or RETURNED; docs/rules/the-audit.md):
 * answers to the template's questions, free-text answers, section and overall grades, each grade with
 * its rationale; and, in during-the-audit.ts, the collaborative discussion (AUD-1) and a section
 * marked not applicable (AUD-8).
 */

/** A free-text template question (answers: []) is answered in words, not with YES/NO/N/A/Partially. */
export type RecordNarrative = CommandContext &
  WithTemplate & {
    type: 'RecordNarrative';
    data: { auditId: string; section: string; question: string; text: string };
  };

export type RecordAnswer = CommandContext &
  WithTemplate & {
    type: 'RecordAnswer';
    data: { auditId: string; section: string; question: string; answer: Answer; comment?: string | null };
  };

export type SetGrade = CommandContext &
  WithTemplate & {
    type: 'SetGrade';
    data: { auditId: string; section: string; grade: Grade; rationale: string };
  };

export type AnswersAndGradingCommand = RecordAnswer | RecordNarrative | SetGrade | MarkSectionNotApplicable | RecordCollaborativeDiscussion;
export type AnswersAndGradingEvent = AnswerRecorded | GradeSet | SectionMarkedNotApplicable | CollaborativeDiscussionRecorded;

export function decide(command: AnswersAndGradingCommand, state: AuditState): AuditEvent[] {
  switch (command.type) {
    case 'RecordAnswer':
      return recordAnswer(command, state);
    case 'RecordNarrative':
      return recordNarrative(command, state);
    case 'SetGrade':
      return setGrade(command, state);
    case 'MarkSectionNotApplicable':
      return markSectionNotApplicable(command, state);
    case 'RecordCollaborativeDiscussion':
      return recordCollaborativeDiscussion(command, state);
  }
}

export function evolve(state: AllocatedAudit, event: AnswersAndGradingEvent): AllocatedAudit {
  switch (event.type) {
    case 'AnswerRecorded': {
      const { section, question, answer } = event.data;
      return { ...state, answers: { ...state.answers, [section]: { ...state.answers[section], [question]: answer } } };
    }
    case 'GradeSet': {
      const { [event.data.section]: _graded, ...notApplicable } = state.notApplicable;
      return { ...state, auditorGrades: { ...state.auditorGrades, [event.data.section]: event.data.to }, notApplicable };
    }
    case 'SectionMarkedNotApplicable': {
      const { [event.data.section]: _setAside, ...auditorGrades } = state.auditorGrades;
      return { ...state, auditorGrades, notApplicable: { ...state.notApplicable, [event.data.section]: event.data.reason } };
    }
    case 'CollaborativeDiscussionRecorded':
      return { ...state, collaborativeDiscussionOn: event.data.discussedOn };
  }
}

function recordAnswer(command: RecordAnswer, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireAuditor(command, state, 'record answers');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'answers can be recorded');
  const template = auditTemplate(command, state);
  const section = template.sections.find((s) => s.key === data.section);
  if (!section) throw badInput('section', `${String(data.section)} is not a section of template ${template.id} v${template.version}`);
  const question = section.questions.find((q) => q.key === data.question);
  if (!question) throw badInput('question', `${String(data.question)} is not a question of section ${section.key}`);
  if (question.answers.length === 0) {
    throw badInput('answer', `question ${question.key} is free text, not a choice: use recordNarrative to answer it`);
  }
  if (!ANSWERS.includes(data.answer) || !question.answers.includes(data.answer)) {
    throw badInput('answer', `question ${question.key} takes one of ${question.answers.join(', ')}`);
  }
  return [
    {
      type: 'AnswerRecorded',
      data: { auditId: state.id, section: section.key, question: question.key, answer: data.answer, comment: optionalText(data.comment) },
    },
  ];
}

function recordNarrative(command: RecordNarrative, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireAuditor(command, state, 'record answers');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'answers can be recorded');
  const template = auditTemplate(command, state);
  const section = template.sections.find((s) => s.key === data.section);
  if (!section) throw badInput('section', `${String(data.section)} is not a section of template ${template.id} v${template.version}`);
  const question = section.questions.find((q) => q.key === data.question);
  if (!question) throw badInput('question', `${String(data.question)} is not a question of section ${section.key}`);
  if (question.answers.length > 0) {
    throw badInput('question', `question ${question.key} takes one of ${question.answers.join(', ')}: use recordAnswer for it`);
  }
  const text = requireText('text', data.text);
  return [{ type: 'NarrativeRecorded', data: { auditId: state.id, section: section.key, question: question.key, text } }];
}

function setGrade(command: SetGrade, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireAuditor(command, state, 'grade it');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'the auditor can grade');
  const template = auditTemplate(command, state);
  requireGradeableSection(template, data.section);
  requireGrade('grade', data.grade);
  const rationale = requireText('rationale', data.rationale);
  return [
    {
      type: 'GradeSet',
      data: {
        auditId: state.id,
        section: data.section,
        from: state.auditorGrades[data.section] ?? null,
        to: data.grade,
        rationale,
        auditorId: state.auditorId,
      },
    },
  ];
}

/**
 * For the audit form while the auditor works: the overall grade the section grades so far suggest, and
 * why the current overall grade looks inconsistent with them (grading.ts). Advice only; nothing is refused.
 */
export function overallGradeAdvice(state: AllocatedAudit, template: TemplateFact): { suggested: Grade | null; inconsistencies: string[] } {
  const sectionGrades = gradedSectionKeys(template)
    .map((key) => state.auditorGrades[key])
    .filter((grade): grade is Grade => grade !== undefined);
  const overall = state.auditorGrades[OVERALL];
  return {
    suggested: suggestOverallGrade(sectionGrades),
    inconsistencies: overall ? overallGradeInconsistencies(overall, sectionGrades) : [],
  };
}
