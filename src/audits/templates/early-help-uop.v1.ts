import { OVERALL } from '../../shared/domain-types.js';
import { FREE_TEXT, YES_NO_NA, numberedQuestions, type AuditTemplate } from './template.js';

/**
 * "Understanding our Early Help Practice", the Early Help case audit template, version 1.
 *
 * Section 1 (overall evaluation) is the audit's overall grade, which every audit records under
 * the section key OVERALL. It is listed here under that key so the form keeps the document's
 * order, but it is not graded as a section and holds no questions: the overall grade is suggested
 * from sections 2–8, never counted among them.
 *
 * Questions are keyed by their order in the section: the document numbers section 2's questions
 * 1, 3, 4, … (there is no 2), and S2_Q2 is the one printed as "3.".
 */
export const EARLY_HELP_UOP_V1: AuditTemplate = {
  id: 'early-help-uop',
  version: 1,
  name: 'Understanding our Early Help Practice',
  kind: 'EARLY_HELP',
  sections: [
    {
      key: OVERALL,
      title: 'Overall evaluation of quality, impact and outcomes achieved by this work for practice',
      graded: false,
      questions: [],
      guidance:
        'Grade and comment on the quality of work by the practitioner/ team manager and its impact on the child/ family. ' +
        'Please summarize your reasons.',
    },
    {
      key: 'S2_WHY_HELP',
      title: 'Why this family needs help',
      graded: true,
      questions: numberedQuestions('S2', [
        'Is the practitioner clear about why is Early Help working with this family?',
        'Was the help/ support identified provided in a timely manner in line with the practice guidance?',
        'Have thresholds been appropriately applied and this case held at the right level?',
        'Was a TAF/Professionals meeting undertaken in a timely manner, where required?',
        'If the case was a step down was the process followed?',
        'Was risk explored and where appropriate was a risk assessment completed?',
        'Is there a Safety Plan on file?',
      ]),
      guidance:
        'CURIOSITY to understand the child and families experience. ' +
        'How would you say the practitioner worked with the family and team around it to address needs and improve family’s resilience? ' +
        'If there was risk identified, please describe how it was addressed. Was a safety plan completed and shared with family and professionals? ' +
        'What would you recommend to strengthen practice?',
      descriptors: {
        GOOD: [
          'There is a good understanding of the family, its functioning, strengths, culture as well as needs and challenges',
          'Risk (including extra familial) has been recognised and escalated as needed',
          'The case has been stepped up or down at the right time.',
        ],
      },
    },
    {
      key: 'S3_CASE_RECORD',
      title: 'The quality of the child’s case record: the record in the case file demonstrates the work carried out with the family',
      graded: true,
      // Q3 asks about gaps: YES is the finding of concern on this one.
      questions: numberedQuestions('S3', [
        'Is there evidence of the use of the direct work tools?',
        'Is there signed consent for recording and sharing of information on file?',
        'Are there gaps in case recordings?',
        'Is the lead professional clearly identified?',
        'Do the records capture the lived experience of all family members?',
      ]),
      guidance:
        'Comment on the quality of the case records. Does it offer a running narrative of the child’s lived experience and journey? ' +
        'What are the strengths of practice on case recording? What direct tools were used? ' +
        'What would you recommend to strengthen practice?',
      descriptors: {
        GOOD: [
          'Visits, meetings, decisions and plans are well recorded.',
          'The file gives a good understanding of the child and their story. It enhances the child’s understanding of their own history and experiences.',
          'Records and management footprint show the rationale for decisions.',
          'The chronology is up to date, succinct and shows the child’s story.',
        ],
      },
    },
    {
      key: 'S4_ASSESSMENT',
      title: 'Quality of assessments: assessments (eEHA) are timely, proportionate, analytical and of high quality, and lead to appropriately focused help',
      graded: true,
      questions: numberedQuestions('S4', [
        'Has a timely assessment been completed (30 days)?',
        'Are the reasons for undertaking the assessment clear (with consideration of SSF)?',
        'Does the assessment offer a clear analysis and professional judgement?',
        'Was the assessment shared with the family?',
        'Does the assessment contain the voice and lived experience of the child?',
        'Does the assessment result in an effective recommendation/plan?',
      ]),
      guidance:
        'What is the quality of the assessment? What are the strengths on the assessment? ' +
        'Does the assessment identify risk, needs and protective factors, including evidence of parental capacity? ' +
        'What would you recommend to strengthen practice?',
      descriptors: {
        GOOD: [
          'The assessment is whole family and identifies: SSF criteria; unmet needs / concerns – vulnerabilities and adversities; strengths – protective factors and resilience',
          'The assessment is proportionate to the needs of the family',
          'The assessment considers the views interests and needs of all children and parents in the home',
          'The assessment is factual, evidence based and focused on improving outcomes for the child/young person in the context of their family',
          'The assessment includes information from a range of agencies as appropriate',
          'The assessment explores and addresses the impact of age, disability, ethnicity, faith/belief, gender identity, language, race and sexual orientation',
          'The voice of the child/young person is explicit in the assessment process',
          'The voice of the parent(s)/carer(s) is explicit in the assessment process (if appropriate)',
          'A critical analysis and evaluation of the information gathered from the child, young person and family is present in the assessment',
          'The assessment shows an understanding of the history and wider family context and the impact of this on the child or young person',
          'The assessment is written in understandable and respectful language and has been shared with young person and carers/parents.',
          'The assessment has resulted in a direct offer for help, and this addresses the concerns of the child/ young person.',
        ],
      },
    },
    {
      key: 'S5_PLANS_REVIEWS',
      title: 'Quality of plans/reviews/interventions',
      graded: true,
      questions: numberedQuestions('S5', [
        'Is there clear sense of the views, and when appropriate children’s interests, needs and strengths?',
        'Was the review completed in a timely way (6-8 weeks from original assessment or last review)?',
        'Was the plan developed with the child and family?',
        'Are all key professionals clear about their role, and/or contributing to the plan?',
        'Are the outcomes in the plans SMART?',
        'Is the plan child centred and written in a way children or parents can understand?',
        'Has the need to escalate to CSC or a higher risk service been considered?',
      ]),
      guidance:
        'CO-PRODUCTION – enabling and engaging children and families to find their own solutions. ' +
        'What do you think of the quality of the plan? Is it making a difference for the child? What are the strengths of practice on plan? ' +
        'How well are the views of the young person and family brought into review? ' +
        'What is the quality of the multi-agency work? What are the strengths of practice on multi agency work? ' +
        'What would you recommend to strengthen practice?',
      descriptors: {
        GOOD: [
          'The review date and time takes into account the specific circumstances of the child/young person and their family',
          'The review considers any newly identified needs and strengths and uses them to inform the next steps',
          'The child/young person is present at the review meeting (if appropriate). Their views are sought on planning the next steps and their comments are recorded',
          'The parents/carers are present at the review meeting (if appropriate). Their views are sought on planning the next steps and their comments are recorded',
          'The outcome of each review is clearly recorded and the next review date identified (if the Early Help Assessment is not closing)',
          'The initial review meeting is set six weeks after the Team around the Family meeting. Subsequent reviews are timely according to the specific needs and actions identified in the plan.',
          'The reason for the closure of the Early Help Assessment is clearly evidenced',
          'SMART plans are developed with children and parents and written in plain language, so that the child and parents understand what is required of them. The plan sets out the help the child and family will receive.',
          'The progress of the plan is regularly reviewed with the family and the agencies. The successes and strengths of the family celebrated.',
          'If change is not occurring for the child at the right timescale, appropriate action is taken to prevent drift and delay, including use of contingency plans and escalation.',
          'The Plan recognises risks and outlines how risk can be responded to or reduced',
        ],
      },
    },
    {
      key: 'S6_DIRECT_WORK',
      title: 'Quality of intervention and direct work with the child, and family',
      graded: true,
      questions: numberedQuestions('S6', [
        'Are visits timely to the family? Every 3 weeks',
        'Is there evidence that we planned sessions to foster connection and empathy - clarity of what planned session means?',
        'Is there evidence of effective and purposeful Direct Work?',
        'Are parents, wider family and community being appropriately involved?',
        'Has the father/ male figure been considered and/or involved?',
        'Have we consistently considered the views, interests and needs of all the children in the family?',
      ]),
      guidance:
        'CONNECTION – building connections and relationships with children and families is key to creating change. ' +
        'What is the quality of the ‘connection’ or relationship with the family? What are the strengths of practice on intervention with CYP/families? ' +
        'What would you recommend strengthening practice?',
      descriptors: {
        GOOD: [
          'Children benefit from stable, meaningful relationships with social workers. They are seen alone, in line with the timescales in their plan.',
          'The child has had chances to express concerns, understand challenges, and has hope that the future will improve.',
          'Parents have had the chance to understand the impact of their behaviour on the child, and their physical and emotional wellbeing.',
          'Intervention leads to improved relationships and meaningful and sustainable outcomes and change.',
          'Direct work is purposeful.',
          'CYP/Care leavers have been offered an advocate and children in care have access to complaints and know their entitlements. When they make complaints, this results in change.',
          'Children are effectively prepared for, and carefully matched with, a permanent placement. Their wishes and feelings influence the decisions about where they live. Children are helped to develop secure, primary attachments with the adults caring for them.',
          'They are helped to understand their life histories, experiences and identities through life story work.',
          'If the child returns home, there is purposeful work carried out with the family so it is safe for the child to return. This prevents further unnecessary episodes of care.',
          'There is evidence that tools are used appropriately and make a difference to intervention and direct work (e.g. Harm outside the home, affective statements, safety planning template, restorative circles, etc.)',
        ],
      },
    },
    {
      key: 'S7_SUPERVISION',
      title: 'Supervision, management oversight and quality assurance',
      graded: true,
      questions: numberedQuestions('S7', [
        'Is there evidence of supervision modelling collaboration e.g. between Supervisor and Supervisee?',
        'Is there evidence of clearly recorded rationale for decision making where views of family and TAF are considered?',
        'Is there evidence of case supervision at least every two months?',
        'Is there evidence of seeking and acting on feedback from practitioner, family and partners?',
        'Are actions from previous supervision followed up?',
        'Is Senior Management oversight on case records where needed?',
      ]),
      guidance:
        'COLLABORATION – working with children and families to achieve positive change, resolve conflict and repair harm. ' +
        'How well is supervision driving the case? How much is it reflective and curious about the child and contributing to effective Early Help intervention and better outcomes? ' +
        'What are the strengths of supervision? What are the impacts on practice? ' +
        'What would you recommend strengthening practice?',
      descriptors: {
        GOOD: [
          'Systematic and high-quality management oversight of frontline practice drives child-centred plans and actions within the timescales appropriate for the child and family',
          'Actions are clearly recorded, and progress reviewed.',
          'Effective and timely planning, support and decision-making takes place.',
          'TAF meetings review plans with the people who know the child / family, address any deficits and bring appropriate challenge.',
          'Issues of concerns are escalated appropriately.',
        ],
      },
    },
    {
      key: 'S8_COMMUNITY',
      title: 'Building on and strengthening community',
      graded: true,
      questions: numberedQuestions('S8', [
        'Has Family Group Conference been considered?',
        'Has community support been explored, including working with the voluntary and community sector?',
        'Is there evidence of culturally competent practice (evident through interventions/assessment considering identity etc.)?',
        'Have barriers to successfully accessing service been explored and addressed?',
      ]),
      guidance:
        'COMMUNITY – culturally competent practice that enables children to thrive in caring communities. ' +
        'What is the quality of work around exploring the child’s wider family and support network? What impact did it have on child? ' +
        'What are the strengths of practice on strengthening community? ' +
        'What would you recommend to strengthen practice?',
      descriptors: {
        GOOD: [
          'Social work is culturally aware and sensitive and ensures respect and good understanding of the family.',
          'Social work identifies all relevant people in the family and builds on strengths in the family and community so that children can remain in their family when it is safe for them to do so.',
          'Use of appropriate tools informs the work.',
          'Identity, culture and connection to community is promoted in placements and contact.',
          'Extra familial risks (where relevant) have been explored and mapped. This was used effectively to inform planning.',
        ],
      },
    },
    {
      key: 'BESPOKE',
      title: 'Bespoke questions',
      graded: false,
      questions: numberedQuestions(
        'BESPOKE',
        [
          'Culturally competent practice: Are genograms and ecomaps used to explore a family’s history and support?',
          'Culturally competent practice: Is identity and culture sufficiently explored within EHA assessments?',
          'Cost of living crisis: How effectively is the impact of the current cost-of-living crisis considered in the assessment, other support and practice in general?',
        ],
        FREE_TEXT,
      ),
    },
    {
      key: 'S9_FAMILY_FEEDBACK',
      title: 'Family feedback',
      graded: false,
      // Q1 is a 1–5 rating and the rest free text, except Q3 and Q7 which are YES / NO / N/A.
      questions: [
        {
          key: 'S9_Q1',
          text: 'How was your relationship with your practitioner? Please give a grading between 1 and 5: 1 being not good and 5 being excellent.',
          answers: [],
        },
        { key: 'S9_Q2', text: 'What did you find most helpful and least helpful?', answers: [] },
        {
          key: 'S9_Q3',
          text: 'Were you supported to have your say/ did you feel you could have your say? e.g., do you feel you are able tell your story once',
          answers: [...YES_NO_NA],
        },
        { key: 'S9_Q4', text: 'What difference did the support make? (Give example)', answers: [] },
        { key: 'S9_Q5', text: 'Is there anything you would have liked done differently?', answers: [] },
        {
          key: 'S9_Q6',
          text: 'In the last three months, have you and your family experienced difficulties due to the cost-of-living crisis? Tell us how, i.e., difficulties to pay the bills, to buy food, etc.',
          answers: [],
        },
        {
          key: 'S9_Q7',
          text: 'Are you able to access support services available in your area? If no why not?',
          answers: [...YES_NO_NA],
        },
        { key: 'S9_Q8', text: 'Any other comments', answers: [] },
      ],
      guidance:
        'CHECKING BACK - promoting accountability, quality assurance and a culture of learning. ' +
        'Please give reason if not able to complete.',
    },
    {
      key: 'S10_PRACTITIONER_FEEDBACK',
      title: 'Practitioner feedback',
      graded: false,
      questions: numberedQuestions(
        'S10',
        [
          'Can you give an example of the Better Together Framework being used with this family?',
          'Please can you tell us about your experience of supervision on this case',
          'What did you find supported/ helped your work in this case?',
          'What challenges might have hindered your progress with working with this family?',
          'After the audit discussion: Is there anything you would have done differently with the family?',
          'After the audit discussion: What changes if any to your practice will you make in future work?',
          'Any other comments? Any training needs?',
        ],
        FREE_TEXT,
      ),
      guidance: 'Please give reason if not able to complete.',
    },
  ],
  // "What does good look like?": the template's grading criteria.
  gradeDescriptors: {
    OUTSTANDING:
      'It meets good consistently in all points AND that it has something outstanding in the work e.g. exceptionally effective direct work that achieves extraordinary results. ' +
      'E.g. a particularly thorough and sophisticated assessment of complex issues that helps give clarity and direction to the case.',
    GOOD: [
      'The child and family are receiving good support, thresholds are applied appropriately and the work is of a consistent high standard and making a difference to children. ' +
        'There are no examples of drift and any deficits in the work are minor and do not have an impact on children or outcomes.',
      '- thresholds applied appropriately; step up/down, escalation and closure',
      '- relationship based direct work is evident and purposeful and is making a difference',
      '- Families strengths as well as vulnerability are recognised and risk is managed well',
      '- There is evidence of good work with partners and plans are multi agency',
      '- Work is consistently whole family and all children’s needs are met',
      '- management oversight is effective and driving the case',
      '- The case has not drifted',
      '- Assessments are comprehensive, analytical and make appropriate recommendations that inform well targeted help in plans',
      '- Agencies are used well to inform plans and support families',
    ].join('\n'),
    REQUIRES_IMPROVEMENT: 'Falls below good but does not leave children at risk of significant harm.',
    INADEQUATE: 'Children are left at risk of significant harm. Significant delay on the progression of the case.',
  },
};
