import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEFAULT_KLOES, Q, allocate, approveKloes, expectRefused, gradeAll, setUpAuthority, type Authority, readyToSubmit } from './lifecycle-fixtures.js';

/**
 * The board report over GraphQL. An Early Help authority with cycles in October and December 2026
 * and February 2027 (and one of another service in between), all taken through the commands on
 * Monday 15 February 2027; then read on Monday 1 March, when some UoPP meetings and an action are late.
 */

const SUMMARY = `cycleId name month service audits
  grades { grade initial moderated }
  moderation { moderated unchanged upgraded downgraded agreementRate }
  moderationChanges { initial moderated count }
  weightedKappa
  uopp { due held heldOnTime overdue followUpsDue followUpsHeld followUpsHeldOnTime followUpsOverdue urgentIssuesDue urgentIssuesAddressed urgentIssuesAddressedOnTime urgentIssuesOverdue }
  followUps { belowGood reauditTarget dipAuditsDue dipAuditsDone dipAuditsReachedGood dipAuditsOverdue reaudited reauditsReachedGood }
  actions { agreed open completed completedOnTime dropped overdue }
  familyFeedback { recorded rated notCompleted ratings { rating count } averageRating couldHaveTheirSay { yes no notApplicable } ableToAccessSupport { yes no notApplicable } }
  escalations { belowGood notYetDue improved due escalated }`;
const GROUP = `group audits suppressed grades { grade count }`;
const REPORT = `query($cycleId: ID!, $previousCycles: Int) {
  boardReport(cycleId: $cycleId, previousCycles: $previousCycles) {
    asOf kloes keyPracticePoints
    cycle { ${SUMMARY} }
    previous { ${SUMMARY} }
    auditorAgreement { auditorId auditor moderated unchanged upgraded downgraded agreementRate }
    equality { suppressedBelow byEthnicity { ${GROUP} } byAgeBand { ${GROUP} } }
  } }`;
/** Only the contract's own fields, as a client of the minimum contract would ask. */
const CONTRACT_REPORT = `query($cycleId: ID!) { boardReport(cycleId: $cycleId) {
  cycle { cycleId name month audits grades { grade initial moderated } moderation { moderated unchanged upgraded downgraded agreementRate } }
  previous { cycleId month } } }`;
const PUBLISH = `mutation($input: PublishKeyPracticePointsInput!) { publishKeyPracticePoints(input: $input) { cycleId points publishedOn publishedById } }`;
const POINTS = `query($cycleId: ID!) { keyPracticePoints(cycleId: $cycleId) { cycleId points publishedOn publishedById } }`;

type Grade = 'OUTSTANDING' | 'GOOD' | 'REQUIRES_IMPROVEMENT' | 'INADEQUATE';

describe('boardReport over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let feb: string;
  const audits: string[] = [];
  const earlier: Record<'good' | 'ri' | 'inadequate', string> = {} as never;

  /** Allocated, family feedback if any, graded `initial`, submitted, moderated to `moderated`. */
  async function moderated(cycleId: string, initial: Grade, moderatedGrade: Grade, options: { auditor?: string; facts?: Record<string, unknown>; feedback?: Record<string, unknown> } = {}) {
    const auditor = options.auditor ?? 'aud';
    const moderator = auditor === 'aud' ? 'mod' : 'mod2';
    const auditId = await allocate(t, a, cycleId, { caseRef: `EH-${cycleId.slice(0, 4)}-${audits.length}-${Math.random().toString(36).slice(2, 6)}`, auditorId: auditor, moderatorId: moderator, ...options.facts });
    if (options.feedback) await t.ok(Q.familyFeedback, { input: { auditId, ...options.feedback } }, a.as[auditor]);
    await gradeAll(t, a.as[auditor], auditId, initial, initial);
    await readyToSubmit(t, a.as[auditor], auditId, initial);
    await t.ok(Q.submit, { auditId }, a.as[auditor]);
    const rationale = moderatedGrade === initial ? 'agreed: the evidence supports it' : 'the evidence supports another grade';
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: moderatedGrade, rationale } }, a.as[moderator]);
    await t.ok(Q.completeModeration, { auditId }, a.as[moderator]);
    return auditId;
  }

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2027-02-15T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-10', '2026-12', '2027-02']);
    feb = a.cycles['2027-02'];
    const youth = (await t.ok(`mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`, { input: { name: 'Youth January', service: 'Targeted Youth', month: '2027-01', kloes: DEFAULT_KLOES } })).scheduleCycle.id;
    // BEF-1, BEF-3: its KLOE meeting and approvals, as every cycle's before allocation.
    await t.ok(Q.recordKloeMeeting, { input: { cycleId: youth, heldOn: '2026-12-14', attendeeIds: ['hos', 'coord'] } }, a.as.qa);
    await approveKloes(t, a, youth);
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'gov', name: 'Staff gov', email: 'gov@council.example', teamId: null, roles: ['GOVERNANCE'] },
    });

    // Earlier cycles of the service.
    earlier.good = await moderated(a.cycles['2026-10'], 'GOOD', 'GOOD');
    earlier.ri = await moderated(a.cycles['2026-10'], 'REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT');
    earlier.inadequate = await moderated(a.cycles['2026-12'], 'INADEQUATE', 'INADEQUATE');
    await moderated(youth, 'OUTSTANDING', 'OUTSTANDING', { auditor: 'aud', facts: { teamId: 'north' } });

    // February: initial → moderated, by whom, and the child's ethnicity and age.
    const plan: Array<[Grade, Grade, string, string | null, number | null]> = [
      ['GOOD', 'GOOD', 'aud', 'White British', 7],
      ['GOOD', 'GOOD', 'aud', 'White British', 8],
      ['GOOD', 'REQUIRES_IMPROVEMENT', 'aud', 'White British', 6],
      ['REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT', 'aud2', 'White British', 9],
      ['REQUIRES_IMPROVEMENT', 'GOOD', 'aud2', 'White British', 5],
      ['INADEQUATE', 'INADEQUATE', 'aud2', 'Bangladeshi', 15],
      ['OUTSTANDING', 'GOOD', 'aud', 'Bangladeshi', null],
      ['GOOD', 'GOOD', 'aud', null, 12],
    ];
    const feedback: Record<number, Record<string, unknown>> = {
      0: { rating: 5, couldHaveTheirSay: 'YES', ableToAccessSupport: 'YES', comments: 'The worker listened to us' },
      1: { rating: 3, couldHaveTheirSay: 'NO', ableToAccessSupport: 'YES' },
      3: { notCompletedReason: 'Family declined' },
    };
    for (const [i, [initial, mod, auditor, ethnicity, childAge]] of plan.entries()) {
      audits.push(await moderated(feb, initial, mod, { auditor, facts: { ethnicity, childAge }, feedback: feedback[i] }));
    }
    // A re-audit of October's RI work (submitted Good), a dip audit of it (Good), and an audit invalidated.
    const reaudit = await allocate(t, a, feb, { caseRef: (await t.ok(Q.audit, { id: earlier.ri }, a.as.qa)).audit.caseRef, auditorId: 'aud2', moderatorId: 'mod2', reauditOfAuditId: earlier.ri });
    await gradeAll(t, a.as.aud2, reaudit, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId: reaudit }, a.as.aud2);
    const dip = await allocate(t, a, feb, {
      caseRef: (await t.ok(Q.audit, { id: earlier.ri }, a.as.qa)).audit.caseRef,
      auditorId: 'qa',
      moderatorId: 'mod',
      templateId: 'dip-sample',
      reauditOfAuditId: earlier.ri,
    });
    // AFT-4: the audit team completes the dip audit.
    await t.ok(Q.setGrade, { input: { auditId: dip, section: 'PROGRESS', grade: 'GOOD', rationale: 'Actions completed' } }, a.as.qa);
    await t.ok(Q.setGrade, { input: { auditId: dip, section: 'OVERALL', grade: 'GOOD', rationale: 'Improved' } }, a.as.qa);
    await t.ok(Q.submit, { auditId: dip }, a.as.qa);
    const invalid = await allocate(t, a, feb, { caseRef: 'EH-invalid', ethnicity: 'Irish', childAge: 3 });
    await t.ok(Q.invalidate, { input: { auditId: invalid, reason: 'Practitioner not contacted' } }, a.as.qa);

    // UoPP meetings: two held on the day of moderation (the Inadequate one chaired by the audit manager).
    await t.ok(Q.uopp, { input: { auditId: audits[0], heldOn: '2027-02-15', chairId: 'aud', attendeeIds: ['prac', 'tm'] } }, a.as.aud);
    await t.ok(Q.uopp, { input: { auditId: audits[5], heldOn: '2027-02-15', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud', 'aud2'] } }, a.as.am);
    // Actions: one completed in time, one dropped, two open (one of them due before 1 March).
    const agree = async (auditId: string, dueOn: string) =>
      (await t.ok(Q.agreeAction, { input: { auditId, description: 'Review the plan with the family', ownerId: 'prac', dueOn, scope: 'CASE' } }, a.as.qa)).agreeAction.id;
    await t.ok(Q.completeAction, { input: { actionId: await agree(audits[0], '2027-02-20') } }, a.as.prac);
    await agree(audits[2], '2027-02-26');
    await agree(audits[3], '2027-03-10');
    await t.ok(Q.dropAction, { input: { actionId: await agree(audits[4], '2027-03-10'), reason: 'Case closed' } }, a.as.tm);
    await t.ok(Q.agreeKloes, { input: { cycleId: feb, kloes: ['Voice of the child', 'Management oversight'] } }, a.as.qa);

    // Two weeks on: the second UoPP is held late.
    const events = await t.eventCount();
    t = await t.restart({ APP_CLOCK: '2027-03-01T10:00:00Z' });
    for (const id of Object.keys(a.as)) a.as[id] = await t.login(id);
    expect(await t.eventCount()).toBe(events);
    await t.ok(Q.uopp, { input: { auditId: audits[1], heldOn: '2027-03-01', chairId: 'aud', attendeeIds: ['prac', 'tm'] } }, a.as.aud);
    // Three cycles' KLOE meetings and approvals, training and some twenty audits, all through the API, and a restart.
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('summarises the cycle: audits that count, grades initial and moderated, moderation agreement', async () => {
    const { boardReport } = await t.ok(REPORT, { cycleId: feb }, a.as.board);
    const { cycle } = boardReport;
    // 8 moderated and the re-audit; not the dip audit (it grades progress on earlier work) nor the invalidated one.
    expect(cycle).toMatchObject({ cycleId: feb, name: 'Early Help 2027-02', month: '2027-02', service: 'Early Help', audits: 9 });
    expect(cycle.grades).toEqual([
      { grade: 'OUTSTANDING', initial: 1, moderated: 0 },
      { grade: 'GOOD', initial: 5, moderated: 5 },
      { grade: 'REQUIRES_IMPROVEMENT', initial: 2, moderated: 2 },
      { grade: 'INADEQUATE', initial: 1, moderated: 1 },
    ]);
    expect(cycle.moderation).toEqual({ moderated: 8, unchanged: 5, upgraded: 1, downgraded: 2, agreementRate: 0.625 });
    expect(cycle.moderationChanges).toHaveLength(16);
    expect(cycle.moderationChanges.filter((c: { count: number }) => c.count > 0)).toEqual([
      { initial: 'OUTSTANDING', moderated: 'GOOD', count: 1 },
      { initial: 'GOOD', moderated: 'GOOD', count: 3 },
      { initial: 'GOOD', moderated: 'REQUIRES_IMPROVEMENT', count: 1 },
      { initial: 'REQUIRES_IMPROVEMENT', moderated: 'GOOD', count: 1 },
      { initial: 'REQUIRES_IMPROVEMENT', moderated: 'REQUIRES_IMPROVEMENT', count: 1 },
      { initial: 'INADEQUATE', moderated: 'INADEQUATE', count: 1 },
    ]);
    // By hand: observed Σw = 3 one-step disagreements = 24/(64·9); expected Σw·a·b = 80/(64·9); κ = 1 − 24/80.
    expect(cycle.weightedKappa).toBeCloseTo(0.7, 10);
    expect(boardReport.auditorAgreement).toEqual([
      { auditorId: 'aud', auditor: 'Staff aud', moderated: 5, unchanged: 3, upgraded: 0, downgraded: 2, agreementRate: 0.6 },
      { auditorId: 'aud2', auditor: 'Staff aud2', moderated: 3, unchanged: 2, upgraded: 1, downgraded: 0, agreementRate: 2 / 3 },
    ]);
  });

  it('reports UoPP meetings held and on time, actions, family feedback and KLOEs, judged on the day read', async () => {
    const { boardReport } = await t.ok(REPORT, { cycleId: feb }, a.as.board);
    expect(boardReport.asOf).toBe('2027-03-01');
    expect(boardReport.kloes).toEqual(['Voice of the child', 'Management oversight']);
    expect(boardReport.cycle.uopp).toEqual({
      due: 8,
      held: 3,
      heldOnTime: 2,
      // The other five were due by 22 February (18 February for the Inadequate one).
      overdue: 5,
      followUpsDue: 1,
      followUpsHeld: 0,
      followUpsHeldOnTime: 0,
      followUpsOverdue: 0,
      // The Inadequate one's urgent issues were never recorded as addressed by its team manager.
      urgentIssuesDue: 1,
      urgentIssuesAddressed: 0,
      urgentIssuesAddressedOnTime: 0,
      urgentIssuesOverdue: 1,
    });
    // Three of them are the case actions the work below Good was submitted with (AUD-4), still open.
    expect(boardReport.cycle.actions).toEqual({ agreed: 7, open: 5, completed: 1, completedOnTime: 1, dropped: 1, overdue: 1 });
    expect(boardReport.cycle.familyFeedback).toEqual({
      recorded: 3,
      rated: 2,
      notCompleted: 1,
      ratings: [
        { rating: 1, count: 0 },
        { rating: 2, count: 0 },
        { rating: 3, count: 1 },
        { rating: 4, count: 0 },
        { rating: 5, count: 1 },
      ],
      averageRating: 4,
      couldHaveTheirSay: { yes: 1, no: 1, notApplicable: 0 },
      ableToAccessSupport: { yes: 2, no: 0, notApplicable: 0 },
    });
    // Work below Good in February: two RI, one Inadequate, none followed up yet.
    expect(boardReport.cycle.followUps).toEqual({
      belowGood: 3,
      reauditTarget: 1,
      dipAuditsDue: 3,
      dipAuditsDone: 0,
      dipAuditsReachedGood: 0,
      dipAuditsOverdue: 0,
      reaudited: 0,
      reauditsReachedGood: 0,
    });
  });

  it('compares with earlier cycles of the same service only, newest first, with what followed their work', async () => {
    const { boardReport } = await t.ok(REPORT, { cycleId: feb }, a.as.board);
    expect(boardReport.previous.map((c: { month: string; service: string; audits: number }) => [c.month, c.service, c.audits])).toEqual([
      ['2026-12', 'Early Help', 1],
      ['2026-10', 'Early Help', 2],
    ]);
    const october = boardReport.previous[1];
    expect(october.grades.map((g: { moderated: number }) => g.moderated)).toEqual([0, 1, 1, 0]);
    // October's RI work: dip audited and re-audited in February, both found it Good.
    expect(october.followUps).toEqual({
      belowGood: 1,
      reauditTarget: 1,
      dipAuditsDue: 1,
      dipAuditsDone: 1,
      dipAuditsReachedGood: 1,
      dipAuditsOverdue: 0,
      reaudited: 1,
      reauditsReachedGood: 1,
    });
    expect(boardReport.previous[0].moderation).toEqual({ moderated: 1, unchanged: 1, upgraded: 0, downgraded: 0, agreementRate: 1 });

    expect((await t.ok(REPORT, { cycleId: feb, previousCycles: 1 }, a.as.board)).boardReport.previous.map((c: { month: string }) => c.month)).toEqual(['2026-12']);
    expect((await t.ok(REPORT, { cycleId: feb, previousCycles: 0 }, a.as.board)).boardReport.previous).toEqual([]);
    expect((await t.ok(REPORT, { cycleId: a.cycles['2026-10'] }, a.as.board)).boardReport.previous).toEqual([]);
  });

  it('answers the contract’s own query, previousCycles defaulting to 3', async () => {
    const { boardReport } = await t.ok(CONTRACT_REPORT, { cycleId: feb }, a.as.hos);
    expect(boardReport.cycle).toMatchObject({ cycleId: feb, audits: 9, moderation: { moderated: 8, agreementRate: 0.625 } });
    expect(boardReport.previous).toHaveLength(2);
  });

  it('monitors grades by ethnicity and age band with every count under 5 withheld', async () => {
    const { equality } = (await t.ok(REPORT, { cycleId: feb }, a.as.board)).boardReport;
    expect(equality.suppressedBelow).toBe(5);
    const hidden = { audits: null, suppressed: true, grades: ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'].map((grade) => ({ grade, count: null })) };
    // White British: 3 Good and 2 RI, so only the group's size and its zeros show.
    const fiveOfThreeAndTwo = {
      audits: 5,
      suppressed: true,
      grades: [
        { grade: 'OUTSTANDING', count: 0 },
        { grade: 'GOOD', count: null },
        { grade: 'REQUIRES_IMPROVEMENT', count: null },
        { grade: 'INADEQUATE', count: 0 },
      ],
    };
    expect(equality.byEthnicity).toEqual([
      { group: 'Bangladeshi', ...hidden },
      { group: 'White British', ...fiveOfThreeAndTwo },
      { group: 'Not recorded', ...hidden },
    ]);
    expect(equality.byAgeBand).toEqual([
      { group: '5 to 9', ...fiveOfThreeAndTwo },
      { group: '10 to 15', ...hidden },
      { group: 'Not recorded', ...hidden },
    ]);
  });

  it('publishes the cycle’s key practice points with the report, and refuses what breaks the rules', async () => {
    const before = await t.ok(POINTS, { cycleId: feb }, a.as.prac);
    expect(before.keyPracticePoints).toEqual({ cycleId: feb, points: [], publishedOn: null, publishedById: null });

    const points = ['Hear and record the voice of the child', 'Write the rationale for decisions on the file', 'Review plans with the family'];
    const { publishKeyPracticePoints } = await t.ok(PUBLISH, { input: { cycleId: feb, points } }, a.as.qa);
    expect(publishKeyPracticePoints).toEqual({ cycleId: feb, points, publishedOn: '2027-03-01', publishedById: 'qa' });
    expect((await t.ok(REPORT, { cycleId: feb }, a.as.board)).boardReport.keyPracticePoints).toEqual(points);
    // Practitioners read them too.
    expect((await t.ok(POINTS, { cycleId: feb }, a.as.prac)).keyPracticePoints.points).toEqual(points);

    const eleven = Array.from({ length: 11 }, (_, i) => `Point ${i + 1}`);
    await expectRefused(t, PUBLISH, { input: { cycleId: feb, points: eleven } }, a.as.qa, 'BAD_USER_INPUT', /^points: at most 10 key practice points$/);
    await expectRefused(t, PUBLISH, { input: { cycleId: feb, points: [] } }, a.as.qa, 'BAD_USER_INPUT', /^points: at least one key practice point is required$/);
    await expectRefused(t, PUBLISH, { input: { cycleId: feb, points: ['Fine', ' '] } }, a.as.qa, 'BAD_USER_INPUT', /^points: a key practice point must not be empty$/);
    await expectRefused(t, PUBLISH, { input: { cycleId: feb, points } }, a.as.qa, 'CONFLICT', /^these key practice points are already published/);
    await expectRefused(t, PUBLISH, { input: { cycleId: 'no-such-cycle', points } }, a.as.qa, 'NOT_FOUND', /^cycle no-such-cycle does not exist$/);
    for (const who of ['hos', 'board', 'aud', 'prac']) {
      await expectRefused(t, PUBLISH, { input: { cycleId: feb, points: ['Other'] } }, a.as[who], 'FORBIDDEN', /needs one of the roles AUDIT_TEAM/);
    }
    await expectRefused(t, POINTS, { cycleId: 'no-such-cycle' }, a.as.prac, 'NOT_FOUND', /^cycle no-such-cycle does not exist$/);
  });

  it('gives a board reader the report but nothing case-level, and nothing in the report names a case, child or practitioner', async () => {
    const board = a.as.board;
    const { boardReport } = await t.ok(REPORT, { cycleId: feb }, board);
    const text = JSON.stringify(boardReport);
    expect(text).not.toMatch(/EH-/);
    expect(text).not.toMatch(/Staff prac|Staff tm|Team north/);
    expect(text).not.toMatch(/listened to us|Family declined/);
    for (const auditId of audits.slice(0, 2)) expect(text).not.toContain(auditId);

    await expectRefused(t, Q.audit, { id: audits[0] }, board, 'FORBIDDEN', /you may not read this audit/);
    await expectRefused(t, `query($cycleId: ID!) { tracker(cycleId: $cycleId) { auditId } }`, { cycleId: feb }, board, 'FORBIDDEN', /needs one of the roles/);
    await expectRefused(t, `query { trackerPage { totalCount } }`, {}, board, 'FORBIDDEN', /needs one of the roles/);
    await expectRefused(t, `query($cycleId: ID) { gradeChanges(cycleId: $cycleId) { auditId } }`, { cycleId: feb }, board, 'FORBIDDEN', /needs one of the roles/);
    expect((await t.ok(`query($id: ID!) { cycle(id: $id) { id audits { id } } }`, { id: feb }, board)).cycle.audits).toEqual([]);
  });

  it('REP-7: counts each cycle’s work below Good 4 months on, as improvementEscalations has it, and shows the board no case', async () => {
    const { boardReport } = await t.ok(REPORT, { cycleId: feb }, a.as.board);
    for (const summary of [boardReport.cycle, ...boardReport.previous]) {
      const { improvementEscalations } = await t.ok(`query($c: ID) { improvementEscalations(cycleId: $c) { status } }`, { c: summary.cycleId }, a.as.dd);
      const count = (status: string) => improvementEscalations.filter((e: { status: string }) => e.status === status).length;
      expect({ month: summary.month, ...summary.escalations }).toEqual({
        month: summary.month,
        belowGood: improvementEscalations.length,
        notYetDue: count('NOT_YET_DUE'),
        improved: count('IMPROVED'),
        due: count('DUE'),
        escalated: count('ESCALATED'),
      });
    }
    // December's Inadequate work is not yet 4 months on; October's RI work has improved since.
    const shown = (c: { month: string; escalations: { belowGood: number; notYetDue: number; improved: number } }) => [c.month, c.escalations.belowGood, c.escalations.notYetDue, c.escalations.improved];
    expect(boardReport.previous.map(shown)).toEqual([
      ['2026-12', 1, 1, 0],
      ['2026-10', 1, 0, 1],
    ]);
    expect(await t.gql(`{ improvementEscalations { auditId } }`, {}, a.as.board).then((r) => r.errors?.[0]?.extensions?.code)).toBe('FORBIDDEN');
  });

  it('is open to the audit team, audit managers, heads of service, governance, board readers and the divisional director only', async () => {
    const gov = await t.login('gov');
    for (const token of [a.as.qa, a.as.am, a.as.hos, gov, a.as.board, a.as.dd]) {
      expect((await t.ok(CONTRACT_REPORT, { cycleId: feb }, token)).boardReport.cycle.cycleId).toBe(feb);
    }
    for (const who of ['prac', 'tm', 'aud', 'mod']) {
      await expectRefused(t, CONTRACT_REPORT, { cycleId: feb }, a.as[who], 'FORBIDDEN', /needs one of the roles AUDIT_TEAM, AUDIT_MANAGER, HEAD_OF_SERVICE, GOVERNANCE, BOARD_READER, DIVISIONAL_DIRECTOR/);
    }
    await expectRefused(t, CONTRACT_REPORT, { cycleId: feb }, null, 'UNAUTHENTICATED', /bearer token/);
  });

  it('answers NOT_FOUND for an unknown cycle and BAD_USER_INPUT for previousCycles out of range', async () => {
    await expectRefused(t, REPORT, { cycleId: 'no-such-cycle' }, a.as.board, 'NOT_FOUND', /^cycle no-such-cycle does not exist$/);
    for (const previousCycles of [-1, 25]) {
      await expectRefused(t, REPORT, { cycleId: feb, previousCycles }, a.as.board, 'BAD_USER_INPUT', /^previousCycles: must be a whole number from 0 to 24$/);
    }
  });
});
