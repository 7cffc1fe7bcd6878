/** The GraphQL documents and shapes the feedback pages use (the public API; nothing else). */

export const FEEDBACK = `query AuditFeedback($id: ID!) {
  audit(id: $id) {
    id caseRef status auditorId practitionerId templateId templateVersion
    familyFeedback { rating couldHaveTheirSay ableToAccessSupport comments notCompletedReason recordedById recordedOn }
    practitionerFeedback { answers { question text } comments notCompletedReason recordedById recordedOn }
  }
}`;

export const TEMPLATE_SECTIONS = `query FeedbackTemplate($id: ID!, $version: Int) { template(id: $id, version: $version) { sections { key title questions { key text } } } }`;

export const RECORD_FAMILY = `mutation RecordFamilyFeedback($input: RecordFamilyFeedbackInput!) { recordFamilyFeedback(input: $input) { id } }`;
export const RECORD_PRACTITIONER = `mutation RecordPractitionerFeedback($input: RecordPractitionerFeedbackInput!) { recordPractitionerFeedback(input: $input) { id } }`;

/** The template's practitioner section (AUD-6: the practitioner answers it themself). */
export const PRACTITIONER_SECTION = 'S10_PRACTITIONER_FEEDBACK';

export interface FamilyFeedback {
  rating: number | null;
  couldHaveTheirSay: string | null;
  ableToAccessSupport: string | null;
  comments: string | null;
  notCompletedReason: string | null;
  recordedById: string;
  recordedOn: string;
}
export interface PractitionerFeedback {
  answers: Array<{ question: string; text: string }>;
  comments: string | null;
  notCompletedReason: string | null;
  recordedById: string;
  recordedOn: string;
}
export interface FeedbackAudit {
  id: string;
  caseRef: string;
  status: string;
  auditorId: string;
  practitionerId: string;
  templateId: string;
  templateVersion: number;
  familyFeedback: FamilyFeedback | null;
  practitionerFeedback: PractitionerFeedback | null;
}
export interface Question {
  key: string;
  text: string;
}
