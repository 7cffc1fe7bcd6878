import type { Answer, Grade } from './domain-types.js';

/**
 * Audit templates are data: an audit keeps the template id and version it was allocated with,
 * so a published version is never changed. A change to wording, questions or sections is a new
 * entry with the next version number beside the old one. The versions themselves are in
 * src/audits/templates/; their shape is here, for the audit and dip sample deciders are given them.
 */

export interface TemplateQuestion {
  /** Unique within the template (not just the section): AnswerRecorded carries it on its own. */
  key: string;
  text: string;
  /** The answers the question allows; [] for a free-text question. */
  answers: Answer[];
}

export interface TemplateSection {
  key: string;
  title: string;
  /** Whether the auditor and moderator grade this section; the overall grade is always under OVERALL. */
  graded: boolean;
  questions: TemplateQuestion[];
  /** Prompts for the auditor's narrative, in the template's words. */
  guidance?: string;
  /** What the grade looks like for this area; documents often describe only Good. */
  descriptors?: Partial<Record<Grade, string[]>>;
}

export interface AuditTemplate {
  id: string;
  version: number;
  name: string;
  kind: 'EARLY_HELP' | 'SOCIAL_CARE' | 'DIP_SAMPLE';
  sections: TemplateSection[];
  /** The grading criteria that apply to the audit as a whole. */
  gradeDescriptors: Record<Grade, string>;
  /** How to approach the audit, in the template's words (003 "Guidance on how to approach this audit"). */
  guidance?: string[];
  /** AUD-1: the date of the collaborative discussion with the practitioner is recorded before submission. */
  collaborativeDiscussion?: 'REQUIRED';
  /** AUD-8 (004 "Do not feel you need to fill in every box"): a graded section may be marked not applicable. */
  sectionsMayBeNotApplicable?: boolean;
  /**
   * AUD-10 (004 "10% of audits received are moderated each month by the AP team"): only a sample of
   * this share, in percent, of the month's audits is moderated; the rest complete without moderation.
   * Absent: every audit is moderated by its allocated moderator.
   */
  moderationSamplePercent?: number;
}

/** The dip sample template (src/audits/templates/dip-sample.v1.ts): an audit allocated with it is a dip audit. */
export const DIP_SAMPLE_TEMPLATE_ID = 'dip-sample';
