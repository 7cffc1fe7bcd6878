/** The GraphQL documents of the escalations and dip-sample pages (improvement.resolver.ts, dip-samples.resolver.ts). */

export const ESCALATIONS = `query Escalations {
  improvementEscalations { auditId cycleId caseRef teamId moderatedGrade moderatedOn escalateIfNotImprovedBy latestGrade status escalatedOn summary }
}`;
export const ESCALATE = `mutation Escalate($input: EscalateToDivisionalDirectorInput!) { escalateToDivisionalDirector(input: $input) { auditId status } }`;

export const DIP_SAMPLES = `query DipSamples { dipSamples { id cycleId theme themeTitle kloe status recordedOn cases { caseRef } findings } cycles { id name } }`;
export const DIP_SAMPLE = `query DipSample($id: ID!) {
  dipSample(id: $id) {
    id cycleId theme themeTitle templateVersion kloe status recordedById recordedOn
    cases { caseRef teamId answers { question answer comment } }
    tally { question text yes no notApplicable partially }
    findings reportedById reportedOn headOfServiceId signedOffById signedOffOn signOffNote
  }
  staff { id name roles }
}`;
export const REPORT_FINDINGS = `mutation ReportFindings($input: ReportDipSampleFindingsInput!) { reportDipSampleFindings(input: $input) { id status findings } }`;

export interface Escalation {
  auditId: string;
  cycleId: string;
  caseRef: string;
  moderatedGrade: string | null;
  moderatedOn: string | null;
  escalateIfNotImprovedBy: string;
  latestGrade: string | null;
  status: 'NOT_YET_DUE' | 'DUE' | 'ESCALATED' | 'IMPROVED';
  escalatedOn: string | null;
  summary: string | null;
}

export const IMPROVEMENT_WORDS: Record<string, { text: string; colour: string }> = {
  DUE: { text: 'Due for escalation', colour: 'govuk-tag--red' },
  ESCALATED: { text: 'Escalated', colour: 'govuk-tag--purple' },
  NOT_YET_DUE: { text: 'Not yet due', colour: 'govuk-tag--grey' },
  IMPROVED: { text: 'Improved', colour: 'govuk-tag--green' },
};

export const DIP_SAMPLE_WORDS: Record<string, string> = {
  RECORDED: 'Recorded',
  FINDINGS_REPORTED: 'Findings sent for sign-off',
  SIGNED_OFF: 'Signed off',
};
