import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, allocate, expectRefused, gradeAll, moderatedAudit, setUpAuthority, type Authority, readyToSubmit } from './lifecycle-fixtures.js';

/**
 * The tracker and the grade history over GraphQL: an authority's December 2026 cycle set up on Monday
 * 7 December through the commands, then read a week later (the service restarted on the same database
 * with a later clock) so overdue is seen to be judged on the day it is read.
 */

const ROW = `auditId cycleId practitioner team auditor moderator initialGrade moderatedGrade actions uoppHeld reauditRequired
  caseRef service month teamId status kind currentGrade uoppMeetings openActions overdueActions overdue overdueDeadlines
  nextDeadline nextDeadlineKind deadlines { moderationDue rectifyBy uoppDue followUpUoppDue dipAuditDue dipAuditDoneOn urgentIssuesDue urgentIssuesAddressedOn }`;
const TRACKER = `query($cycleId: ID!) { tracker(cycleId: $cycleId) { ${ROW} } }`;
const PAGE = `query($filter: TrackerFilter, $first: Int, $after: String) {
  trackerPage(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { auditId } } nodes { auditId overdue overdueDeadlines overdueActions }
  } }`;
const SORTED = `query($filter: TrackerFilter, $first: Int, $after: String, $orderBy: TrackerOrder, $offset: Int) {
  trackerPage(filter: $filter, first: $first, after: $after, orderBy: $orderBy, offset: $offset) {
    totalCount pageInfo { hasNextPage endCursor } nodes { auditId caseRef nextDeadline }
  } }`;
const CHANGES = `query($cycleId: ID, $since: DateTime, $until: DateTime, $teamId: ID, $source: GradeSource) {
  gradeChanges(cycleId: $cycleId, since: $since, until: $until, teamId: $teamId, source: $source) {
    eventId auditId section source from to rationale changedById changedAt } }`;

describe('tracker, trackerPage and gradeChanges over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;
  const id: Record<'good' | 'inadequate' | 'south' | 'submitted' | 'invalidated', string> = {} as never;
  const page = async (filter: Record<string, unknown>, first?: number, after?: string) =>
    (await t.ok(PAGE, { filter, first, after }, a.as.qa)).trackerPage;
  const ids = (rows: Array<{ auditId: string }>) => rows.map((r) => r.auditId);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t);
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'gov', name: 'Staff gov', email: 'gov@council.example', teamId: null, roles: ['GOVERNANCE'] },
    });
    dec = a.cycles['2026-12'];

    id.good = await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-1' });
    await t.ok(Q.agreeAction, { input: { auditId: id.good, description: 'Update the plan', ownerId: 'prac', dueOn: '2026-12-08', scope: 'CASE' } }, a.as.aud);
    await t.ok(Q.agreeAction, { input: { auditId: id.good, description: 'Team learning', ownerId: 'tm', dueOn: '2027-01-15', scope: 'TEAM_LEARNING' } }, a.as.aud);
    id.inadequate = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-2', practitionerId: 'prac2' });
    id.south = await allocate(t, a, dec, { caseRef: 'EH-3', teamId: 'south', practitionerId: 'prac2', teamManagerId: 'tm-south', auditorId: 'aud2', moderatorId: 'mod2' });
    id.submitted = await allocate(t, a, dec, { caseRef: 'EH-4' });
    await gradeAll(t, a.as.aud, id.submitted, 'GOOD', 'REQUIRES_IMPROVEMENT');
    await readyToSubmit(t, a.as.aud, id.submitted, 'REQUIRES_IMPROVEMENT');
    await t.ok(Q.submit, { auditId: id.submitted }, a.as.aud);
    id.invalidated = await allocate(t, a, dec, { caseRef: 'EH-5' });
    await t.ok(Q.invalidate, { input: { auditId: id.invalidated, reason: 'Practitioner not contacted' } }, a.as.qa);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows a cycle's tracker in allocation order, as the contract says, with status and deadlines", async () => {
    const { tracker } = await t.ok(TRACKER, { cycleId: dec }, a.as.qa);
    expect(ids(tracker)).toEqual([id.good, id.inadequate, id.south, id.submitted, id.invalidated]);
    expect(tracker[0]).toEqual({
      auditId: id.good,
      cycleId: dec,
      practitioner: 'Staff prac',
      team: 'Team north',
      auditor: 'Staff aud',
      moderator: 'Staff mod',
      initialGrade: 'GOOD',
      moderatedGrade: 'GOOD',
      actions: 2,
      uoppHeld: false,
      reauditRequired: false,
      caseRef: 'EH-1',
      service: 'Early Help',
      month: '2026-12',
      teamId: 'north',
      status: 'MODERATED',
      kind: 'AUDIT',
      currentGrade: 'GOOD',
      uoppMeetings: 0,
      openActions: 2,
      overdueActions: 0,
      overdue: false,
      overdueDeadlines: [],
      // 5 working days after moderation on Monday 7 December.
      nextDeadline: '2026-12-14',
      nextDeadlineKind: 'UOPP',
      deadlines: { moderationDue: '2026-12-31', rectifyBy: null, uoppDue: '2026-12-14', followUpUoppDue: null, dipAuditDue: null, dipAuditDoneOn: null, urgentIssuesDue: null, urgentIssuesAddressedOn: null },
    });
    expect(tracker[1]).toMatchObject({
      practitioner: 'Staff prac2',
      moderatedGrade: 'INADEQUATE',
      reauditRequired: true,
      // Inadequate: the team manager's urgent issues in 2 working days, the UoPP in 3; the dip audit 6 weeks after moderation.
      deadlines: { urgentIssuesDue: '2026-12-09', urgentIssuesAddressedOn: null, uoppDue: '2026-12-10', dipAuditDue: '2027-01-18' },
      nextDeadline: '2026-12-09',
      nextDeadlineKind: 'URGENT_ISSUES',
    });
    expect(tracker[2]).toMatchObject({ team: 'Team south', auditor: 'Staff aud2', moderator: 'Staff mod2', status: 'ALLOCATED', initialGrade: null, nextDeadline: '2026-12-31', nextDeadlineKind: 'MODERATION' });
    expect(tracker[3]).toMatchObject({ status: 'SUBMITTED', initialGrade: 'REQUIRES_IMPROVEMENT', moderatedGrade: null, nextDeadline: '2026-12-31' });
    expect(tracker[4]).toMatchObject({ status: 'INVALIDATED', nextDeadline: null, overdue: false });
  });

  it('judges overdue on the day it is read: a week later the UoPP meetings and an action are overdue, with no new event', async () => {
    const events = await t.eventCount();
    t = await t.restart({ APP_CLOCK: '2026-12-15T10:00:00Z' });
    for (const staffId of Object.keys(a.as)) a.as[staffId] = await t.login(staffId);
    expect(await t.eventCount()).toBe(events);

    const { tracker } = await t.ok(TRACKER, { cycleId: dec }, a.as.qa);
    const flags = tracker.map((r: { auditId: string; overdue: boolean; overdueDeadlines: string[]; overdueActions: number }) => [r.auditId, r.overdue, r.overdueDeadlines, r.overdueActions]);
    expect(flags).toEqual([
      [id.good, true, ['UOPP'], 1],
      [id.inadequate, true, ['URGENT_ISSUES', 'UOPP'], 0],
      [id.south, false, [], 0],
      [id.submitted, false, [], 0],
      [id.invalidated, false, [], 0],
    ]);

    expect(ids((await page({ cycleId: dec, overdue: true })).nodes)).toEqual([id.good, id.inadequate]);
    expect(ids((await page({ cycleId: dec, overdue: false })).nodes)).toEqual([id.south, id.submitted, id.invalidated]);
  });

  it('filters by service, team, grade and status, alone or together', async () => {
    expect((await page({ service: 'Early Help' })).totalCount).toBe(5);
    expect((await page({ service: 'Targeted Youth' })).nodes).toEqual([]);
    expect(ids((await page({ teamId: 'south' })).nodes)).toEqual([id.south]);
    // The moderated grade, or the initial grade until moderation.
    expect(ids((await page({ grade: 'GOOD' })).nodes)).toEqual([id.good]);
    expect(ids((await page({ grade: 'REQUIRES_IMPROVEMENT' })).nodes)).toEqual([id.submitted]);
    expect(ids((await page({ status: 'MODERATED' })).nodes)).toEqual([id.good, id.inadequate]);
    expect(ids((await page({ cycleId: dec, teamId: 'north', status: 'MODERATED', grade: 'INADEQUATE', overdue: true })).nodes)).toEqual([id.inadequate]);
    expect((await page({ cycleId: a.cycles['2027-02'] })).totalCount).toBe(0);
  });

  it('pages with opaque cursors: every row once, in order, and the count on every page', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    const pages: boolean[] = [];
    for (;;) {
      const p = await page({ cycleId: dec }, 2, after);
      expect(p.totalCount).toBe(5);
      expect(p.edges.map((e: { node: { auditId: string } }) => e.node.auditId)).toEqual(ids(p.nodes));
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
      seen.push(...ids(p.nodes));
      pages.push(p.pageInfo.hasNextPage);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(pages).toEqual([true, true, false]);
    expect(seen).toEqual([id.good, id.inadequate, id.south, id.submitted, id.invalidated]);
    // Nothing after the last row.
    expect((await page({ cycleId: dec }, 2, after)).nodes).toHaveLength(1);
    expect(after).not.toMatch(/\d{2,}/);
  });

  it('refuses a page size out of range and a cursor it did not give out, naming the argument', async () => {
    for (const first of [0, -1, 201]) {
      await expectRefused(t, PAGE, { filter: {}, first }, a.as.qa, 'BAD_USER_INPUT', /^first: must be a whole number from 1 to 200$/);
    }
    await expectRefused(t, PAGE, { filter: {}, after: 'bm90LWEtY3Vyc29y' }, a.as.qa, 'BAD_USER_INPUT', /^after: is not a cursor this list gave out/);
    await expectRefused(t, PAGE, { filter: { teamId: 'not an id' } }, a.as.qa, 'BAD_USER_INPUT', /^teamId: must be 1–64 letters/);
  });

  it('sorts on the server by orderBy: each field both ways, rows without a value last, ties in allocation order', async () => {
    const sorted = async (orderBy: Record<string, unknown>, first = 50, offset?: number) =>
      (await t.ok(SORTED, { filter: { cycleId: dec }, orderBy, first, offset }, a.as.qa)).trackerPage;
    // Case refs EH-1 … EH-5 in allocation order.
    expect(ids((await sorted({ field: 'CASE_REF', direction: 'DESC' })).nodes)).toEqual([id.invalidated, id.submitted, id.south, id.inadequate, id.good]);
    // Best grade first: good (moderated), requires improvement (initial, until moderation), inadequate; none yet last either way.
    expect(ids((await sorted({ field: 'GRADE' })).nodes)).toEqual([id.good, id.submitted, id.inadequate, id.south, id.invalidated]);
    expect(ids((await sorted({ field: 'GRADE', direction: 'DESC' })).nodes)).toEqual([id.inadequate, id.submitted, id.good, id.south, id.invalidated]);
    // The audit's lifecycle: allocated, submitted, moderated, invalidated; ties keep allocation order.
    expect(ids((await sorted({ field: 'STATUS' })).nodes)).toEqual([id.south, id.submitted, id.good, id.inadequate, id.invalidated]);
    expect(ids((await sorted({ field: 'TEAM', direction: 'DESC' })).nodes)).toEqual([id.south, id.good, id.inadequate, id.submitted, id.invalidated]);
    // Soonest deadline first; the invalidated audit has none and comes last.
    const byDeadline = (await sorted({ field: 'NEXT_DEADLINE' })).nodes;
    expect(byDeadline.map((r: { nextDeadline: string | null }) => r.nextDeadline)).toEqual([...byDeadline.map((r: { nextDeadline: string | null }) => r.nextDeadline)].sort((x, y) => (x === null ? 1 : y === null ? -1 : x.localeCompare(y))));
    expect(byDeadline.at(-1).auditId).toBe(id.invalidated);
    // The default and ALLOCATED ASC are the order the tracker always had.
    expect(ids((await sorted({ field: 'ALLOCATED' })).nodes)).toEqual(ids((await page({ cycleId: dec })).nodes));
    expect(ids((await sorted({ field: 'ALLOCATED', direction: 'DESC' })).nodes)).toEqual([id.invalidated, id.submitted, id.south, id.inadequate, id.good]);
  });

  it('pages a sorted list by offset or by its cursors: every row once, in the sorted order, the count on every page', async () => {
    const orderBy = { field: 'GRADE', direction: 'DESC' };
    const whole = ids((await t.ok(SORTED, { filter: { cycleId: dec }, orderBy }, a.as.qa)).trackerPage.nodes);
    const byOffset: string[] = [];
    for (const offset of [0, 2, 4]) {
      const p = (await t.ok(SORTED, { filter: { cycleId: dec }, orderBy, first: 2, offset }, a.as.qa)).trackerPage;
      expect(p.totalCount).toBe(5);
      expect(p.pageInfo.hasNextPage).toBe(offset < 4);
      byOffset.push(...ids(p.nodes));
    }
    expect(byOffset).toEqual(whole);
    const byCursor: string[] = [];
    let after: string | undefined;
    do {
      const p = (await t.ok(SORTED, { filter: { cycleId: dec }, orderBy, first: 2, after }, a.as.qa)).trackerPage;
      byCursor.push(...ids(p.nodes));
      after = p.pageInfo.hasNextPage ? p.pageInfo.endCursor : undefined;
    } while (after);
    expect(byCursor).toEqual(whole);
    // Asked again, the same page.
    const again = async () => ids((await t.ok(SORTED, { filter: { cycleId: dec }, orderBy, first: 2, offset: 2 }, a.as.qa)).trackerPage.nodes);
    expect(await again()).toEqual(await again());
    // Past the end: nothing, and no next page.
    expect((await t.ok(SORTED, { filter: { cycleId: dec }, orderBy, first: 2, offset: 5 }, a.as.qa)).trackerPage).toMatchObject({ nodes: [], totalCount: 5, pageInfo: { hasNextPage: false, endCursor: null } });
    // Offset in allocation order gives allocation cursors, which go on by keyset.
    const second = (await t.ok(SORTED, { filter: { cycleId: dec }, first: 2, offset: 2 }, a.as.qa)).trackerPage;
    expect(ids(second.nodes)).toEqual([id.south, id.submitted]);
    expect(ids((await page({ cycleId: dec }, 2, second.pageInfo.endCursor)).nodes)).toEqual([id.invalidated]);
  });

  it('refuses a sort or offset it cannot meet, naming the argument, and never answers 500', async () => {
    await expectRefused(t, SORTED, { filter: {}, orderBy: { field: 'CHILD_NAME' } }, a.as.qa, 'BAD_USER_INPUT', /^orderBy\.field: /);
    await expectRefused(t, SORTED, { filter: {}, orderBy: { field: 'TEAM', direction: 'SIDEWAYS' } }, a.as.qa, 'BAD_USER_INPUT', /^orderBy\.direction: /);
    await expectRefused(t, SORTED, { filter: {}, orderBy: { direction: 'ASC' } }, a.as.qa, 'BAD_USER_INPUT', /^orderBy\.field: is required/);
    await expectRefused(t, SORTED, { filter: {}, offset: -1 }, a.as.qa, 'BAD_USER_INPUT', /^offset: must be a whole number, 0 or more$/);
    const first = (await page({ cycleId: dec }, 2)).pageInfo.endCursor;
    await expectRefused(t, SORTED, { filter: {}, offset: 2, after: first }, a.as.qa, 'BAD_USER_INPUT', /^offset: cannot be given with after/);
    // A cursor of the allocation order is not one of a sorted list, nor a cursor of one sort of another.
    await expectRefused(t, SORTED, { filter: {}, orderBy: { field: 'TEAM' }, after: first }, a.as.qa, 'BAD_USER_INPUT', /^after: is not a cursor this list gave out/);
    const teamCursor = (await t.ok(SORTED, { filter: {}, orderBy: { field: 'TEAM' }, first: 1 }, a.as.qa)).trackerPage.pageInfo.endCursor;
    await expectRefused(t, SORTED, { filter: {}, orderBy: { field: 'TEAM', direction: 'DESC' }, after: teamCursor }, a.as.qa, 'BAD_USER_INPUT', /^after: belongs to another order/);
    await expectRefused(t, SORTED, { filter: {}, after: teamCursor }, a.as.qa, 'BAD_USER_INPUT', /^after: is not a cursor this list gave out/);
  });

  it('answers NOT_FOUND for a cycle that does not exist', async () => {
    await expectRefused(t, TRACKER, { cycleId: 'no-such-cycle' }, a.as.qa, 'NOT_FOUND', /^cycle no-such-cycle does not exist$/);
    await expectRefused(t, PAGE, { filter: { cycleId: 'no-such-cycle' } }, a.as.qa, 'NOT_FOUND', /^cycle no-such-cycle does not exist$/);
    await expectRefused(t, CHANGES, { cycleId: 'no-such-cycle' }, a.as.qa, 'NOT_FOUND', /^cycle no-such-cycle does not exist$/);
  });

  it('lists grade changes by cycle, period, team and source, in the order made', async () => {
    const all = (await t.ok(CHANGES, { cycleId: dec }, a.as.qa)).gradeChanges;
    // Each moderated audit: 7 sections and OVERALL by the auditor, OVERALL by the moderator; the submitted one: 8.
    expect(all).toHaveLength(9 + 9 + 8);
    expect(all.filter((c: { auditId: string }) => c.auditId === id.good).map((c: { section: string; source: string }) => `${c.source} ${c.section}`).slice(-2)).toEqual([
      'AUDITOR OVERALL',
      'MODERATOR OVERALL',
    ]);
    const moderator = (await t.ok(CHANGES, { cycleId: dec, source: 'MODERATOR' }, a.as.qa)).gradeChanges;
    expect(moderator.map((c: { auditId: string; from: string; to: string; changedById: string }) => [c.auditId, c.from, c.to, c.changedById])).toEqual([
      [id.good, 'GOOD', 'GOOD', 'mod'],
      [id.inadequate, 'INADEQUATE', 'INADEQUATE', 'mod'],
    ]);
    expect((await t.ok(CHANGES, { teamId: 'south' }, a.as.qa)).gradeChanges).toEqual([]);
    expect((await t.ok(CHANGES, { cycleId: dec, teamId: 'north' }, a.as.qa)).gradeChanges).toHaveLength(26);

    // since ≤ changedAt < until.
    const at = all[9].changedAt;
    const since = (await t.ok(CHANGES, { cycleId: dec, since: at }, a.as.qa)).gradeChanges;
    expect(since[0].eventId).toBe(all.find((c: { changedAt: string }) => c.changedAt === at).eventId);
    expect(since.every((c: { changedAt: string }) => c.changedAt >= at)).toBe(true);
    const until = (await t.ok(CHANGES, { cycleId: dec, until: at }, a.as.qa)).gradeChanges;
    expect(until.every((c: { changedAt: string }) => c.changedAt < at)).toBe(true);
    expect(since.length + until.length).toBe(all.length);
    expect((await t.ok(CHANGES, { since: '2030-01-01T00:00:00.000Z' }, a.as.qa)).gradeChanges).toEqual([]);
  });

  it('refuses a period that ends before it starts, and a time that is not one', async () => {
    await expectRefused(t, CHANGES, { since: '2026-12-10T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' }, a.as.qa, 'BAD_USER_INPUT', /^until: must not be before since$/);
    await expectRefused(t, CHANGES, { since: 'last week' }, a.as.qa, 'BAD_USER_INPUT', /^since: must be an instant written ISO 8601/);
  });

  it('is open to the audit team, audit managers, heads of service and governance only', async () => {
    for (const who of ['qa', 'am', 'hos']) {
      expect((await t.ok(TRACKER, { cycleId: dec }, a.as[who])).tracker).toHaveLength(5);
    }
    const gov = await t.login('gov');
    expect((await t.ok(PAGE, { filter: {} }, gov)).trackerPage.totalCount).toBe(5);
    expect((await t.ok(CHANGES, {}, gov)).gradeChanges.length).toBeGreaterThan(0);
    for (const who of ['prac', 'tm', 'aud', 'mod', 'board']) {
      await expectRefused(t, TRACKER, { cycleId: dec }, a.as[who], 'FORBIDDEN', /needs one of the roles AUDIT_TEAM, AUDIT_MANAGER, HEAD_OF_SERVICE, GOVERNANCE/);
      await expectRefused(t, PAGE, { filter: {} }, a.as[who], 'FORBIDDEN', /needs one of the roles/);
      await expectRefused(t, CHANGES, { cycleId: dec }, a.as[who], 'FORBIDDEN', /needs one of the roles/);
    }
    await expectRefused(t, TRACKER, { cycleId: dec }, null, 'UNAUTHENTICATED', /bearer token/);
  });

  it('reads a page in the same number of SQL queries whatever its size', async () => {
    const dataSource = t.infra.dataSource;
    const logger = dataSource.logger;
    const queries: string[] = [];
    (dataSource as { logger: typeof logger }).logger = new Proxy(logger, {
      get(target, property, receiver) {
        if (property === 'logQuery') return (query: string) => queries.push(query);
        return Reflect.get(target, property, receiver);
      },
    });
    const count = async (first: number) => {
      queries.length = 0;
      const p = await page({}, first);
      expect(p.nodes).toHaveLength(first);
      return queries.length;
    };
    try {
      const one = await count(1);
      const five = await count(5);
      expect(five).toBe(one);
      // The caller's sign-in, the rows, their count and their overdue actions.
      expect(one).toBeLessThanOrEqual(5);
      const filtered = async (first: number) => {
        queries.length = 0;
        await page({ cycleId: dec, overdue: true, status: 'MODERATED' }, first);
        return queries.length;
      };
      expect(await filtered(1)).toBe(await filtered(2));
    } finally {
      (dataSource as { logger: typeof logger }).logger = logger;
    }
  });

  it("shows each row's cycle allocation deadline (BEF-2) and six-month programme (BEF-13)", async () => {
    const { tracker } = await t.ok(`query($cycleId: ID!) { tracker(cycleId: $cycleId) { auditId deadlines { casesDueBy } programme { auditMonth learningFrom learningTo practiceDayMonth reauditMonth practiceDayHeldOn } } }`, { cycleId: dec }, a.as.qa);
    // The fixture's KLOE meeting for December was held on 1 November: cases due a week later.
    expect(tracker[0]).toEqual({
      auditId: id.good,
      deadlines: { casesDueBy: '2026-11-08' },
      programme: { auditMonth: '2026-12', learningFrom: '2027-02', learningTo: '2027-05', practiceDayMonth: '2027-03', reauditMonth: '2027-05', practiceDayHeldOn: null },
    });
    const { trackerPage } = await t.ok(`query($f: TrackerFilter) { trackerPage(filter: $f) { nodes { auditId deadlines { casesDueBy } programme { practiceDayMonth } } } }`, { f: { cycleId: dec } }, a.as.qa);
    expect(trackerPage.nodes.every((n: { deadlines: { casesDueBy: string }; programme: { practiceDayMonth: string } }) => n.deadlines.casesDueBy === '2026-11-08' && n.programme.practiceDayMonth === '2027-03')).toBe(true);
  });
});
