import type { Answer, LocalDate } from '../shared/domain-types.js';

/**
 * Stream `dip-sample-<id>`. 000 "Completion of dip samples": "quick dip samples of the case records
 * only to test out specific areas of practice in the child's journey e.g. closures, step downs,
 * supervision, direct work etc. The quality assurance lead completes a report on the key findings and
 * send to head of service for sign off."
 */

/** A dip sample is recorded, then its findings are reported to a head of service, then signed off. */
export type DipSampleStatus = 'RECORDED' | 'FINDINGS_REPORTED' | 'SIGNED_OFF';

export type DipSampleAnswer = { question: string; answer: Answer; comment: string | null };
export type DipSampleCase = { caseRef: string; teamId: string; answers: DipSampleAnswer[] };

/** The case records checked on one theme (a section of the dip-sample template) and the answers per case. */
export type DipSampleRecorded = {
  type: 'DipSampleRecorded';
  data: {
    dipSampleId: string;
    cycleId: string;
    /** The template section tested: CLOSURE, STEP_DOWN, SUPERVISION, DIRECT_WORK. */
    theme: string;
    templateId: string;
    templateVersion: number;
    /** The cycle's key line of enquiry the sample tests, if one. */
    kloe: string | null;
    cases: DipSampleCase[];
    recordedById: string;
    recordedOn: LocalDate;
  };
};

/** The key findings, sent to a head of service for sign-off. Reported again before sign-off, they replace the earlier ones. */
export type DipSampleFindingsReported = {
  type: 'DipSampleFindingsReported';
  data: { dipSampleId: string; findings: string[]; headOfServiceId: string; reportedById: string; reportedOn: LocalDate };
};

export type DipSampleSignedOff = {
  type: 'DipSampleSignedOff';
  data: { dipSampleId: string; signedOffById: string; signedOffOn: LocalDate; note: string | null };
};

export type DipSampleEvent = DipSampleRecorded | DipSampleFindingsReported | DipSampleSignedOff;

export const dipSampleStream = (id: string) => `dip-sample-${id}`;
