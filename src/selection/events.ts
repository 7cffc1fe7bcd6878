import type { Grade, LocalDate } from '../shared/domain-types.js';

/**
 * Stream `selection-<cycleId>`: the case selection for one cycle (000 "Key Lines of Enquiry and
 * selection of cases"). Each proposal carries everything it was drawn from (the candidates, the
 * cases excluded, the sample sizes) and the seed, so drawSample/drawReauditCandidates reproduce it.
 */

/** An open case the audit team puts forward, with the facts the template's header asks for (003). */
export type SampleCandidate = {
  caseRef: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  ethnicity: string | null;
  childAge: number | null;
  monthsOpen: number | null;
};

/** How many cases to draw from one team, or (teamId null) from the whole service after the teams' own. */
export type SampleSize = { teamId: string | null; size: number };

/** BEF-11: a case the audit team picks by hand, and why (for the KLOE). */
export type ChosenCase = { caseRef: string; reason: string };

/** BEF-12: a case audited in the last 12 months kept in the draw, and why. */
export type ExclusionOverride = { caseRef: string; reason: string; auditId: string; auditedOn: LocalDate };

/** A candidate excluded because the case was audited in the last 12 months. */
export type ExcludedCase = { caseRef: string; teamId: string; auditId: string; auditedOn: LocalDate };

export type SampledCase = SampleCandidate & {
  /** Drawn for its team's sample size, or from the whole service; or chosen by hand for the KLOEs (BEF-11). */
  basis: 'TEAM' | 'SERVICE' | 'CHOSEN';
  /** BEF-11: why a case was chosen by hand (for which KLOE); absent for a drawn case. */
  reason?: string | null;
  /** Audited earlier (more than 12 months ago), by the service's own audits. */
  auditedBefore: boolean;
  previousAuditOn: LocalDate | null;
};

export type SampleProposed = {
  type: 'SampleProposed';
  data: {
    cycleId: string;
    proposalId: string;
    service: string;
    seed: string;
    /** Cases audited after this day (12 months before the proposal) were excluded. */
    excludedIfAuditedAfter: LocalDate;
    sampleSizes: SampleSize[];
    candidates: SampleCandidate[];
    excluded: ExcludedCase[];
    /** BEF-12: recent audits the audit team chose not to exclude; absent on proposals before the rule. */
    exclusionOverrides?: ExclusionOverride[];
    selected: SampledCase[];
    proposedById: string;
    proposedOn: LocalDate;
  };
};

/** A moderated audit of the previous cycle whose grade is below Good. */
export type BelowGoodWork = { auditId: string; caseRef: string; teamId: string; grade: Grade };

/** 000 "6-month re-audit of 10% of work": at least 10% (rounded up) of the previous cycle's work below Good. */
export type ReauditCandidatesProposed = {
  type: 'ReauditCandidatesProposed';
  data: {
    cycleId: string;
    proposalId: string;
    previousCycleId: string;
    seed: string;
    /** Every piece of the previous cycle's work below Good, the population drawn from. */
    belowGood: BelowGoodWork[];
    /** At least 10% of belowGood, rounded up. */
    required: number;
    candidates: BelowGoodWork[];
    proposedById: string;
    proposedOn: LocalDate;
  };
};

export type SelectionEvent = SampleProposed | ReauditCandidatesProposed;

export const selectionStream = (cycleId: string) => `selection-${cycleId}`;

/** A follow-up audit on this template is the 6-week dip audit, not the re-audit of the following cycle. */
export const DIP_AUDIT_TEMPLATE_ID = 'dip-sample';
