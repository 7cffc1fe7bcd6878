import { numberedQuestions, type AuditTemplate } from './template.js';

/**
 * Children's social care case file audit, version 1: the seven areas of the practice guidance
 * "Supporting audit consistency", each with what Outstanding, Good, Requires Improvement and
 * Inadequate look like for that area, and the overall scoring reminder from the advice for auditors.
 *
 * The guidance describes grades rather than asking questions, so each area's questions are the
 * points of its Good descriptor put as YES / NO / N/A / Partially questions.
 */
export const SOCIAL_CARE_V1: AuditTemplate = {
  id: 'social-care',
  version: 1,
  name: 'Understanding our Practice: children’s social care case file audit',
  kind: 'SOCIAL_CARE',
  sections: [
    {
      key: 'CONTACT_REFERRAL',
      title: 'Contact / Referral',
      graded: true,
      questions: numberedQuestions('CONTACT_REFERRAL', [
        'Is the contact/referral on the agreed format and does it contain all the relevant information?',
        'Does it show clear understanding of when it is appropriate to refer to social care or Early Help?',
        'Was a response given within agreed timescales, with a decision appropriate to the identified need?',
        'Did the decision take account of all the previous referrals and contacts?',
        'Are strengths, risks and safety factors clearly recorded?',
        'Is consent on file where it should have been obtained?',
        'Is the manager’s rationale for the decision and the next steps evidenced and appropriate for the referral and the history?',
        'Are allocation and the action needed clearly recorded on Liquid Logic and the Early Help Module?',
      ]),
      descriptors: {
        OUTSTANDING: [
          'The contact/referral practice is consistently Good or better, expectations are not only met but exceeded in some way, with the auditor’s explanation noted in the narrative.',
        ],
        GOOD: [
          'Contact/referral is on the agreed format, contains all the relevant information and shows clear understanding of when it is appropriate to refer to social care or Early Help.',
          'Responses are given within agreed timescales, with the decisions appropriate to the identified need.',
          'Decisions take account of all the previous referrals and contacts.',
          'Strengths, risks and safety factors are clearly recorded.',
          'Managers’ rationale for the decision made and the next steps are evidenced and appropriate for the referral and the history.',
          'Evidence of allocation and action needed are clearly recorded on Liquid Logic and the Early Help Module.',
        ],
        REQUIRES_IMPROVEMENT: [
          'Referral shows enough evidence of when it is appropriate to refer to social care and gives some indication of strengths and risks but lacks behavioural details.',
          'The referral is on the right format but not all relevant information is included.',
          'There is evidence that some previous referrals and contacts have been reviewed, referral is acted upon promptly.',
        ],
        INADEQUATE: [
          'Referral has some gaps with vital information missing and/or should have been made earlier.',
          'Either/both strengths and safety boxes are left blank.',
          'Consent is missing where it should have been obtained and where it would have been reasonable to have obtained it.',
          'There is no evidence that previous contacts/referrals have been reviewed or considered.',
          'There is no risk analysis and the rationale for the next steps decision has not been recorded.',
        ],
      },
    },
    {
      key: 'RECORDING',
      title: 'Recording / Information',
      graded: true,
      questions: numberedQuestions('RECORDING', [
        'Is recording/information on LL concise and analytical, with sufficient detail to ensure safeguarding and focussed planning?',
        'Is demographic information accurate, with names, contact numbers, addresses and e-mail addresses current, clear and accessible?',
        'Where appropriate, are danger statements, safety goals and scaling evident on file and do they address the specific behaviours of concern and their impact on the child?',
        'Are case records written in plain, jargon free language that would enable a service user to understand their story?',
        'Is recording completed in line with the Recording Policy?',
        'For a looked after child, does the file include a recent photograph?',
      ]),
      descriptors: {
        OUTSTANDING: [
          'The recording/information practice is consistently Good or better, expectations are not only met but exceeded in some way, with the auditor’s explanation noted in the narrative.',
        ],
        GOOD: [
          'Recording/Information on LL is concise and analytical and contains sufficient details to ensure safeguarding and focussed planning.',
          'Demographic information is accurate with names, contact numbers and addresses being current and clear. E-mail addresses are on file and clearly accessible.',
          'Where appropriate, Danger statements, safety goals and scaling are evident on file and address the specific behaviours that are of concern and impact on the child.',
          'Case records are written in plain, jargon free language, that enable a service user to understand their story.',
          'Recording is completed in line with the Recording Policy.',
          'Files for looked after children include a recent photograph.',
        ],
        REQUIRES_IMPROVEMENT: [
          'LL information is timely, concise and allows clear plans to be made which are measurable and understandable.',
          'Contact details are current but not easy to find. Not all telephone numbers are listed, and e-mail addresses are missing.',
          'Where appropriate, Danger statements, safety goals and scaling are evident on file but not clear and concise and do not address specific behaviours.',
          'Case file recording is of sufficient quality to be easily understood by a service user if they were to access their file.',
        ],
        INADEQUATE: [
          'LL recording is out of date, unfocussed and does not provide sufficient information to support planning or decision making.',
          'Demographic information is incorrect/misleading.',
          'Danger statements, safety goals, concerns and scaling are not recorded on file.',
          'Case file recording is incomplete, outside the timescales within the Recording Policy, difficult to understand and/or inconsistent.',
        ],
      },
    },
    {
      key: 'ASSESSMENT',
      title: 'Assessment',
      graded: true,
      questions: numberedQuestions('ASSESSMENT', [
        'Does the assessment clearly indicate strengths and areas of concern and provide a detailed analysis?',
        'Does it include all members of the household and other connected people important to the child/young person, and address the role of absent fathers?',
        'Does it identify a clear plan with relevant analysis of strengths, needs and, where relevant, risks?',
        'Does it refer back to the original concerns and incorporate historical information?',
        'Is there explicit analysis of the multi-agency context/input, informing the decision making?',
        'Has the child been seen alone, with their views recorded and reflected in the assessment?',
        'Has direct work been analysed to ascertain what life is like for the child?',
        'Are diversity and disability issues addressed, and support to address any challenges identified?',
        'Was the assessment reviewed, quality assured and approved by the manager within timescales?',
        'Was the assessment shared with parents and carers promptly, with their feedback sought and recorded on the file?',
      ]),
      descriptors: {
        OUTSTANDING: [
          'The assessment practice is consistently Good or better, expectations are not only met but exceeded in some way, with the auditor’s explanation noted in the narrative.',
        ],
        GOOD: [
          'Assessment clearly indicates strengths and areas of concern, provides a detailed analysis and includes all members of the household plus other connected people important to the child/young person.',
          'The role of absent fathers is addressed.',
          'The assessment is of good quality and identifies a clear plan with relevant analysis of strengths, needs and, where relevant, risks.',
          'The assessment refers back to the original concerns and incorporates historical information.',
          'There is explicit analysis of the multi-agency context/input and this informs the decision making.',
          'The child has been seen alone and their views are recorded and reflected in the assessment.',
          'The assessment demonstrates a sense of the child and there is evidence that direct work completed has been analysed to ascertain what life is like for them.',
          'Diversity and disability issues are addressed, and support required to address any challenges is identified.',
          'Assessments are reviewed, quality assured and approved by the manager within timescales.',
          'Assessments are shared with parents and carers promptly and feedback is sought and recorded on the file.',
        ],
        REQUIRES_IMPROVEMENT: [
          'The assessment provides some information on strengths, safety and areas of concern, analysis is limited and may not include key members of the household – including fathers and partners.',
          'The identified Plan does not fully address risk/need.',
          'There is some consideration of the family and friends’ network, but this is not fully explored to enlist their help and support for the child/family.',
          'The assessment contains some information from other agencies.',
          'It is evident that the child has been seen but there is not a clear record of their lived experience, wishes and feelings or what they say they need to feel safe or improve their current situation as expressed in the referral concern.',
          'There is some evidence of direct work with the child and the use of appropriate tools, but this has not been analysed to inform the outcome of the assessment.',
          'Disability and diversity issues have been considered but not fully explored.',
          'The assessment uses some jargon and is not fully written with the family as intended readers.',
          'Assessments have been reviewed and approved by managers within required timescales.',
          'The file evidences that the assessment and its outcomes have been shared with the family and if appropriate, with the child.',
        ],
        INADEQUATE: [
          'Assessment does not identify strengths and areas of concern and provides no or little analysis.',
          'It does not properly include all relevant family members.',
          'Risks to the child are not considered.',
          'Assessment uses jargon and language which will not be accessible to family members.',
          'The assessment does not include a clear conclusion about the needs of the child or whether CIN/CP is the appropriate framework.',
          'There is no multi-agency input to the assessment despite it being clear that others are involved.',
          'There is no evidence that the child has been seen or that they have been spoken to on their own in a meaningful way.',
          'There is no direct work evident on file and no evidence that disability/diversity issues have been considered.',
          'Assessment has not been signed off by the manager.',
          'Assessment has not been shared with the family.',
        ],
      },
    },
    {
      key: 'PLANNING',
      title: 'Planning',
      graded: true,
      questions: numberedQuestions('PLANNING', [
        'Is an up to date Plan in place, reviewed within required timescales including following significant events?',
        'Does planning evidence a good understanding of the child’s needs and show how these will be met within timescale?',
        'Is the Plan informed by the analysis of direct work and making a positive difference to the child’s life?',
        'Does the plan outline the actions that will be taken to ensure the child’s safety and well-being, rather than being a list of services?',
        'Is there strong evidence of the child and family involvement in the development of the Plan?',
        'Is the Plan progressing and meeting the child’s needs, and where it is not, are the reasons explored and changes made?',
        'Have visits taken place in line with required timescales, and are they recorded as purposeful and focussed?',
        'For a looked after child, are they supported to have contact with the people they say are important to them?',
        'Does the case file recording tell the child’s story and evidence progress?',
      ]),
      descriptors: {
        OUTSTANDING: [
          'The planning practice is consistently Good or better, expectations are not only met but exceeded in some way, with the auditor’s explanation noted in the narrative.',
        ],
        GOOD: [
          'An up to date Plan is in place and is regularly reviewed within required timescales, including following significant events.',
          'Planning evidences a good understanding of the child’s needs and shows how these will be met within timescale.',
          'There is evidence that the Plan is informed by the analysis of direct work and is making a positive difference to the child’s life.',
          'The plan outlines the actions that will be taken to ensure the child’s safety and well-being, improve the child’s life and is not just a list of services.',
          'There is strong evidence of the child and family involvement in the development of the Plan.',
          'The Plan is progressing and meeting the child’s needs and, where this is not the case, the reasons for this are explored and changes made where needed.',
          'Visits have taken place in line with required timescales, more frequently where required and recording shows that these were purposeful and focussed.',
          'Looked after children are supported to have contact with the people they say are important to them and this is prioritised. Complex responses after contact are fully explored, understood and supported.',
          'The case file recording tells the child’s story and evidences progress.',
        ],
        REQUIRES_IMPROVEMENT: [
          'An up to date Plan is in place and is regularly reviewed within required timescales.',
          'The Plan is more focussed on tasks and services rather than who within the family (or other key people) will do what to keep them safe and well.',
          'There is some consideration of the family and friends’ network, but this has not been fully explored to enlist their help and support.',
          'Recording indicates that the Plan is having some positive impact on the life of the child and consideration is given to making amendments to improve this still further.',
          'Social worker has visited in line with statutory requirements and there is evidence that the child has been seen on their own.',
          'Case file recording meets most required standards.',
        ],
        INADEQUATE: [
          'No current Plan on file, where an out of date Plan does exist, it is just a list of tasks and places to go.',
          'Family Network Meetings have not taken place despite being indicated.',
          'The Plan has not been reviewed despite this being a requirement.',
          'There is no evidence of the child/the family/the network being involved in planning or decision making.',
          'The planning is drifting and has not been progressed.',
          'There is no, or little evidence that the child has been visited in line with statutory/local timescales.',
          'LL recording is limited/absent with respect to key issues.',
        ],
      },
    },
    {
      key: 'REVIEWS',
      title: 'Reviews',
      graded: true,
      questions: numberedQuestions('REVIEWS', [
        'Have reviews of the Plan been held in line with the appropriate practice framework (CIN, CP, LAC, Leaving Care), with Plans responsive to the child’s changing needs?',
        'Were reviews convened to allow maximum attendance of family and professionals, and where not, were views sought and feedback given?',
        'Have children been actively involved, including where appropriate chairing their own reviews and attending meetings?',
        'Have Plans been shared with children/young people/family members as required, and recorded on file (in an accessible format for children and young people with disabilities)?',
        'Are records of reviews timely and comprehensive, with detailed analysis of the issues and the actions needed to meet outcomes, including timescales?',
        'Are other agencies involved in the Plan held to account for their agreed actions and the impact of these?',
      ]),
      descriptors: {
        OUTSTANDING: [
          'The practice on plans is consistently Good or better, expectations are not only met but exceeded in some way, with the auditor’s explanation noted in the narrative.',
        ],
        GOOD: [
          'Reviews of the Plan have been held in line with the appropriate practice framework (CIN, CP, LAC, Leaving Care) and Plans have been responsive to the child’s changing needs.',
          'Reviews have been convened to allow maximum attendance of family and professionals, and where this has not been appropriate, views have been sought and feedback given regularly.',
          'Children have been actively involved including where appropriate, chairing their own reviews and attending meetings.',
          'Where reviews have been held in two parts, all relevant people have attended each part and relevant information has been shared in both meetings.',
          'Plans have been shared with children/young people/family members as required and this has been recorded on file. Plans for children and young people with disabilities are in an accessible format.',
          'Records of reviews are timely – in line with agreed requirements – and comprehensive and provide detailed analysis of the issues and actions that are needed to meet outcomes, including timescales.',
          'Other agencies involved in the Plan are held to account for their agreed actions and the impact of these.',
        ],
        REQUIRES_IMPROVEMENT: [
          'Plans have been reviewed in line with statutory timescales and parents/children have been invited to reviews wherever possible.',
          'The review focusses on the needs of the child.',
          'Some recording is out of timescale, but this has not affected the planning for the child.',
          'Records of the reviews are in place, setting out recommendations and some actions.',
          'Not all contributions from other agencies are formally sought and recorded.',
        ],
        INADEQUATE: [
          'Plan has not been reviewed in line with statutory timescales.',
          'Key family members/Child/professionals have not been invited to review meetings.',
          'Reviews are not meeting the child’s needs and do not act to encourage their engagement.',
          'Review records are not sufficiently detailed to ensure clear actions and plans.',
          'Plan is not considered to see if it still meets the needs of the child and is not revised to ensure that this happens.',
          'There is no involvement of other agencies or, if there is, this is not mentioned in the review.',
        ],
      },
    },
    {
      key: 'MANAGEMENT_OVERSIGHT',
      title: 'Management oversight',
      graded: true,
      questions: numberedQuestions('MANAGEMENT_OVERSIGHT', [
        'Has supervision taken place at required intervals and met the needs of the supervisee?',
        'Is supervision reflective and analytical, addressing issues which have been raised?',
        'Does supervision consider the effectiveness and progress of the Plan and set clear parameters for required actions, contingencies and outstanding work, including timescales?',
        'Does supervision review actions from previous supervisions, and are these completed?',
        'Is the use of Signs of Safety evident?',
        'Is there evidence of reflective tools e.g. appreciative enquiry and case mapping?',
        'Does LL show the manager’s footprint, evidencing that they have reviewed and quality assured records?',
        'Have gaps highlighted by case file audits been addressed, and are completed audits easy to find in Documents?',
      ]),
      descriptors: {
        OUTSTANDING: [
          'The management oversight is consistently Good or better, expectations are not only met but exceeded in some way, with the auditor’s explanation noted in the narrative.',
          'Management oversight is confident, innovative and influential in sustaining high quality interventions and ensuring impactful practice.',
        ],
        GOOD: [
          'Supervision has taken place at required intervals and has met the needs of the supervisee.',
          'Supervision is reflective and analytical and addresses issues which have been raised.',
          'It considers the effectiveness and progress of the Plan and sets clear parameters for required actions, contingencies and outstanding work, including timescales.',
          'Supervision reviews actions from previous supervisions and these are completed.',
          'The use of Signs of Safety is evident.',
          'Records are up to date and fit for purpose.',
          'There is evidence of reflective tools e.g. appreciative enquiry and case mapping.',
          'LL shows the manager footprint and evidences that they have reviewed and quality assured records.',
          'Gaps highlighted by case file audits have been addressed and completed audits are easy to find in Documents.',
        ],
        REQUIRES_IMPROVEMENT: [
          'Supervision has been taking place according to the policy.',
          'There is some evidence of the use of Signs of Safety but not an in-depth analysis.',
          'Supervision is recorded on LL but there is limited evidence of reflection and evaluation of the work carried out.',
          'Supervision reviews tasks from the previous supervisions but there is limited evidence to show that this has prevented drift.',
          'Records are mostly up to date and fit for purpose.',
          'There is some evidence that the work with the child/family is being reviewed but effectiveness and impact are not fully explored.',
          'There is less of a management footprint on file.',
          'Gaps highlighted in case file audits have not been fully addressed. Case notes show that the file has been audited but there is no completed template uploaded.',
        ],
        INADEQUATE: [
          'Supervision has not been taking place in accordance with the supervision policy.',
          'Supervision records do not provide an outline of decision making and have no evidence of reflection or analysis and/or fail to address concerns.',
          'Supervision has not been effective in making sure that actions are progressed.',
          'There is a lack of management oversight/quality assurance activity on the file.',
          'Gaps highlighted in case file audits have not been addressed.',
          'Supervision does not include the principles of Signs of Safety.',
          'Supervision notes are incomplete or brief and do not include any appreciative enquiry or solution focussed questioning.',
        ],
      },
    },
    {
      key: 'OUTCOMES',
      title: 'Outcomes',
      graded: true,
      questions: numberedQuestions('OUTCOMES', [
        'Has the child/young person’s wellbeing been paramount in the planning and intervention?',
        'Are the plans in place ambitious and holistic?',
        'Are the plans appropriate to promote sustained improvements in the child/young person’s life?',
      ]),
      descriptors: {
        OUTSTANDING: [
          'The majority of individual sections have been judged to be Outstanding and the child/young person’s wellbeing has been paramount in all the planning and intervention.',
          'The plans in place are ambitious, holistic and appropriate to promote sustained improvements in the child/young person’s life.',
        ],
        GOOD: [
          'The majority of individual sections have been judged to be Good and the child/young person’s wellbeing has been paramount in the planning and intervention.',
          'The plans in place are ambitious, holistic and appropriate to promote sustained improvements in the child/young person’s life.',
        ],
        REQUIRES_IMPROVEMENT: [
          'The majority of the sections have been judged Requires Improvement and the intervention has not been deemed by the audit to be of a Good standard.',
          'The wellbeing of the child/young person has not always been paramount in the planning/intervention.',
          'The plans in place may not be sufficiently ambitious or holistic to promote sustained improvements in the child/young person’s life.',
        ],
        INADEQUATE: [
          'Key areas have been judged to be inadequate.',
          'The intervention has not been of a sufficient quality to promote/protect the wellbeing of the child/young person.',
          'Plans in place are insufficient to promote sustained improvements in the child/young person’s life.',
        ],
      },
    },
  ],
  // "A reminder; scoring", from the advice for undertaking audits.
  gradeDescriptors: {
    OUTSTANDING:
      'In addition to meeting the requirements of a good judgement, there is evidence that professional practice exceeds the standard of good and results in sustained improvement to the lives of children, young people and families. ' +
      'Research-informed practice, some of which will be innovative, continues to develop from a strong and confident base, making an exceptional difference to the lives and experiences of children and young people.',
    GOOD:
      'Children and young people who are, or who are likely to be, at risk of harm or who are the subject of concern are identified and protected. ' +
      'Help is provided early in the emergence of a problem and is well coordinated and recorded through multi-agency arrangements. ' +
      'Records of action and decisions are clear and up to date. Children and young people are listened to and heard. ' +
      'Social workers build effective relationships with them and their families in order to assess the likelihood of, and capacity for, change. ' +
      'Risk is well understood, managed and regularly reviewed. ' +
      'Children and young people experience timely and effective multi-agency help and protection through risk-based assessment, authoritative practice, planning and review that secures change.',
    REQUIRES_IMPROVEMENT:
      'Not meeting all good grades, but there are no widespread or serious failures that create or leave children being harmed or at risk of harm. ' +
      'Assessments should be timely with risk and protective factors identified and action taken to safeguard children. ' +
      'Conclusions flow from analysis and findings in relation to significant harm are clear. All statutory case file requirements are met. ' +
      'However, the case file is not yet at a Good standard and does not provide sufficient assurance that we are delivering good protection, help and care for children, young people and families.',
    INADEQUATE:
      'The file does not demonstrate a suitable level of assurance. ' +
      'There are, or appear to be, widespread failures or serious failures that leave children harmed or at risk of harm. ' +
      'Response to referrals is not timely or effective, Section 47 investigations insufficiently planned, poor quality assessments, insufficient involvement of family and children and poor managerial oversight. ' +
      'Case file is not able to evidence compliance with statutory requirements or local procedures.',
  },
};
