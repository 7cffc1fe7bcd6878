import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectRefused, moderatedAudit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * 000 guide: for work moderated Inadequate "the Team Manager will address urgent issues identified
 * within 2 working days or sooner of the moderated outcome". Over GraphQL: the deadline on the audit,
 * the tracker and the team manager's work queue, the team manager's record that it was met, and the
 * same recorded late once the clock has moved on.
 *
 * The clock is Monday 21 December 2026: urgent issues of work moderated today are due Wednesday 23rd.
 */
describe('urgent issues of Inadequate work over GraphQL', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;
  let onTime: string;
  let late: string;

  const RECORD = `mutation($input: RecordUrgentIssuesAddressedInput!) { recordUrgentIssuesAddressed(input: $input) {
    id deadlines { urgentIssuesDue } urgentIssuesAddressed { addressedOn addressedById dueOn onTime summary } } }`;
  const AUDIT = `query($id: ID!) { audit(id: $id) { deadlines { urgentIssuesDue } urgentIssuesAddressed { addressedOn onTime } } }`;
  const TRACKER = `query($cycleId: ID!) { tracker(cycleId: $cycleId) { auditId nextDeadline nextDeadlineKind overdue } }`;
  const PAGE = `query($filter: TrackerFilter) { trackerPage(filter: $filter, first: 20) { nodes { auditId nextDeadlineKind overdueDeadlines deadlines { urgentIssuesDue urgentIssuesAddressedOn } } } }`;
  const QUEUE = `query { myWorkQueue { items { kind auditId dueOn overdue } } }`;

  // Items due the same day come in audit id order; these are sorted so the test does not depend on the ids.
  const urgentItems = async (who: string) =>
    (await t.ok(QUEUE, {}, a.as[who])).myWorkQueue.items
      .filter((i: { kind: string }) => i.kind === 'ADDRESS_URGENT_ISSUES')
      .sort((x: { auditId: string }, y: { auditId: string }) => x.auditId.localeCompare(y.auditId));
  const trackerRow = async (auditId: string) => (await t.ok(TRACKER, { cycleId: dec }, a.as.qa)).tracker.find((r: { auditId: string }) => r.auditId === auditId);
  const refused = (variables: Record<string, unknown>, who: string, code: string, mentions: RegExp) => expectRefused(t, RECORD, variables, a.as[who], code, mentions);

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    dec = a.cycles['2026-12'];
    onTime = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-URG1' });
    late = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-URG2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('dates them 2 working days after moderation, first on the tracker and in the team manager’s queue', async () => {
    expect((await t.ok(AUDIT, { id: onTime }, a.as.tm)).audit).toEqual({ deadlines: { urgentIssuesDue: '2026-12-23' }, urgentIssuesAddressed: null });
    expect(await trackerRow(onTime)).toEqual({ auditId: onTime, nextDeadline: '2026-12-23', nextDeadlineKind: 'URGENT_ISSUES', overdue: false });
    expect(await urgentItems('tm')).toEqual(
      [onTime, late].sort().map((auditId) => ({ kind: 'ADDRESS_URGENT_ISSUES', auditId, dueOn: '2026-12-23', overdue: false })),
    );
    // Nobody else has them to do.
    expect(await urgentItems('aud')).toEqual([]);
  });

  it('the case’s team manager records them addressed: on time, off the queue, and the next deadline is the UoPP meeting', async () => {
    const { recordUrgentIssuesAddressed } = await t.ok(RECORD, { input: { auditId: onTime, summary: ' Safety plan reviewed with the family ' } }, a.as.tm);
    expect(recordUrgentIssuesAddressed).toEqual({
      id: onTime,
      deadlines: { urgentIssuesDue: '2026-12-23' },
      urgentIssuesAddressed: { addressedOn: '2026-12-21', addressedById: 'tm', dueOn: '2026-12-23', onTime: true, summary: 'Safety plan reviewed with the family' },
    });
    expect(await trackerRow(onTime)).toMatchObject({ nextDeadlineKind: 'UOPP' });
    expect((await urgentItems('tm')).map((i: { auditId: string }) => i.auditId)).toEqual([late]);
  });

  it('refuses: another team manager, another role, twice, an empty summary, work not Inadequate, an unknown audit', async () => {
    await refused({ input: { auditId: late, summary: 'Done' } }, 'tm-youth', 'FORBIDDEN', /^only the team manager of the case may record that its urgent issues were addressed$/);
    await refused({ input: { auditId: late, summary: 'Done' } }, 'aud', 'FORBIDDEN', /TEAM_MANAGER/);
    await refused({ input: { auditId: onTime, summary: 'Again' } }, 'tm', 'CONFLICT', new RegExp(`^the urgent issues of audit ${onTime} were already recorded as addressed on 2026-12-21$`));
    await refused({ input: { auditId: late, summary: '   ' } }, 'tm', 'BAD_USER_INPUT', /^summary: /);
    const good = await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-URG3' });
    await refused({ input: { auditId: good, summary: 'Done' } }, 'tm', 'CONFLICT', new RegExp(`^audit ${good} has no urgent issues to address: they follow work moderated Inadequate$`));
    await refused({ input: { auditId: '00000000-0000-4000-8000-000000000000', summary: 'Done' } }, 'tm', 'NOT_FOUND', /^audit 00000000-0000-4000-8000-000000000000 does not exist$/);
  });

  it('once the day has passed they are overdue on the tracker and in the queue, and recording them then says late', async () => {
    const events = await t.eventCount();
    t = await t.restart({ APP_CLOCK: '2026-12-24T10:00:00Z' });
    for (const id of Object.keys(a.as)) a.as[id] = await t.login(id);
    expect(await t.eventCount()).toBe(events);

    const page = (await t.ok(PAGE, { filter: { cycleId: dec, overdue: true } }, a.as.qa)).trackerPage.nodes;
    expect(page.find((r: { auditId: string }) => r.auditId === late)).toEqual({
      auditId: late,
      nextDeadlineKind: 'URGENT_ISSUES',
      overdueDeadlines: ['URGENT_ISSUES'],
      deadlines: { urgentIssuesDue: '2026-12-23', urgentIssuesAddressedOn: null },
    });
    expect(page.find((r: { auditId: string }) => r.auditId === onTime)).toBeUndefined();
    expect(await urgentItems('tm')).toEqual([{ kind: 'ADDRESS_URGENT_ISSUES', auditId: late, dueOn: '2026-12-23', overdue: true }]);

    const recorded = (await t.ok(RECORD, { input: { auditId: late, summary: 'Strategy discussion held' } }, a.as.tm)).recordUrgentIssuesAddressed;
    expect(recorded.urgentIssuesAddressed).toMatchObject({ addressedOn: '2026-12-24', dueOn: '2026-12-23', onTime: false });
    expect(await urgentItems('tm')).toEqual([]);
  });
});
