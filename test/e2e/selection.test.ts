import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, allocate, expectRefused, moderatedAudit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Case selection over GraphQL: a random sample of the open cases the audit team puts forward, within
 * each team and the service, leaving out cases audited in the last 12 months; re-audit candidates, at
 * least 10% of the previous cycle's work below Good; and allocation of a re-audit from a candidate.
 *
 * The clock is Monday 21 December 2026. The previous cycle (October) has three audits below Good and
 * one Good.
 */
describe('case selection over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let oct: string;
  let nov: string;
  let dec: string;
  let feb: string;
  const below: string[] = [];
  let good: string;

  const SAMPLE = `id cycleId service seed excludedIfAuditedAfter candidatesConsidered proposedById proposedOn
    sampleSizes { teamId size }
    cases { caseRef teamId practitionerId teamManagerId ethnicity childAge monthsOpen auditedBefore previousAuditOn basis allocatedAuditId }
    excluded { caseRef teamId auditId auditedOn }`;
  const REAUDIT = `id cycleId previousCycleId seed belowGood required proposedById proposedOn candidates { auditId caseRef teamId grade reauditId }`;
  const proposeSample = `mutation($input: ProposeSampleInput!) { proposeSample(input: $input) { ${SAMPLE} } }`;
  const sampleProposals = `query($cycleId: ID!) { sampleProposals(cycleId: $cycleId) { ${SAMPLE} } }`;
  const proposeReaudit = `mutation($cycleId: ID!, $count: Int, $seed: String) { proposeReauditCandidates(cycleId: $cycleId, count: $count, seed: $seed) { ${REAUDIT} } }`;
  const reauditProposals = `query($cycleId: ID!) { reauditProposals(cycleId: $cycleId) { ${REAUDIT} } }`;
  const allocateReaudit = `mutation($input: AllocateReauditInput!) { allocateReaudit(input: $input) {
    id cycleId caseRef teamId practitionerId teamManagerId auditorId moderatorId templateId status reauditOfAuditId auditedBefore previousAuditOn ethnicity childAge } }`;

  const north = (ref: string, over: Record<string, unknown> = {}) => ({ caseRef: ref, teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', ...over });
  const south = (ref: string) => ({ caseRef: ref, teamId: 'south', practitionerId: 'prac2', teamManagerId: 'tm-south' });
  const candidates = [
    north('EH-N1', { ethnicity: 'Bangladeshi', childAge: 5, monthsOpen: 8 }),
    north('EH-N2'),
    north('EH-N3'),
    north('EH-N4'),
    north('EH-OCT1'), // audited in October: left out
    south('EH-S1'),
    south('EH-S2'),
    south('EH-S3'),
  ];
  const sample = (over: Record<string, unknown> = {}) => ({ input: { cycleId: dec, candidates, sampleSizes: [{ teamId: 'north', size: 2 }, { size: 2 }], ...over } });

  const refused = (query: string, variables: Record<string, unknown>, who: string, code: string, mentions: RegExp) =>
    expectRefused(t, query, variables, a.as[who], code, mentions);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-10', '2026-12', '2027-02']);
    [oct, dec, feb] = [a.cycles['2026-10'], a.cycles['2026-12'], a.cycles['2027-02']];
    // A closed cycle of another service.
    const schedule = `mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`;
    nov = (await t.ok(schedule, { input: { name: 'Targeted Youth 2026-11', service: 'Targeted Youth', month: '2026-11' } }, a.as.qa)).scheduleCycle.id;
    await t.ok(Q.closeCycle, { cycleId: nov }, a.as.qa);
    below.push(await moderatedAudit(t, a, oct, 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-OCT1' }));
    below.push(await moderatedAudit(t, a, oct, 'INADEQUATE', { caseRef: 'EH-OCT2' }));
    below.push(await moderatedAudit(t, a, oct, 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-OCT3' }));
    good = await moderatedAudit(t, a, oct, 'GOOD', { caseRef: 'EH-OCT4' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('proposeSample', () => {
    let first: { seed: string; cases: Array<{ caseRef: string; teamId: string; basis: string; allocatedAuditId: string | null }> };

    it('draws 2 from the north team, then 2 from the service, leaving out the case audited in October', async () => {
      first = (await t.ok(proposeSample, sample({ seed: 'december-draw' }), a.as.qa)).proposeSample;
      expect(first).toMatchObject({
        cycleId: dec,
        service: 'Early Help',
        seed: 'december-draw',
        excludedIfAuditedAfter: '2025-12-21',
        candidatesConsidered: 8,
        proposedById: 'qa',
        proposedOn: '2026-12-21',
        sampleSizes: [
          { teamId: 'north', size: 2 },
          { teamId: null, size: 2 },
        ],
        excluded: [{ caseRef: 'EH-OCT1', teamId: 'north', auditId: below[0], auditedOn: '2026-12-21' }],
      });
      expect(first.cases).toHaveLength(4);
      const team = first.cases.filter((c) => c.basis === 'TEAM');
      expect(team.map((c) => c.teamId)).toEqual(['north', 'north']);
      expect(new Set(first.cases.map((c) => c.caseRef)).size).toBe(4);
      expect(first.cases.map((c) => c.caseRef)).not.toContain('EH-OCT1');
      expect(first.cases.every((c) => c.allocatedAuditId === null)).toBe(true);
    });

    it('the same candidates and seed draw the same sample again; the newest proposal comes first', async () => {
      const again = (await t.ok(proposeSample, sample({ seed: 'december-draw', candidates: [...candidates].reverse() }), a.as.qa)).proposeSample;
      expect(again.cases).toEqual(first.cases);
      const other = (await t.ok(proposeSample, sample(), a.as.qa)).proposeSample;
      expect(other.seed).toEqual(expect.any(String));
      expect(other.seed).not.toBe('december-draw');
      const listed = (await t.ok(sampleProposals, { cycleId: dec }, a.as.hos)).sampleProposals.map((p: { id: string }) => p.id);
      expect(listed).toEqual([other.id, again.id, expect.any(String)]);
    });

    it('keeps the case facts, and shows which sampled case has been allocated', async () => {
      const drawn = (await t.ok(proposeSample, sample({ candidates: [candidates[0]], sampleSizes: [{ size: 1 }], seed: 'one' }), a.as.qa)).proposeSample;
      expect(drawn.cases).toEqual([
        { caseRef: 'EH-N1', teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', ethnicity: 'Bangladeshi', childAge: 5, monthsOpen: 8, auditedBefore: false, previousAuditOn: null, basis: 'SERVICE', allocatedAuditId: null },
      ]);
      const auditId = await allocate(t, a, dec, { caseRef: 'EH-N1', ethnicity: 'Bangladeshi', childAge: 5, monthsOpen: 8 });
      const [latest] = (await t.ok(sampleProposals, { cycleId: dec }, a.as.qa)).sampleProposals;
      expect(latest.cases[0].allocatedAuditId).toBe(auditId);
    });

    it('BAD_USER_INPUT naming the field', async () => {
      await refused(proposeSample, sample({ candidates: [] }), 'qa', 'BAD_USER_INPUT', /^candidates: at least one open case is required$/);
      await refused(proposeSample, sample({ candidates: [north('EH-N1'), north('EH-N1')] }), 'qa', 'BAD_USER_INPUT', /^candidates\[1\]\.caseRef: case EH-N1 is listed more than once$/);
      await refused(
        proposeSample,
        sample({ candidates: [{ caseRef: 'EH-Y1', teamId: 'youth', practitionerId: 'prac', teamManagerId: 'tm-youth' }] }),
        'qa',
        'BAD_USER_INPUT',
        /^candidates\[0\]\.teamId: team youth is in Targeted Youth, not in Early Help, the cycle's service$/,
      );
      await refused(proposeSample, sample({ candidates: [north('EH-N1', { childAge: 30 })] }), 'qa', 'BAD_USER_INPUT', /^candidates\[0\]\.childAge: must be the index child's age/);
      await refused(proposeSample, sample({ sampleSizes: [{ teamId: 'north', size: 0 }] }), 'qa', 'BAD_USER_INPUT', /^sampleSizes\.0\.size: must be a whole number of cases, 1 or more$/);
      await refused(proposeSample, sample({ sampleSizes: [{ teamId: 'south', size: 4 }] }), 'qa', 'BAD_USER_INPUT', /^sampleSizes: team south has 3 eligible case\(s\) \(0 audited in the last 12 months left out\), fewer than the 4 asked for$/);
      // EH-OCT1 was audited in October and EH-N1 has just been allocated in December.
      await refused(proposeSample, sample({ sampleSizes: [{ teamId: 'north', size: 5 }] }), 'qa', 'BAD_USER_INPUT', /^sampleSizes: team north has 3 eligible case\(s\) \(2 audited in the last 12 months left out\), fewer than the 5 asked for$/);
      await refused(proposeSample, sample({ seed: '  ' }), 'qa', 'BAD_USER_INPUT', /^seed: must not be empty$/);
    });

    it('takes cases chosen by hand for the KLOEs with their reason (BEF-11), and keeps a recently audited case in the draw with a reason (BEF-12)', async () => {
      const chosenQuery = `mutation($input: ProposeSampleInput!) { proposeSample(input: $input) { cases { caseRef basis reason } excluded { caseRef } exclusionOverrides { caseRef reason auditId auditedOn } } }`;
      const { proposeSample: proposal } = await t.ok(
        chosenQuery,
        sample({
          seed: 'chosen',
          chosen: [{ caseRef: 'EH-S3', reason: 'KLOE: are step-downs timely?' }],
          includeRecentlyAudited: [{ caseRef: 'EH-OCT1', reason: 'The plan agreed in October is the KLOE' }],
          sampleSizes: [{ teamId: 'north', size: 4 }],
        }),
        a.as.qa,
      );
      expect(proposal.cases[0]).toEqual({ caseRef: 'EH-S3', basis: 'CHOSEN', reason: 'KLOE: are step-downs timely?' });
      // North has four eligible cases with EH-OCT1 kept in (EH-N1 was allocated in December): all four drawn.
      expect(proposal.cases.slice(1).map((c: { caseRef: string }) => c.caseRef).sort()).toEqual(['EH-N2', 'EH-N3', 'EH-N4', 'EH-OCT1']);
      expect(proposal.excluded.map((c: { caseRef: string }) => c.caseRef)).toEqual(['EH-N1']);
      expect(proposal.exclusionOverrides).toEqual([{ caseRef: 'EH-OCT1', reason: 'The plan agreed in October is the KLOE', auditId: below[0], auditedOn: '2026-12-21' }]);
      await refused(proposeSample, sample({ chosen: [{ caseRef: 'EH-X', reason: 'KLOE' }] }), 'qa', 'BAD_USER_INPUT', /^chosen\[0\]\.caseRef: case EH-X is not among the candidates/);
      await refused(proposeSample, sample({ chosen: [{ caseRef: 'EH-S1', reason: ' ' }] }), 'qa', 'BAD_USER_INPUT', /reason: must not be empty/);
      await refused(proposeSample, sample({ includeRecentlyAudited: [{ caseRef: 'EH-OCT1', reason: '' }] }), 'qa', 'BAD_USER_INPUT', /reason: must not be empty/);
    });

    it('CONFLICT: a closed cycle; FORBIDDEN: not the audit team; NOT_FOUND: an unknown cycle, team or person', async () => {
      const youthCase = { caseRef: 'EH-Y1', teamId: 'youth', practitionerId: 'prac', teamManagerId: 'tm-youth' };
      await refused(proposeSample, sample({ cycleId: nov, candidates: [youthCase], sampleSizes: [{ size: 1 }] }), 'qa', 'CONFLICT', /^cycle .* is closed: no sample can be proposed for it$/);
      await refused(proposeSample, sample(), 'aud', 'FORBIDDEN', /AUDIT_TEAM/);
      await refused(proposeSample, sample({ cycleId: 'ghost' }), 'qa', 'NOT_FOUND', /^cycle ghost does not exist$/);
      await refused(proposeSample, sample({ candidates: [north('EH-N1', { teamId: 'east' })] }), 'qa', 'NOT_FOUND', /^team east does not exist$/);
      await refused(proposeSample, sample({ candidates: [north('EH-N1', { practitionerId: 'ghost' })] }), 'qa', 'NOT_FOUND', /^staff member ghost does not exist$/);
    });

    it('is case-level: closed to a board reader', async () => {
      await refused(sampleProposals, { cycleId: dec }, 'board', 'FORBIDDEN', /AUDIT_TEAM/);
    });
  });

  describe('proposeReauditCandidates and allocateReaudit', () => {
    it('proposes 10% of October’s 3 audits below Good, rounded up: 1; or more when asked', async () => {
      const one = (await t.ok(proposeReaudit, { cycleId: dec, seed: 'r1' }, a.as.qa)).proposeReauditCandidates;
      expect(one).toMatchObject({ cycleId: dec, previousCycleId: oct, seed: 'r1', belowGood: 3, required: 1, proposedById: 'qa', proposedOn: '2026-12-21' });
      expect(one.candidates).toHaveLength(1);
      expect(below).toContain(one.candidates[0].auditId);

      const all = (await t.ok(proposeReaudit, { cycleId: dec, count: 3 }, a.as.qa)).proposeReauditCandidates;
      expect(all.candidates.map((c: { auditId: string }) => c.auditId).sort()).toEqual([...below].sort());
      expect(all.candidates.find((c: { auditId: string }) => c.auditId === below[1])).toEqual({ auditId: below[1], caseRef: 'EH-OCT2', teamId: 'north', grade: 'INADEQUATE', reauditId: null });
      const listed = (await t.ok(reauditProposals, { cycleId: dec }, a.as.am)).reauditProposals.map((p: { id: string }) => p.id);
      expect(listed).toEqual([all.id, one.id]);
    });

    it('allocates a re-audit of a candidate: the same case and people, linked to the original', async () => {
      const { allocateReaudit: reaudit } = await t.ok(allocateReaudit, { input: { cycleId: dec, reauditOfAuditId: below[1], auditorId: 'aud2', moderatorId: 'mod2', childAge: 9 } }, a.as.qa);
      expect(reaudit).toMatchObject({
        cycleId: dec,
        caseRef: 'EH-OCT2',
        teamId: 'north',
        practitionerId: 'prac',
        teamManagerId: 'tm',
        auditorId: 'aud2',
        moderatorId: 'mod2',
        templateId: 'early-help-uop',
        status: 'ALLOCATED',
        reauditOfAuditId: below[1],
        auditedBefore: true,
        previousAuditOn: '2026-12-21',
        childAge: 9,
      });
      const [latest] = (await t.ok(reauditProposals, { cycleId: dec }, a.as.qa)).reauditProposals;
      expect(latest.candidates.find((c: { auditId: string }) => c.auditId === below[1]).reauditId).toBe(reaudit.id);
    });

    it('refuses allocating a re-audit: not a candidate, already re-audited, no proposal, independence, role, unknown cycle', async () => {
      const input = (over: Record<string, unknown>) => ({ input: { cycleId: dec, reauditOfAuditId: below[0], auditorId: 'aud2', moderatorId: 'mod2', ...over } });
      await refused(allocateReaudit, input({ reauditOfAuditId: good }), 'qa', 'BAD_USER_INPUT', new RegExp(`^reauditOfAuditId: audit ${good} is not among the re-audit candidates proposed for cycle ${dec}$`));
      await refused(allocateReaudit, input({ reauditOfAuditId: below[1] }), 'qa', 'CONFLICT', new RegExp(`^audit ${below[1]} is already re-audited in cycle ${dec} by audit `));
      await refused(allocateReaudit, input({ cycleId: feb }), 'qa', 'CONFLICT', new RegExp(`^no re-audit candidates have been proposed for cycle ${feb}$`));
      await refused(allocateReaudit, input({ auditorId: 'aud-north' }), 'qa', 'BAD_USER_INPUT', /^auditorId: .*not a member of the team holding the case/);
      await refused(allocateReaudit, input({}), 'aud', 'FORBIDDEN', /AUDIT_TEAM/);
      await refused(allocateReaudit, input({ cycleId: 'ghost' }), 'qa', 'NOT_FOUND', /^cycle ghost does not exist$/);
    });

    it('allocates a candidate once when several allocations of it arrive at once, and again once its re-audit is invalidated', async () => {
      const before = await t.eventCount();
      const send = () => t.gql(allocateReaudit, { input: { cycleId: dec, reauditOfAuditId: below[2], auditorId: 'aud2', moderatorId: 'mod2' } }, a.as.qa);
      const answers = await Promise.all([send(), send(), send()]);
      const won = answers.filter((r) => !r.errors);
      expect(won).toHaveLength(1);
      const reauditId = won[0].data!.allocateReaudit.id;
      for (const lost of answers.filter((r) => r.errors)) {
        expect({ code: lost.errors![0].extensions?.code, message: lost.errors![0].message }).toEqual({
          code: 'CONFLICT',
          message: `audit ${below[2]} is already re-audited in cycle ${dec} by audit ${reauditId}`,
        });
      }
      // One AuditAllocated, nothing else: the refused ones appended nothing.
      expect(await t.eventCount()).toBe(before + 1);

      // An invalidated re-audit no longer counts: the candidate can be allocated again, as a new audit.
      await t.ok(`mutation($input: InvalidateAuditInput!) { invalidateAudit(input: $input) { id } }`, { input: { auditId: reauditId, reason: 'Allocated to the wrong auditor' } }, a.as.qa);
      const again = (await t.ok(allocateReaudit, { input: { cycleId: dec, reauditOfAuditId: below[2], auditorId: 'aud2', moderatorId: 'mod2' } }, a.as.qa)).allocateReaudit;
      expect(again.id).not.toBe(reauditId);
      expect(again).toMatchObject({ reauditOfAuditId: below[2], status: 'ALLOCATED' });
    });

    it('refuses proposing: a count under 10% or over the whole, no earlier cycle, nothing below Good, a closed cycle, the wrong role, an unknown cycle', async () => {
      await refused(proposeReaudit, { cycleId: dec, count: 0 }, 'qa', 'BAD_USER_INPUT', /^count: must be a whole number of audits, 1 or more$/);
      await refused(proposeReaudit, { cycleId: dec, count: 4 }, 'qa', 'BAD_USER_INPUT', new RegExp(`^count: must be at most the 3 audit\\(s\\) below Good in cycle ${oct}$`));
      await refused(proposeReaudit, { cycleId: oct }, 'qa', 'CONFLICT', /^there is no earlier cycle of Early Help before 2026-10 whose work could be re-audited$/);
      // February follows December, whose only moderated work is not below Good yet.
      await refused(proposeReaudit, { cycleId: feb }, 'qa', 'CONFLICT', new RegExp(`^no audited work of cycle ${dec} fell below Good: there is nothing to re-audit$`));
      await refused(proposeReaudit, { cycleId: nov }, 'qa', 'CONFLICT', /^cycle .* is closed: no re-audits can be proposed for it$/);
      await refused(proposeReaudit, { cycleId: dec }, 'hos', 'FORBIDDEN', /AUDIT_TEAM/);
      await refused(proposeReaudit, { cycleId: 'ghost' }, 'qa', 'NOT_FOUND', /^cycle ghost does not exist$/);
      await refused(reauditProposals, { cycleId: dec }, 'board', 'FORBIDDEN', /AUDIT_TEAM/);
    });
  });
});
