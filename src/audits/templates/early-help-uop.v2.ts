import { EARLY_HELP_UOP_V1 } from './early-help-uop.v1.js';
import { FREE_TEXT, numberedQuestions, type AuditTemplate } from './template.js';

/**
 * "Understanding our Early Help Practice", version 2: version 1 with what its first page asks for
 * that version 1 left out (docs/rules/the-audit.md):
 *   - AUD-2: the "Overview of Case" box, "to be completed in conversation with practitioner", as four
 *     written questions before section 1;
 *   - AUD-3: the "Guidance on how to approach this audit", served with the template;
 *   - AUD-1: the "Date of collaborative discussion as part of the audit with the practitioner and/or
 *     Team Manager", required before submission.
 * Sections 1–10 are version 1's, unchanged.
 */
export const EARLY_HELP_UOP_V2: AuditTemplate = {
  ...EARLY_HELP_UOP_V1,
  version: 2,
  guidance: [
    'Please only review the preceding 6 months.',
    'It is the expectation for you to meet with the practitioner (and/or manager where relevant) to discuss your findings and facilitate a reflective discussion on the work.',
    'When you meet with the practitioner, it is the expectation that you will have reviewed the EISI and Holistix and have a good idea of the reason of involvement and the work undertaken in the last 6 months.',
    'Escalations: if you have any concerns about the safety of this child/young person, please escalate it immediately with the Team Manager and EH Coordinator. Please note who it has been escalated to and date of escalation – any immediate actions.',
  ],
  collaborativeDiscussion: 'REQUIRED',
  sections: [
    {
      key: 'OVERVIEW',
      title: 'Overview of case',
      graded: false,
      questions: numberedQuestions(
        'OVERVIEW',
        [
          'Brief synopsis of the key issues (one paragraph).',
          'Family Support Worker’s knowledge.',
          'What has worked well? Impact.',
          'Any challenges?',
        ],
        FREE_TEXT,
      ),
      guidance: 'To be completed in conversation with practitioner.',
    },
    ...EARLY_HELP_UOP_V1.sections,
  ],
};
