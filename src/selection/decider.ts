import { optionalText, requireRole, requireText, type Decider, type CommandContext } from '../shared/decider.js';
import { badInput, conflict, notFound } from '../shared/errors.js';
import { isBelowGood, type AuditStatus, type Grade, type LocalDate } from '../shared/domain-types.js';
import type { StaffFact } from '../shared/facts.js';
import type { CycleStatus } from '../shared/facts.js';
import type { BelowGoodWork, ChosenCase, ExcludedCase, ExclusionOverride, SampleCandidate, SampledCase, SampleSize, SelectionEvent } from './events.js';
import { draw, seededRandom } from './random.js';

/**
 * BEF-8 to BEF-12 (docs/rules/before-the-audit.md). Case selection for a cycle (000): "select relevant cases using the child level data sheets" — a
 * random sample within the service or team of the open cases the audit team puts forward, leaving out
 * cases audited in the last 12 months — and, in the following cycle, "at least 10% of audited work
 * that fell below good" re-allocated to auditors ("6-month re-audit of 10% of work").
 */

// ---------------------------------------------------------------------------------------------
// State

export type SelectionState = {
  cycleId: string | null;
  proposals: string[];
  /** The latest sample proposal's cases. */
  sample: { proposalId: string; caseRefs: string[] } | null;
  /** The latest re-audit proposal's candidates (audit ids). */
  reaudit: { proposalId: string; auditIds: string[] } | null;
};

const initialState = (): SelectionState => ({ cycleId: null, proposals: [], sample: null, reaudit: null });

// ---------------------------------------------------------------------------------------------
// Commands

export type CycleFact = { id: string; service: string; month: string; status: CycleStatus | null };

/** Candidates as given: the decider checks every field. */
export type CandidateInput = {
  caseRef: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  ethnicity?: string | null;
  childAge?: number | null;
  monthsOpen?: number | null;
};

export type ProposeSample = CommandContext & {
  type: 'ProposeSample';
  data: {
    cycleId: string;
    proposalId: string;
    seed: string;
    candidates: CandidateInput[];
    sampleSizes: SampleSize[];
    /** BEF-11: candidates picked by hand, each with its reason. */
    chosen?: ChosenCase[] | null;
    /** BEF-12: candidates audited in the last 12 months to keep in the draw, each with its reason. */
    includeRecentlyAudited?: Array<{ caseRef: string; reason: string }> | null;
  };
  cycle: CycleFact | null;
  /** The teams and staff named by the candidates that exist; a name without a fact here is unknown. */
  teams: readonly { id: string; service: string }[];
  staff: readonly StaffFact[];
  /** Every earlier audit (not invalidated) of the candidates' cases. */
  caseAudits: readonly { caseRef: string; auditId: string; auditedOn: LocalDate }[];
};

/** A moderated audit of the previous cycle, as the rule needs it. */
export type PreviousAudit = { auditId: string; caseRef: string; teamId: string; status: AuditStatus; currentGrade: Grade | null; reauditOfAuditId: string | null };

export type ProposeReauditCandidates = CommandContext & {
  type: 'ProposeReauditCandidates';
  data: { cycleId: string; proposalId: string; seed: string; count?: number | null };
  cycle: CycleFact | null;
  /** The latest earlier cycle of the same service, null when there is none. */
  previousCycle: { id: string; month: string } | null;
  previousAudits: readonly PreviousAudit[];
};

export type SelectionCommand = ProposeSample | ProposeReauditCandidates;

export const selectionDecider: Decider<SelectionCommand, SelectionEvent, SelectionState> = {
  initialState,

  decide(command, state) {
    switch (command.type) {
      case 'ProposeSample':
        return proposeSample(command, state);
      case 'ProposeReauditCandidates':
        return proposeReauditCandidates(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'SampleProposed':
        return {
          ...state,
          cycleId: event.data.cycleId,
          proposals: [...state.proposals, event.data.proposalId],
          sample: { proposalId: event.data.proposalId, caseRefs: event.data.selected.map((c) => c.caseRef) },
        };
      case 'ReauditCandidatesProposed':
        return {
          ...state,
          cycleId: event.data.cycleId,
          proposals: [...state.proposals, event.data.proposalId],
          reaudit: { proposalId: event.data.proposalId, auditIds: event.data.candidates.map((c) => c.auditId) },
        };
      default:
        return state;
    }
  },
};

// ---------------------------------------------------------------------------------------------
// The sample

/**
 * BEF-9: cases audited within this many months before the proposal are left out by default. No
 * document asks for it; the audit team may keep a case in with a reason (BEF-12).
 */
export const EXCLUDE_AUDITED_WITHIN_MONTHS = 12;

function proposeSample(command: ProposeSample, state: SelectionState): SelectionEvent[] {
  const { data, actor, today, calendar } = command;
  requireRole(actor, ['AUDIT_TEAM'], 'propose a sample of cases');
  const cycle = command.cycle;
  if (!cycle || cycle.id !== data.cycleId) throw notFound('cycle', data.cycleId);
  const proposalId = requireText('proposalId', data.proposalId);
  const seed = requireText('seed', data.seed);
  const candidates = checkCandidates(command, cycle);
  const chosen = reasonedCases('chosen', data.chosen, candidates, 'chosen by hand');
  const overrides = reasonedCases('includeRecentlyAudited', data.includeRecentlyAudited, candidates, 'kept in the draw');
  const sampleSizes = chosen.length > 0 && (!Array.isArray(data.sampleSizes) || data.sampleSizes.length === 0) ? [] : checkSampleSizes(data.sampleSizes, command, cycle);
  if (cycle.status === 'CLOSED') throw conflict(`cycle ${cycle.id} is closed: no sample can be proposed for it`);
  if (state.proposals.includes(proposalId)) throw conflict(`proposal ${proposalId} already exists`);

  // Audited "in the last 12 months": after the same day a year ago.
  const excludedIfAuditedAfter = calendar.addMonths(today, -EXCLUDE_AUDITED_WITHIN_MONTHS);
  const drawn = drawSample({ candidates, sampleSizes, caseAudits: command.caseAudits, excludedIfAuditedAfter, today, seed, chosen, includeRecentlyAudited: overrides });
  return [
    {
      type: 'SampleProposed',
      data: {
        cycleId: cycle.id,
        proposalId,
        service: cycle.service,
        seed,
        excludedIfAuditedAfter,
        sampleSizes,
        candidates,
        excluded: drawn.excluded,
        exclusionOverrides: drawn.exclusionOverrides,
        selected: drawn.selected,
        proposedById: actor.staffId,
        proposedOn: today,
      },
    },
  ];
}

/**
 * The draw itself, pure: from the candidates less those audited after `excludedIfAuditedAfter`, each
 * team's sample size at random from that team (teams in id order), then the service's sample size at
 * random from every team's remaining cases. Candidates are taken in case-reference order, so the
 * result depends only on the inputs and the seed. Refuses a sample size larger than what is eligible.
 */
export function drawSample(p: {
  candidates: readonly SampleCandidate[];
  sampleSizes: readonly SampleSize[];
  caseAudits: readonly { caseRef: string; auditId: string; auditedOn: LocalDate }[];
  excludedIfAuditedAfter: LocalDate;
  today: LocalDate;
  seed: string;
  /** BEF-11: taken first, whatever their audit history: the reason is the audit team's judgement. */
  chosen?: readonly ChosenCase[];
  /** BEF-12: not excluded for a recent audit. */
  includeRecentlyAudited?: readonly { caseRef: string; reason: string }[];
}): { selected: SampledCase[]; excluded: ExcludedCase[]; exclusionOverrides: ExclusionOverride[] } {
  const random = seededRandom(p.seed);
  const byRef = [...p.candidates].sort((x, y) => compare(x.caseRef, y.caseRef));
  const auditsOf = (caseRef: string) =>
    p.caseAudits.filter((a) => a.caseRef === caseRef && a.auditedOn <= p.today).sort((x, y) => compare(x.auditedOn, y.auditedOn) || compare(x.auditId, y.auditId));
  const chosen = [...(p.chosen ?? [])].sort((x, y) => compare(x.caseRef, y.caseRef));
  const isChosen = (caseRef: string) => chosen.some((c) => c.caseRef === caseRef);
  const excluded: ExcludedCase[] = [];
  const exclusionOverrides: ExclusionOverride[] = [];
  const eligible: SampleCandidate[] = [];
  for (const candidate of byRef) {
    if (isChosen(candidate.caseRef)) continue;
    const latest = auditsOf(candidate.caseRef).pop();
    const override = p.includeRecentlyAudited?.find((o) => o.caseRef === candidate.caseRef);
    if (latest && latest.auditedOn > p.excludedIfAuditedAfter && !override) {
      excluded.push({ caseRef: candidate.caseRef, teamId: candidate.teamId, auditId: latest.auditId, auditedOn: latest.auditedOn });
    } else {
      if (latest && latest.auditedOn > p.excludedIfAuditedAfter && override) {
        exclusionOverrides.push({ caseRef: candidate.caseRef, reason: override.reason, auditId: latest.auditId, auditedOn: latest.auditedOn });
      }
      eligible.push(candidate);
    }
  }

  const sampled = (candidate: SampleCandidate, basis: SampledCase['basis'], reason?: string): SampledCase => {
    const latest = auditsOf(candidate.caseRef).pop();
    return { ...candidate, basis, auditedBefore: latest !== undefined, previousAuditOn: latest?.auditedOn ?? null, ...(reason === undefined ? {} : { reason }) };
  };
  const selected: SampledCase[] = chosen.map((c) => sampled(byRef.find((candidate) => candidate.caseRef === c.caseRef)!, 'CHOSEN', c.reason));
  const teamSizes = p.sampleSizes.filter((s) => s.teamId !== null).sort((x, y) => compare(x.teamId!, y.teamId!));
  for (const { teamId, size } of teamSizes) {
    const pool = eligible.filter((c) => c.teamId === teamId);
    if (pool.length < size) throw tooFew(`team ${teamId}`, pool.length, excluded.filter((e) => e.teamId === teamId).length, size);
    selected.push(...draw(pool, size, random).map((c) => sampled(c, 'TEAM')));
  }
  const service = p.sampleSizes.find((s) => s.teamId === null);
  if (service) {
    const pool = eligible.filter((c) => !selected.some((s) => s.caseRef === c.caseRef));
    if (pool.length < service.size) throw tooFew('the service, after the teams’ own samples,', pool.length, excluded.length, service.size);
    selected.push(...draw(pool, service.size, random).map((c) => sampled(c, 'SERVICE')));
  }
  return { selected, excluded, exclusionOverrides };
}

/**
 * BEF-11, BEF-12: cases named with a reason, each among the candidates and named once. Overrides of
 * the exclusion that name no recent audit change nothing and are not recorded.
 */
function reasonedCases(
  field: 'chosen' | 'includeRecentlyAudited',
  given: ReadonlyArray<{ caseRef: string; reason: string }> | null | undefined,
  candidates: readonly SampleCandidate[],
  doing: string,
): ChosenCase[] {
  if (given === undefined || given === null) return [];
  if (!Array.isArray(given)) throw badInput(field, 'must be a list of cases, each with a reason');
  const seen = new Set<string>();
  return given.map((c, i) => {
    const caseRef = requireText(`${field}[${i}].caseRef`, c?.caseRef);
    if (!candidates.some((candidate) => candidate.caseRef === caseRef)) {
      throw badInput(`${field}[${i}].caseRef`, `case ${caseRef} is not among the candidates: a case is ${doing} from the cases put forward`);
    }
    if (seen.has(caseRef)) throw badInput(`${field}[${i}].caseRef`, `case ${caseRef} is listed more than once`);
    seen.add(caseRef);
    const reason = requireText(`${field}[${i}].reason`, c?.reason);
    return { caseRef, reason };
  });
}

function tooFew(where: string, eligible: number, excluded: number, asked: number) {
  return badInput(
    'sampleSizes',
    `${where} has ${eligible} eligible case(s) (${excluded} audited in the last ${EXCLUDE_AUDITED_WITHIN_MONTHS} months left out), fewer than the ${asked} asked for`,
  );
}

/** Longest a case is counted open in EH, in months, as at allocation. */
const MAX_MONTHS_OPEN = 600;

function checkCandidates(command: ProposeSample, cycle: CycleFact): SampleCandidate[] {
  const given = command.data.candidates;
  if (!Array.isArray(given) || given.length === 0) throw badInput('candidates', 'at least one open case is required');
  const seen = new Set<string>();
  return given.map((c, i) => {
    const field = (name: string) => `candidates[${i}].${name}`;
    const caseRef = requireText(field('caseRef'), c.caseRef);
    if (seen.has(caseRef)) throw badInput(field('caseRef'), `case ${caseRef} is listed more than once`);
    seen.add(caseRef);
    const team = command.teams.find((t) => t.id === c.teamId);
    if (!team) throw notFound('team', String(c.teamId));
    if (team.service !== cycle.service) throw badInput(field('teamId'), `team ${team.id} is in ${team.service}, not in ${cycle.service}, the cycle's service`);
    const practitioner = command.staff.find((s) => s.id === c.practitionerId);
    if (!practitioner) throw notFound('staff member', String(c.practitionerId));
    const teamManager = command.staff.find((s) => s.id === c.teamManagerId);
    if (!teamManager) throw notFound('staff member', String(c.teamManagerId));
    if (practitioner.id === teamManager.id) throw badInput(field('teamManagerId'), 'the team manager must be someone other than the practitioner');
    const childAge = c.childAge ?? null;
    if (childAge !== null && (!Number.isInteger(childAge) || childAge < 0 || childAge > 25)) {
      throw badInput(field('childAge'), "must be the index child's age in whole years, from 0 to 25");
    }
    const monthsOpen = c.monthsOpen ?? null;
    if (monthsOpen !== null && (!Number.isInteger(monthsOpen) || monthsOpen < 0 || monthsOpen > MAX_MONTHS_OPEN)) {
      throw badInput(field('monthsOpen'), `must be the whole months the case has been open in Early Help, from 0 to ${MAX_MONTHS_OPEN}`);
    }
    return {
      caseRef,
      teamId: team.id,
      practitionerId: practitioner.id,
      teamManagerId: teamManager.id,
      ethnicity: optionalText(c.ethnicity),
      childAge,
      monthsOpen,
    };
  });
}

function checkSampleSizes(given: readonly SampleSize[], command: ProposeSample, cycle: CycleFact): SampleSize[] {
  if (!Array.isArray(given) || given.length === 0) throw badInput('sampleSizes', 'give a sample size for the service or for at least one team');
  const seen = new Set<string | null>();
  return given.map((s, i) => {
    const teamId = optionalText(s.teamId);
    if (!Number.isInteger(s.size) || s.size < 1) throw badInput(`sampleSizes[${i}].size`, 'must be a whole number of cases, 1 or more');
    if (seen.has(teamId)) {
      throw badInput('sampleSizes', teamId === null ? 'give at most one sample size for the whole service' : `team ${teamId} has more than one sample size`);
    }
    seen.add(teamId);
    if (teamId !== null) {
      const team = command.teams.find((t) => t.id === teamId);
      if (!team) throw notFound('team', teamId);
      if (team.service !== cycle.service) throw badInput(`sampleSizes[${i}].teamId`, `team ${team.id} is in ${team.service}, not in ${cycle.service}, the cycle's service`);
    }
    return { teamId, size: s.size };
  });
}

// ---------------------------------------------------------------------------------------------
// Re-audit candidates

function proposeReauditCandidates(command: ProposeReauditCandidates, state: SelectionState): SelectionEvent[] {
  const { data, actor, today } = command;
  requireRole(actor, ['AUDIT_TEAM'], 'propose re-audit candidates');
  const cycle = command.cycle;
  if (!cycle || cycle.id !== data.cycleId) throw notFound('cycle', data.cycleId);
  const proposalId = requireText('proposalId', data.proposalId);
  const seed = requireText('seed', data.seed);
  const count = data.count ?? null;
  if (count !== null && (!Number.isInteger(count) || count < 1)) throw badInput('count', 'must be a whole number of audits, 1 or more');
  if (cycle.status === 'CLOSED') throw conflict(`cycle ${cycle.id} is closed: no re-audits can be proposed for it`);
  if (state.proposals.includes(proposalId)) throw conflict(`proposal ${proposalId} already exists`);
  const previous = command.previousCycle;
  if (!previous) throw conflict(`there is no earlier cycle of ${cycle.service} before ${cycle.month} whose work could be re-audited`);

  const belowGood = belowGoodWork(command.previousAudits);
  if (belowGood.length === 0) throw conflict(`no audited work of cycle ${previous.id} fell below Good: there is nothing to re-audit`);
  const required = Math.ceil(belowGood.length / 10);
  if (count !== null && count < required) {
    throw badInput('count', `must be at least 10% of the ${belowGood.length} audit(s) below Good in cycle ${previous.id}, rounded up: at least ${required}`);
  }
  if (count !== null && count > belowGood.length) {
    throw badInput('count', `must be at most the ${belowGood.length} audit(s) below Good in cycle ${previous.id}`);
  }
  return [
    {
      type: 'ReauditCandidatesProposed',
      data: {
        cycleId: cycle.id,
        proposalId,
        previousCycleId: previous.id,
        seed,
        belowGood,
        required,
        candidates: drawReauditCandidates(belowGood, count ?? required, seed),
        proposedById: actor.staffId,
        proposedOn: today,
      },
    },
  ];
}

/**
 * The previous cycle's audited work below Good: moderated audits (not the dip audits and re-audits
 * that followed earlier work up) whose grade now — after any UoPP revision or dispute decision — is
 * below Good, which is also what allocation of a re-audit checks. In audit id order.
 */
export function belowGoodWork(audits: readonly PreviousAudit[]): BelowGoodWork[] {
  return audits
    .filter((a) => a.status === 'MODERATED' && a.reauditOfAuditId === null && a.currentGrade !== null && isBelowGood(a.currentGrade))
    .map((a) => ({ auditId: a.auditId, caseRef: a.caseRef, teamId: a.teamId, grade: a.currentGrade! }))
    .sort((x, y) => compare(x.auditId, y.auditId));
}

export function drawReauditCandidates(belowGood: readonly BelowGoodWork[], count: number, seed: string): BelowGoodWork[] {
  return draw(belowGood, count, seededRandom(seed));
}

/**
 * For allocating a re-audit from the proposal: the original must be among the latest proposal's
 * candidates and not already re-audited in this cycle.
 */
export function requireReauditCandidate(state: SelectionState, cycleId: string, auditId: string, alreadyReauditedBy: string | null): void {
  if (!state.reaudit) throw conflict(`no re-audit candidates have been proposed for cycle ${cycleId}`);
  if (!state.reaudit.auditIds.includes(auditId)) {
    throw badInput('reauditOfAuditId', `audit ${auditId} is not among the re-audit candidates proposed for cycle ${cycleId}`);
  }
  if (alreadyReauditedBy) throw conflict(`audit ${auditId} is already re-audited in cycle ${cycleId} by audit ${alreadyReauditedBy}`);
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
