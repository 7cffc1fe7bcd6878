import { GRADES } from '../../shared/domain-types.js';
import { SOCIAL_CARE_V1 } from './social-care.v1.js';
import type { AuditTemplate } from './template.js';

const outcomes = SOCIAL_CARE_V1.sections.find((s) => s.key === 'OUTCOMES')!;

/**
 * Children's social care case file audit, version 2: version 1 read as the documents mean it
 * (docs/rules/the-audit.md):
 *   - AUD-11 (002 "Outcomes"): Outcomes is the rule for the overall judgement ("where the majority of
 *     individual sections have been judged to be Good…"), so it is no longer a section graded beside
 *     the others and counted again in the overall grade: its questions stay, ungraded, and its
 *     descriptors lead the audit's grading criteria;
 *   - AUD-8 (004 "Do not feel you need to fill in every box"): a section may be marked not applicable;
 *   - AUD-1 (004 "Set a date and time which works for you and the social worker"): the date of the
 *     discussion with the social worker is recorded before submission;
 */
export const SOCIAL_CARE_V2: AuditTemplate = {
  ...SOCIAL_CARE_V1,
  version: 2,
  guidance: [
    'Set a date and time which works for you and the social worker, and ask them to review the audit form before you meet.',
    'Remind the social worker that this is an audit of the file – of the whole approach by Children’s Social Care – and not of them as a social worker.',
    'Do not feel you need to fill in every box: fill in the boxes which are relevant to this case, and mark a section not applicable with the reason.',
    'If you encounter actions which, without being actioned, put the child at risk of significant harm, escalate these to the manager and group manager immediately.',
    'Include a rationale for what you are saying and your judgements and scoring, and for your overall scoring of the file.',
  ],
  collaborativeDiscussion: 'REQUIRED',
  sectionsMayBeNotApplicable: true,
  sections: [
    ...SOCIAL_CARE_V1.sections.filter((s) => s.key !== 'OUTCOMES'),
    {
      ...outcomes,
      graded: false,
      guidance: 'The overall judgement of the file follows these: it is the OVERALL grade, not a section graded beside the others.',
    },
  ],
  gradeDescriptors: Object.fromEntries(
    GRADES.map((grade) => [grade, `Outcomes: ${outcomes.descriptors![grade]!.join(' ')} ${SOCIAL_CARE_V1.gradeDescriptors[grade]}`]),
  ) as AuditTemplate['gradeDescriptors'],
};
