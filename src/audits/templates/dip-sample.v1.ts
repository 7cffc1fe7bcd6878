import { DIP_SAMPLE_TEMPLATE_ID } from '../../shared/audit-template.js';
import { numberedQuestions, type AuditTemplate } from './template.js';

/**
 * The audit team's dip sample, version 1.
 *
 * Dip samples are quick checks of the case records only, testing a specific area of practice in
 * the child's journey (closures, step downs, supervision, direct work); the quality assurance lead
 * reports the key findings, so the themes are answered, not graded. Answer only the themes the
 * dip sample is testing.
 *
 * The same template serves the dip audit 6 weeks after work graded Requires Improvement or
 * Inadequate: its PROGRESS section is graded, to show whether the actions agreed in the UoPP
 * meeting are progressing or the work has drifted.
 */
export const DIP_SAMPLE_V1: AuditTemplate = {
  id: DIP_SAMPLE_TEMPLATE_ID,
  version: 1,
  name: 'Dip sample of case records',
  kind: 'DIP_SAMPLE',
  sections: [
    {
      key: 'CLOSURE',
      title: 'Closures',
      graded: false,
      questions: numberedQuestions('CLOSURE', [
        'Is the reason for the closure of the Early Help Assessment clearly evidenced?',
        'Were thresholds applied appropriately at closure?',
        'Was the progress of the plan reviewed with the family and agencies before closure?',
        'Do the records and management footprint show the rationale for the closure decision?',
      ]),
    },
    {
      key: 'STEP_DOWN',
      title: 'Step downs',
      graded: false,
      questions: numberedQuestions('STEP_DOWN', [
        'Was the step down process followed?',
        'Was the case stepped down at the right time and held at the right level?',
        'Was a TAF/Professionals meeting undertaken in a timely manner after the step down?',
        'Is the lead professional clearly identified?',
      ]),
    },
    {
      key: 'SUPERVISION',
      title: 'Supervision',
      graded: false,
      questions: numberedQuestions('SUPERVISION', [
        'Is there evidence of case supervision at least every two months?',
        'Are actions from previous supervision followed up?',
        'Is there evidence of clearly recorded rationale for decision making where views of family and TAF are considered?',
        'Is Senior Management oversight on case records where needed?',
      ]),
    },
    {
      key: 'DIRECT_WORK',
      title: 'Direct work',
      graded: false,
      questions: numberedQuestions('DIRECT_WORK', [
        'Are visits timely to the family? Every 3 weeks',
        'Is there evidence of effective and purposeful Direct Work?',
        'Is there evidence of the use of the direct work tools?',
        'Do the records capture the voice and lived experience of the child?',
      ]),
    },
    {
      key: 'PROGRESS',
      title: 'Progress since the audit (6-week dip audit of work graded Requires Improvement or Inadequate)',
      graded: true,
      questions: numberedQuestions('PROGRESS', [
        'Are the actions agreed in the UoPP meeting progressing?',
        'Have the actions due by now been completed by their due dates?',
        'Have the actions been updated by the supervisor on the case record?',
        'Has the work progressed without delay or drift since the audit?',
        'Are the actions bringing the work towards a good or better grading?',
      ]),
      guidance:
        'Review and monitor progress of the actions agreed in the UoPP meeting and highlight any delay. ' +
        'The findings are shared with the Head of Service and Early Help Coordinator Lead, who address any delay and drift with the practitioner and their manager.',
      descriptors: {
        OUTSTANDING: ['The agreed actions are complete and the work now meets good consistently, with something outstanding in it.'],
        GOOD: [
          'The actions agreed in the UoPP meeting are completed or on track by their due dates.',
          'There is no delay or drift and the work has reached a good standard.',
        ],
        REQUIRES_IMPROVEMENT: [
          'Some actions are progressing but others are late or not yet evidenced on the case record.',
          'The work still falls below good but does not leave children at risk of significant harm.',
        ],
        INADEQUATE: [
          'The agreed actions are not progressing and the case has drifted.',
          'Children are left at risk of significant harm, or there is significant delay on the progression of the case.',
        ],
      },
    },
  ],
  gradeDescriptors: {
    OUTSTANDING: 'It meets good consistently in all points and has something outstanding in the work.',
    GOOD:
      'The child and family are receiving good support and the work is of a consistent high standard and making a difference to children. ' +
      'There are no examples of drift and any deficits in the work are minor and do not have an impact on children or outcomes.',
    REQUIRES_IMPROVEMENT: 'Falls below good but does not leave children at risk of significant harm.',
    INADEQUATE: 'Children are left at risk of significant harm. Significant delay on the progression of the case.',
  },
};
