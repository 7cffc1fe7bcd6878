import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Grade, Role } from '../shared/domain-types.js';
import type { StaffFact } from '../shared/facts.js';
import type { SampleCandidate, SelectionEvent } from './events.js';
import { draw, seededRandom } from './random.js';
import {
  belowGoodWork,
  drawReauditCandidates,
  drawSample,
  requireReauditCandidate,
  selectionDecider,
  type CandidateInput,
  type PreviousAudit,
  type ProposeReauditCandidates,
  type ProposeSample,
} from './decider.js';

const calendar = calendarFor('GB-ENG');
const spec = DeciderSpec.for(selectionDecider);
const actor = (staffId: string, ...roles: Role[]) => ({ staffId, roles });
const admin = actor('qa', 'AUDIT_TEAM');
const staff = (id: string, teamId: string, ...roles: Role[]): StaffFact => ({ id, teamId, roles, exemptions: [] });

const cycle = { id: 'c2', service: 'Early Help', month: '2026-12', status: 'OPEN' as const };
const teams = [
  { id: 'north', service: 'Early Help' },
  { id: 'south', service: 'Early Help' },
  { id: 'youth', service: 'Targeted Youth' },
];
const people = [staff('p1', 'north', 'PRACTITIONER'), staff('tm1', 'north', 'TEAM_MANAGER'), staff('p2', 'south', 'PRACTITIONER'), staff('tm2', 'south', 'TEAM_MANAGER')];

const candidate = (caseRef: string, teamId = 'north', over: Partial<CandidateInput> = {}): CandidateInput => ({
  caseRef,
  teamId,
  practitionerId: teamId === 'north' ? 'p1' : 'p2',
  teamManagerId: teamId === 'north' ? 'tm1' : 'tm2',
  ...over,
});
const asCandidate = (c: CandidateInput): SampleCandidate => ({
  caseRef: c.caseRef,
  teamId: c.teamId,
  practitionerId: c.practitionerId,
  teamManagerId: c.teamManagerId,
  ethnicity: c.ethnicity ?? null,
  childAge: c.childAge ?? null,
  monthsOpen: c.monthsOpen ?? null,
});

const north = ['N1', 'N2', 'N3', 'N4', 'N5'].map((ref) => candidate(ref));
const south = ['S1', 'S2', 'S3'].map((ref) => candidate(ref, 'south'));

function propose(data: Partial<ProposeSample['data']> = {}, facts: Partial<ProposeSample> = {}): ProposeSample {
  return {
    type: 'ProposeSample',
    data: { cycleId: 'c2', proposalId: 'p-1', seed: 'seed-1', candidates: [...north, ...south], sampleSizes: [{ teamId: 'north', size: 2 }, { teamId: null, size: 2 }], ...data },
    cycle,
    teams,
    staff: people,
    caseAudits: [],
    actor: admin,
    today: '2026-12-21',
    calendar,
    ...facts,
  };
}

describe('seeded draw', () => {
  it('is the same for the same seed, differs for another, and never repeats an item', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = draw(items, 10, seededRandom('alpha'));
    expect(draw(items, 10, seededRandom('alpha'))).toEqual(a);
    expect(draw(items, 10, seededRandom('beta'))).not.toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect(draw(items, 80, seededRandom('alpha')).sort((x, y) => x - y)).toEqual(items);
  });

  it('gives every item a fair chance (each of 4 items drawn first roughly a quarter of 4000 times)', () => {
    const firsts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) firsts[draw([0, 1, 2, 3], 1, seededRandom(`s${i}`))[0]] += 1;
    for (const n of firsts) expect(n).toBeGreaterThan(850);
  });
});

describe('ProposeSample', () => {
  it('draws each team’s sample from that team, then the service’s from what is left, and records how to reproduce it', () => {
    spec
      .given([])
      .when(propose())
      .thenMatches(([event], state) => {
        expect(event.type).toBe('SampleProposed');
        const data = (event as Extract<SelectionEvent, { type: 'SampleProposed' }>).data;
        expect(data).toMatchObject({ cycleId: 'c2', proposalId: 'p-1', service: 'Early Help', seed: 'seed-1', excludedIfAuditedAfter: '2025-12-21', proposedById: 'qa', proposedOn: '2026-12-21', excluded: [] });
        expect(data.selected).toHaveLength(4);
        expect(data.selected.filter((c) => c.basis === 'TEAM').every((c) => c.teamId === 'north')).toBe(true);
        expect(data.selected.filter((c) => c.basis === 'TEAM')).toHaveLength(2);
        expect(new Set(data.selected.map((c) => c.caseRef)).size).toBe(4);
        // Reproducible from what the event carries.
        expect(drawSample({ ...data, caseAudits: [], today: data.proposedOn }).selected).toEqual(data.selected);
        expect(state.sample).toEqual({ proposalId: 'p-1', caseRefs: data.selected.map((c) => c.caseRef) });
      });
  });

  it('the same candidates and seed give the same sample, whatever order the candidates come in', () => {
    const one = spec.given([]).when(propose()).thenMatches(() => undefined)[0];
    const two = spec
      .given([])
      .when(propose({ candidates: [...south, ...north].reverse() }))
      .thenMatches(() => undefined)[0];
    expect((two.data as { selected: unknown }).selected).toEqual((one.data as { selected: unknown }).selected);
  });

  it('leaves out cases audited in the last 12 months; a case audited longer ago may be drawn and says so', () => {
    const caseAudits = [
      { caseRef: 'N1', auditId: 'a-old', auditedOn: '2025-12-21' }, // exactly 12 months ago: eligible again
      { caseRef: 'N2', auditId: 'a-recent', auditedOn: '2025-12-22' },
      { caseRef: 'N3', auditId: 'a-2024', auditedOn: '2024-02-01' },
      { caseRef: 'N3', auditId: 'a-now', auditedOn: '2026-12-01' },
    ];
    spec
      .given([])
      .when(propose({ sampleSizes: [{ teamId: 'north', size: 3 }] }, { caseAudits }))
      .thenMatches(([event]) => {
        const data = (event as Extract<SelectionEvent, { type: 'SampleProposed' }>).data;
        expect(data.excluded).toEqual([
          { caseRef: 'N2', teamId: 'north', auditId: 'a-recent', auditedOn: '2025-12-22' },
          { caseRef: 'N3', teamId: 'north', auditId: 'a-now', auditedOn: '2026-12-01' },
        ]);
        expect(data.selected.map((c) => c.caseRef).sort()).toEqual(['N1', 'N4', 'N5']);
        expect(data.selected.find((c) => c.caseRef === 'N1')).toMatchObject({ auditedBefore: true, previousAuditOn: '2025-12-21' });
        expect(data.selected.find((c) => c.caseRef === 'N4')).toMatchObject({ auditedBefore: false, previousAuditOn: null });
      });
  });

  it('refuses a sample larger than what is eligible, saying how many are left', () => {
    const caseAudits = [{ caseRef: 'S1', auditId: 'a1', auditedOn: '2026-11-02' }];
    spec
      .given([])
      .when(propose({ sampleSizes: [{ teamId: 'south', size: 3 }] }, { caseAudits }))
      .thenThrows('BAD_USER_INPUT', /^sampleSizes: team south has 2 eligible case\(s\) \(1 audited in the last 12 months left out\), fewer than the 3 asked for$/, 'sampleSizes');
    spec
      .given([])
      .when(propose({ sampleSizes: [{ teamId: 'north', size: 5 }, { teamId: null, size: 4 }] }))
      .thenThrows('BAD_USER_INPUT', /^sampleSizes: the service, after the teams’ own samples, has 3 eligible case\(s\)/, 'sampleSizes');
  });

  it('keeps the case facts of each candidate, trimmed', () => {
    spec
      .given([])
      .when(propose({ candidates: [candidate('N1', 'north', { ethnicity: ' Somali ', childAge: 3, monthsOpen: 7 })], sampleSizes: [{ teamId: null, size: 1 }] }))
      .thenMatches(([event]) => {
        const data = (event as Extract<SelectionEvent, { type: 'SampleProposed' }>).data;
        expect(data.candidates).toEqual([asCandidate(candidate('N1', 'north', { ethnicity: 'Somali', childAge: 3, monthsOpen: 7 }))]);
        expect(data.selected).toEqual([{ ...data.candidates[0], basis: 'SERVICE', auditedBefore: false, previousAuditOn: null }]);
      });
  });

  it('BAD_USER_INPUT naming the field: no candidates, a case twice, a team of another service, bad facts, bad sample sizes', () => {
    spec.given([]).when(propose({ candidates: [] })).thenThrows('BAD_USER_INPUT', /^candidates: at least one open case is required$/, 'candidates');
    spec.given([]).when(propose({ candidates: [candidate('N1'), candidate(' N1 ')] })).thenThrows('BAD_USER_INPUT', /^candidates\[1\]\.caseRef: case N1 is listed more than once$/, 'candidates[1].caseRef');
    spec.given([]).when(propose({ candidates: [candidate(' ')] })).thenThrows('BAD_USER_INPUT', /^candidates\[0\]\.caseRef: must not be empty$/);
    spec
      .given([])
      .when(propose({ candidates: [candidate('Y1', 'youth', { practitionerId: 'p1', teamManagerId: 'tm1' })] }))
      .thenThrows('BAD_USER_INPUT', /^candidates\[0\]\.teamId: team youth is in Targeted Youth, not in Early Help, the cycle's service$/);
    spec.given([]).when(propose({ candidates: [candidate('N1', 'north', { teamManagerId: 'p1' })] })).thenThrows('BAD_USER_INPUT', /^candidates\[0\]\.teamManagerId: the team manager must be someone other than the practitioner$/);
    spec.given([]).when(propose({ candidates: [candidate('N1', 'north', { childAge: 30 })] })).thenThrows('BAD_USER_INPUT', /^candidates\[0\]\.childAge: must be the index child's age in whole years, from 0 to 25$/);
    spec.given([]).when(propose({ candidates: [candidate('N1', 'north', { monthsOpen: -3 })] })).thenThrows('BAD_USER_INPUT', /^candidates\[0\]\.monthsOpen: must be the whole months/);
    spec.given([]).when(propose({ sampleSizes: [] })).thenThrows('BAD_USER_INPUT', /^sampleSizes: give a sample size for the service or for at least one team$/, 'sampleSizes');
    spec.given([]).when(propose({ sampleSizes: [{ teamId: 'north', size: 0 }] })).thenThrows('BAD_USER_INPUT', /^sampleSizes\[0\]\.size: must be a whole number of cases, 1 or more$/);
    spec.given([]).when(propose({ sampleSizes: [{ teamId: 'north', size: 1 }, { teamId: 'north', size: 1 }] })).thenThrows('BAD_USER_INPUT', /^sampleSizes: team north has more than one sample size$/);
    spec.given([]).when(propose({ sampleSizes: [{ teamId: null, size: 1 }, { teamId: null, size: 1 }] })).thenThrows('BAD_USER_INPUT', /^sampleSizes: give at most one sample size for the whole service$/);
    spec.given([]).when(propose({ sampleSizes: [{ teamId: 'youth', size: 1 }] })).thenThrows('BAD_USER_INPUT', /^sampleSizes\[0\]\.teamId: team youth is in Targeted Youth/);
    spec.given([]).when(propose({ seed: ' ' })).thenThrows('BAD_USER_INPUT', /^seed: must not be empty$/, 'seed');
  });

  it('NOT_FOUND: an unknown cycle, team or staff member', () => {
    spec.given([]).when(propose({}, { cycle: null })).thenThrows('NOT_FOUND', /^cycle c2 does not exist$/);
    spec.given([]).when(propose({ candidates: [candidate('N1', 'east')] })).thenThrows('NOT_FOUND', /^team east does not exist$/);
    spec.given([]).when(propose({ candidates: [candidate('N1', 'north', { practitionerId: 'ghost' })] })).thenThrows('NOT_FOUND', /^staff member ghost does not exist$/);
    spec.given([]).when(propose({ sampleSizes: [{ teamId: 'east', size: 1 }] })).thenThrows('NOT_FOUND', /^team east does not exist$/);
  });

  it('CONFLICT: a closed cycle; FORBIDDEN: anyone but the audit team', () => {
    spec.given([]).when(propose({}, { cycle: { ...cycle, status: 'CLOSED' } })).thenThrows('CONFLICT', /^cycle c2 is closed: no sample can be proposed for it$/);
    spec.given([]).when(propose({}, { actor: actor('hos', 'HEAD_OF_SERVICE') })).thenThrows('FORBIDDEN', /^only AUDIT_TEAM may propose a sample of cases$/);
  });

  it('a later proposal replaces the earlier one as the cycle’s sample', () => {
    const first = spec.given([]).when(propose()).thenMatches(() => undefined);
    spec
      .given(first)
      .when(propose({ proposalId: 'p-2', seed: 'seed-2' }))
      .thenMatches(([event], state) => {
        expect(state.proposals).toEqual(['p-1', 'p-2']);
        expect(state.sample?.proposalId).toBe('p-2');
        expect(state.sample?.caseRefs).toEqual((event.data as { selected: { caseRef: string }[] }).selected.map((c) => c.caseRef));
      });
    spec.given(first).when(propose()).thenThrows('CONFLICT', /^proposal p-1 already exists$/);
  });
});

describe('ProposeReauditCandidates', () => {
  const audit = (n: number, currentGrade: Grade | null, over: Partial<PreviousAudit> = {}): PreviousAudit => ({
    auditId: `a${String(n).padStart(2, '0')}`,
    caseRef: `EH-${n}`,
    teamId: 'north',
    status: 'MODERATED',
    currentGrade,
    reauditOfAuditId: null,
    ...over,
  });
  // 23 audits: 12 below Good, 8 Good or better, and some that do not count.
  const previousAudits = [
    ...Array.from({ length: 7 }, (_, i) => audit(i + 1, 'REQUIRES_IMPROVEMENT')),
    ...Array.from({ length: 5 }, (_, i) => audit(i + 8, 'INADEQUATE')),
    ...Array.from({ length: 8 }, (_, i) => audit(i + 13, 'GOOD')),
    audit(21, 'INADEQUATE', { status: 'INVALIDATED' }),
    audit(22, 'INADEQUATE', { reauditOfAuditId: 'a00' }),
    audit(23, null, { status: 'SUBMITTED' }),
  ];
  const proposeReaudit = (data: Partial<ProposeReauditCandidates['data']> = {}, facts: Partial<ProposeReauditCandidates> = {}): ProposeReauditCandidates => ({
    type: 'ProposeReauditCandidates',
    data: { cycleId: 'c2', proposalId: 'r-1', seed: 'seed-r', ...data },
    cycle,
    previousCycle: { id: 'c1', month: '2026-10' },
    previousAudits,
    actor: admin,
    today: '2026-12-21',
    calendar,
    ...facts,
  });

  it('proposes 10% of the previous cycle’s moderated work below Good, rounded up: 2 of 12', () => {
    spec
      .given([])
      .when(proposeReaudit())
      .thenMatches(([event], state) => {
        const data = (event as Extract<SelectionEvent, { type: 'ReauditCandidatesProposed' }>).data;
        expect(data).toMatchObject({ cycleId: 'c2', proposalId: 'r-1', previousCycleId: 'c1', seed: 'seed-r', required: 2, proposedById: 'qa', proposedOn: '2026-12-21' });
        expect(data.belowGood.map((w) => w.auditId)).toEqual(['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07', 'a08', 'a09', 'a10', 'a11', 'a12']);
        expect(data.candidates).toHaveLength(2);
        expect(data.candidates).toEqual(drawReauditCandidates(data.belowGood, 2, 'seed-r'));
        expect(data.belowGood).toEqual(expect.arrayContaining(data.candidates));
        expect(state.reaudit).toEqual({ proposalId: 'r-1', auditIds: data.candidates.map((c) => c.auditId) });
      });
  });

  it('rounds up: one piece of work below Good means one re-audit', () => {
    expect(belowGoodWork([audit(1, 'REQUIRES_IMPROVEMENT'), audit(2, 'GOOD')])).toEqual([{ auditId: 'a01', caseRef: 'EH-1', teamId: 'north', grade: 'REQUIRES_IMPROVEMENT' }]);
    spec
      .given([])
      .when(proposeReaudit({}, { previousAudits: [audit(1, 'REQUIRES_IMPROVEMENT'), audit(2, 'GOOD')] }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ required: 1, candidates: [{ auditId: 'a01' }] }));
  });

  it('may propose more than 10%, up to all the work below Good, never fewer', () => {
    spec.given([]).when(proposeReaudit({ count: 12 })).thenMatches(([event]) => expect((event.data as { candidates: unknown[] }).candidates).toHaveLength(12));
    spec
      .given([])
      .when(proposeReaudit({ count: 1 }))
      .thenThrows('BAD_USER_INPUT', /^count: must be at least 10% of the 12 audit\(s\) below Good in cycle c1, rounded up: at least 2$/, 'count');
    spec.given([]).when(proposeReaudit({ count: 13 })).thenThrows('BAD_USER_INPUT', /^count: must be at most the 12 audit\(s\) below Good in cycle c1$/, 'count');
    spec.given([]).when(proposeReaudit({ count: 0 })).thenThrows('BAD_USER_INPUT', /^count: must be a whole number of audits, 1 or more$/, 'count');
  });

  it('CONFLICT: no earlier cycle, nothing below Good, a closed cycle', () => {
    spec.given([]).when(proposeReaudit({}, { previousCycle: null })).thenThrows('CONFLICT', /^there is no earlier cycle of Early Help before 2026-12 whose work could be re-audited$/);
    spec.given([]).when(proposeReaudit({}, { previousAudits: [audit(1, 'GOOD')] })).thenThrows('CONFLICT', /^no audited work of cycle c1 fell below Good: there is nothing to re-audit$/);
    spec.given([]).when(proposeReaudit({}, { cycle: { ...cycle, status: 'CLOSED' } })).thenThrows('CONFLICT', /^cycle c2 is closed/);
  });

  it('NOT_FOUND: an unknown cycle; FORBIDDEN: anyone but the audit team', () => {
    spec.given([]).when(proposeReaudit({}, { cycle: null })).thenThrows('NOT_FOUND', /^cycle c2 does not exist$/);
    spec.given([]).when(proposeReaudit({}, { actor: actor('am', 'AUDIT_MANAGER') })).thenThrows('FORBIDDEN', /^only AUDIT_TEAM may propose re-audit candidates$/);
  });

  it('a re-audit is allocated only from the latest proposal’s candidates, once per cycle', () => {
    const [event] = spec.given([]).when(proposeReaudit()).thenMatches(() => undefined);
    const state = selectionDecider.evolve(selectionDecider.initialState(), event);
    const candidate = (event.data as { candidates: { auditId: string }[] }).candidates[0].auditId;
    const other = previousAudits.map((a) => a.auditId).find((id) => !state.reaudit!.auditIds.includes(id))!;
    expect(() => requireReauditCandidate(state, 'c2', candidate, null)).not.toThrow();
    expect(() => requireReauditCandidate(state, 'c2', other, null)).toThrow(new RegExp(`^reauditOfAuditId: audit ${other} is not among the re-audit candidates proposed for cycle c2$`));
    expect(() => requireReauditCandidate(state, 'c2', candidate, 'x9')).toThrow(new RegExp(`^audit ${candidate} is already re-audited in cycle c2 by audit x9$`));
    expect(() => requireReauditCandidate(selectionDecider.initialState(), 'c2', candidate, null)).toThrow(/^no re-audit candidates have been proposed for cycle c2$/);
  });
});

describe('ProposeSample: cases chosen for the KLOEs (BEF-11) and the 12-month exclusion as a default (BEF-12)', () => {
  const proposed = (events: SelectionEvent[]) => (events[0] as Extract<SelectionEvent, { type: 'SampleProposed' }>).data;
  const caseAudits = [{ caseRef: 'N2', auditId: 'a-recent', auditedOn: '2026-06-01' }];

  it('takes cases picked by hand with their reason, besides the draw, and never draws them again', () => {
    spec
      .given([])
      .when(propose({ chosen: [{ caseRef: 'S3', reason: ' KLOE: step-downs from social care ' }], sampleSizes: [{ teamId: 'south', size: 2 }] }))
      .thenMatches((events) => {
        const data = proposed(events);
        expect(data.selected[0]).toMatchObject({ caseRef: 'S3', basis: 'CHOSEN', reason: 'KLOE: step-downs from social care' });
        expect(data.selected.slice(1).map((c) => c.caseRef).sort()).toEqual(['S1', 'S2']);
        expect(data.selected.slice(1).every((c) => c.basis === 'TEAM' && c.reason === undefined)).toBe(true);
      });
  });

  it('may be only cases picked by hand, with no sample sizes', () => {
    spec
      .given([])
      .when(propose({ chosen: [{ caseRef: 'N1', reason: 'KLOE: voice of the child' }], sampleSizes: [] }))
      .thenMatches((events) => expect(proposed(events).selected.map((c) => [c.caseRef, c.basis])).toEqual([['N1', 'CHOSEN']]));
    spec.given([]).when(propose({ sampleSizes: [] })).thenThrows('BAD_USER_INPUT', /^sampleSizes:/, 'sampleSizes');
  });

  it('a case audited in the last 12 months is left out by default, and kept in the draw with a reason', () => {
    spec
      .given([])
      .when(propose({ sampleSizes: [{ teamId: 'north', size: 5 }] }, { caseAudits }))
      .thenThrows('BAD_USER_INPUT', /team north has 4 eligible case\(s\) \(1 audited in the last 12 months left out\)/, 'sampleSizes');
    spec
      .given([])
      .when(propose({ sampleSizes: [{ teamId: 'north', size: 5 }], includeRecentlyAudited: [{ caseRef: 'N2', reason: 'The only case with a step-down' }] }, { caseAudits }))
      .thenMatches((events) => {
        const data = proposed(events);
        expect(data.excluded).toEqual([]);
        expect(data.exclusionOverrides).toEqual([{ caseRef: 'N2', reason: 'The only case with a step-down', auditId: 'a-recent', auditedOn: '2026-06-01' }]);
        expect(data.selected.find((c) => c.caseRef === 'N2')).toMatchObject({ auditedBefore: true, previousAuditOn: '2026-06-01' });
      });
  });

  it('a case chosen by hand is taken whatever its audit history', () => {
    spec
      .given([])
      .when(propose({ chosen: [{ caseRef: 'N2', reason: 'KLOE: follow the plan agreed in June' }], sampleSizes: [] }, { caseAudits }))
      .thenMatches((events) => expect(proposed(events).selected).toEqual([expect.objectContaining({ caseRef: 'N2', basis: 'CHOSEN', auditedBefore: true })]));
  });

  it('BAD_USER_INPUT naming the field: a case not put forward, named twice, or without a reason', () => {
    spec.given([]).when(propose({ chosen: [{ caseRef: 'X9', reason: 'KLOE' }] })).thenThrows('BAD_USER_INPUT', /^chosen\[0\]\.caseRef: case X9 is not among the candidates/, 'chosen[0].caseRef');
    spec
      .given([])
      .when(propose({ chosen: [{ caseRef: 'N1', reason: 'KLOE' }, { caseRef: 'N1', reason: 'again' }] }))
      .thenThrows('BAD_USER_INPUT', /^chosen\[1\]\.caseRef: case N1 is listed more than once/, 'chosen[1].caseRef');
    spec.given([]).when(propose({ chosen: [{ caseRef: 'N1', reason: '  ' }] })).thenThrows('BAD_USER_INPUT', /^chosen\[0\]\.reason: must not be empty/, 'chosen[0].reason');
    spec
      .given([])
      .when(propose({ includeRecentlyAudited: [{ caseRef: 'N2', reason: '' }] }, { caseAudits }))
      .thenThrows('BAD_USER_INPUT', /^includeRecentlyAudited\[0\]\.reason: must not be empty/, 'includeRecentlyAudited[0].reason');
  });
});
