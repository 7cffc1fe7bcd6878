import { describe, expect, it } from '@jest/globals';
import { stringify } from 'csv-stringify/sync';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import { ImportRefused, planTrackerImport, type DirectoryFacts, type ExistingCycle, type ImportPlan } from './import-plan.js';
import { readTrackerFile, type RowProblem } from './tracker-file.js';

const calendar = calendarFor('GB-ENG');
const today = '2026-11-20';
const now = new Date('2026-11-20T10:00:00.000Z');
const actor = { staffId: 'qa', roles: ['AUDIT_TEAM'] as Role[] };

const directory: DirectoryFacts = {
  teams: [
    { id: 'north', name: 'Team North', service: 'Early Help' },
    { id: 'south', name: 'Team South', service: 'Early Help' },
  ],
  staff: [
    { id: 'prac', name: 'Amira Khan', teamId: 'north', roles: ['PRACTITIONER'] },
    { id: 'tm', name: 'Tom Hale', teamId: 'north', roles: ['TEAM_MANAGER'] },
    { id: 'aud', name: 'Ben Ode', teamId: 'south', roles: ['AUDITOR'] },
    { id: 'aud-north', name: 'Nia North', teamId: 'north', roles: ['AUDITOR'] },
    { id: 'mod', name: 'Carys Moor', teamId: null, roles: ['MODERATOR'] },
    { id: 'am', name: 'Jo Lead', teamId: null, roles: ['AUDIT_MANAGER'] },
    { id: 'twin-1', name: 'Sam Lee', teamId: 'south', roles: ['PRACTITIONER'] },
    { id: 'twin-2', name: 'Sam Lee', teamId: 'north', roles: ['PRACTITIONER'] },
  ],
};

const HEADINGS = ['Cycle', 'Service', 'Month', 'Case ref', 'Team', 'Practitioner', 'Team manager', 'Auditor', 'Moderator', 'Initial grade', 'Moderated grade', 'UoPP held', 'Re-audit required'];

/** A tracker row as a person keeps it: names, words for grades, Yes/No. */
const row = (overrides: Record<string, string> = {}) => {
  const base: Record<string, string> = {
    Cycle: 'EH March 2026',
    Service: 'Early Help',
    Month: '2026-03',
    'Case ref': 'EH-1',
    Team: 'Team North',
    Practitioner: 'Amira Khan',
    'Team manager': 'Tom Hale',
    Auditor: 'Ben Ode',
    Moderator: 'Carys Moor',
    'Initial grade': 'Good',
    'Moderated grade': 'Good',
    'UoPP held': 'Yes',
    'Re-audit required': 'No',
  };
  return { ...base, ...overrides };
};

async function plan(rows: Array<Record<string, string>>, options: { headings?: string[]; existingCycles?: ExistingCycle[]; sha256?: string } = {}): Promise<ImportPlan> {
  const headings = options.headings ?? [...new Set([...HEADINGS, ...rows.flatMap((r) => Object.keys(r))])];
  const csv = stringify([headings, ...rows.map((r) => headings.map((h) => r[h] ?? ''))]);
  const sheet = await readTrackerFile(Buffer.from(csv), 'csv');
  return planTrackerImport({
    sheet,
    fileName: 'tracker-2026.csv',
    format: 'csv',
    sha256: options.sha256 ?? 'a'.repeat(64),
    directory,
    existingCycles: options.existingCycles ?? [],
    actor,
    today,
    now,
    calendar,
  });
}

async function problemsOf(rows: Array<Record<string, string>>, options: Parameters<typeof plan>[1] = {}): Promise<RowProblem[]> {
  try {
    await plan(rows, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportRefused);
    return (error as ImportRefused).problems;
  }
  throw new Error('the import was not refused');
}

const typesOf = (p: ImportPlan) => p.appends.map((a) => [a.streamId.replace(/-[0-9a-f-]{36}$/, ''), a.events.map((e) => e.type)]);

describe('planning a tracker import', () => {
  it('makes one cycle per service and month, the audits in it, the cycle closed and the import record last', async () => {
    const p = await plan([
      row(),
      row({ 'Case ref': 'EH-2', 'Initial grade': 'Good', 'Moderated grade': 'Requires improvement', 'UoPP held': 'Yes', 'Re-audit required': 'Yes' }),
      row({ 'Case ref': 'EH-3', 'Initial grade': 'RI', 'Moderated grade': 'Inadequate', 'UoPP held': 'Yes', 'UoPP chair': 'Jo Lead', 'Re-audit required': '' }),
    ]);
    expect(typesOf(p)).toEqual([
      ['cycle', ['CycleScheduled']],
      ['audit', ['AuditAllocated', 'GradeSet', 'AuditSubmitted', 'ModerationChanged', 'ModerationCompleted', 'UoPPHeld']],
      ['audit', ['AuditAllocated', 'GradeSet', 'AuditSubmitted', 'ModerationChanged', 'ModerationCompleted', 'ReauditDue', 'UoPPHeld']],
      ['audit', ['AuditAllocated', 'GradeSet', 'AuditSubmitted', 'ModerationChanged', 'ModerationCompleted', 'ReauditDue', 'UoPPHeld']],
      ['cycle', ['CycleClosed']],
      ['import', ['TrackerImported']],
    ]);
    expect(p.record.cycles).toEqual([{ cycleId: expect.any(String), name: 'EH March 2026', service: 'Early Help', month: '2026-03', audits: 3, closed: true }]);
    expect(p.record.audits.map((a) => [a.row, a.caseRef])).toEqual([
      [2, 'EH-1'],
      [3, 'EH-2'],
      [4, 'EH-3'],
    ]);
    expect(p.eventCount).toBe(1 + 6 + 7 + 7 + 1 + 1);
  });

  it('writes what the row says through the ordinary event shapes, each marked as imported from its row', async () => {
    const p = await plan([row({ 'Initial grade': 'Good', 'Moderated grade': 'RI', 'Re-audit required': 'Yes', 'UoPP held': 'Yes' })]);
    const audit = p.appends[1];
    const data = Object.fromEntries(audit.events.map((e) => [e.type, e.data]));
    const auditId = data.AuditAllocated.auditId;
    expect(data.AuditAllocated).toMatchObject({
      cycleId: p.record.cycles[0].cycleId,
      caseRef: 'EH-1',
      teamId: 'north',
      practitionerId: 'prac',
      teamManagerId: 'tm',
      auditorId: 'aud',
      moderatorId: 'mod',
      templateId: 'early-help-uop',
      imported: { importId: p.importId, row: 2 },
    });
    // March 2026 ends on Tuesday 31st: submitted and moderated by then, as the guide expects.
    expect(data.GradeSet).toMatchObject({ section: 'OVERALL', from: null, to: 'GOOD', auditorId: 'aud', rationale: expect.stringContaining('"tracker-2026.csv" (row 2)') });
    expect(data.AuditSubmitted).toMatchObject({ submittedOn: '2026-03-31', overallGrade: 'GOOD', moderationDue: '2026-03-31' });
    expect(data.ModerationChanged).toMatchObject({ section: 'OVERALL', from: 'GOOD', to: 'REQUIRES_IMPROVEMENT', moderatorId: 'mod', rationale: expect.stringMatching(/^Changed at moderation as recorded/) });
    expect(data.ModerationCompleted).toMatchObject({ completedOn: '2026-03-31', moderatedGrade: 'REQUIRES_IMPROVEMENT', initialGrade: 'GOOD', uoppDue: '2026-04-09', reauditRequired: true });
    // Six weeks after moderation; 5 working days across Good Friday and Easter Monday for the UoPP meeting.
    expect(data.ReauditDue).toMatchObject({ dueOn: '2026-05-12', moderatedGrade: 'REQUIRES_IMPROVEMENT', kind: 'DIP_AUDIT' });
    expect(data.UoPPHeld).toMatchObject({ heldOn: '2026-04-09', chairId: 'aud', from: 'REQUIRES_IMPROVEMENT', revisedGrade: null, meeting: 'INITIAL', followUpDue: null });
    for (const event of audit.events) expect(event.data.imported).toEqual({ importId: p.importId, row: 2 });
    expect(audit.events.map((e) => e.occurredAt)).toEqual([
      '2026-03-01T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-04-09T12:00:00.000Z',
    ]);
    expect(audit.streamId).toBe(`audit-${auditId}`);
  });

  it('takes the dates a tracker gives, and UK dates, instead of the expected ones', async () => {
    const p = await plan([row({ 'Submitted on': '16/03/2026', 'Moderated on': '2026-03-20', 'UoPP held on': '27/03/2026' })]);
    const data = Object.fromEntries(p.appends[1].events.map((e) => [e.type, e.data]));
    expect(data.AuditSubmitted).toMatchObject({ submittedOn: '2026-03-16' });
    expect(data.ModerationCompleted).toMatchObject({ completedOn: '2026-03-20' });
    expect(data.UoPPHeld).toMatchObject({ heldOn: '2026-03-27' });
  });

  it('gives the same ids for the same file, and other ids for another file', async () => {
    const rows = [row(), row({ 'Case ref': 'EH-2' })];
    const ids = (p: ImportPlan) => [...new Set(p.appends.map((a) => a.streamId))].concat(p.appends.flatMap((a) => a.events.map((e) => e.id)));
    const first = await plan(rows);
    expect(ids(await plan(rows))).toEqual(ids(first));
    const other = ids(await plan(rows, { sha256: 'b'.repeat(64) }));
    expect(other.filter((id) => ids(first).includes(id))).toEqual([]);
    expect(new Set(ids(first)).size).toBe(ids(first).length);
  });

  it('leaves a cycle with audits still awaiting moderation open', async () => {
    const p = await plan([row(), row({ 'Case ref': 'EH-2', 'Moderated grade': '', 'UoPP held': '' })]);
    expect(typesOf(p).map(([stream]) => stream)).toEqual(['cycle', 'audit', 'audit', 'import']);
    expect(p.appends[2].events.map((e) => e.type)).toEqual(['AuditAllocated', 'GradeSet', 'AuditSubmitted']);
    expect(p.record.cycles[0].closed).toBe(false);
  });

  it('records an audit the tracker marks invalidated, and still closes the cycle', async () => {
    const p = await plan([row(), row({ 'Case ref': 'EH-2', 'Initial grade': '', 'Moderated grade': '', 'UoPP held': 'No', Status: 'Invalidated' })]);
    expect(p.appends[2].events.map((e) => e.type)).toEqual(['AuditAllocated', 'AuditInvalidated']);
    expect(p.appends[2].events[1].data).toMatchObject({ invalidatedById: 'qa', reason: expect.stringContaining('row 3') });
    expect(p.record.cycles[0].closed).toBe(true);
  });

  it('keeps each service and month its own cycle', async () => {
    const p = await plan([row(), row({ Month: 'May 2026', Cycle: 'EH May 2026' }), row({ Month: '03/2026', 'Case ref': 'EH-9' })]);
    expect(p.record.cycles.map((c) => [c.name, c.month, c.audits])).toEqual([
      ['EH March 2026', '2026-03', 2],
      ['EH May 2026', '2026-05', 1],
    ]);
  });

  it('reports every bad cell by row and column, and plans nothing', async () => {
    const problems = await problemsOf([
      row(),
      row({ 'Case ref': 'EH-2', 'Initial grade': 'Excellent', Practitioner: 'Nobody Known', Month: '2026-13' }),
      row({ 'Case ref': 'EH-3', 'Moderated grade': '', 'UoPP held': 'Yes' }),
      row({ 'Case ref': 'EH-4', 'Moderated grade': 'Good', 'Re-audit required': 'Yes' }),
      row({ 'Case ref': 'EH-5', Auditor: 'Nia North' }),
      row({ 'Case ref': 'EH-1' }),
      row({ 'Case ref': 'EH-7', Cycle: 'March (second go)' }),
      row({ 'Case ref': 'EH-8', Practitioner: 'Sam Lee' }),
      row({ 'Case ref': 'EH-9', Month: '2026-12', Cycle: 'EH December 2026' }),
      row({ 'Case ref': 'EH-10', 'Moderated grade': 'Inadequate', 'UoPP held': 'Yes' }),
      row({ 'Case ref': 'EH-11', 'UoPP held': 'maybe', 'Moderated on': '2026-02-01' }),
      row({ 'Case ref': 'EH-12', Moderator: 'Ben Ode' }),
    ]);
    expect(problems).toEqual([
      { row: 3, column: 'Month', message: '"2026-13" is not a month: write it as 2024-03 or March 2024' },
      { row: 3, column: 'Practitioner', message: 'no staff member has the id or name "Nobody Known": register them first, or correct the name' },
      { row: 3, column: 'Initial grade', message: '"Excellent" is not a grade: write Outstanding, Good, Requires improvement (RI) or Inadequate' },
      { row: 4, column: 'UoPP held', message: 'a UoPP meeting follows moderation: the audit has no moderated grade' },
      { row: 5, column: 'Re-audit required', message: expect.stringMatching(/^only work moderated Requires improvement or Inadequate is re-audited/) },
      { row: 6, column: 'Auditor', message: 'the auditor must be independent: not a member of the team holding the case' },
      { row: 7, column: 'Case ref', message: 'case EH-1 is already on row 2 in the same cycle' },
      { row: 8, column: 'Cycle', message: '"March (second go)": the earlier rows of Early Help 2026-03 call this cycle "EH March 2026"' },
      { row: 9, column: 'Practitioner', message: '2 staff members are called "Sam Lee": write the staff member’s id instead' },
      { row: 10, column: 'Month', message: '2026-12 is after this month: only past cycles are imported' },
      { row: 11, column: 'UoPP chair', message: expect.stringMatching(/^must name the audit manager who chaired the UoPP meeting/) },
      { row: 12, column: 'UoPP held', message: '"maybe" is not Yes or No' },
      { row: 13, column: 'Moderator', message: 'the moderator must hold the MODERATOR role' },
    ]);
  });

  it('refuses dates out of order or in the future, naming the column', async () => {
    expect(await problemsOf([row({ 'Submitted on': '2026-03-20', 'Moderated on': '2026-03-10' })])).toEqual([
      { row: 2, column: 'Moderated on', message: '2026-03-10 is before the submission (2026-03-20)' },
    ]);
    expect(await problemsOf([row({ 'Submitted on': '2026-11-23' })])).toEqual([{ row: 2, column: 'Submitted on', message: '2026-11-23 is after today' }]);
    expect(await problemsOf([row({ Month: '2026-11', Cycle: 'EH Nov', 'UoPP held on': '2026-11-25' })])).toEqual([
      { row: 2, column: 'UoPP held on', message: '2026-11-25 is after today' },
    ]);
    expect(await problemsOf([row({ 'Moderated grade': 'Outstanding', 'UoPP held': 'Yes', 'UoPP chair': 'Jo Lead' })])).toEqual([
      { row: 2, column: 'UoPP chair', message: 'for work graded Requires improvement and above the auditor chairs the UoPP meeting' },
    ]);
  });

  it('the team manager’s urgent issues of Inadequate work: dated and recorded from a tracker that keeps them, left out by one that does not', async () => {
    const inadequate = { 'Initial grade': 'Inadequate', 'Moderated grade': 'Inadequate', 'UoPP held': 'No', 'Moderated on': '2026-03-20' };
    const eventsOf = (p: ImportPlan) => Object.fromEntries(p.appends[1].events.map((e) => [e.type, e.data]));
    // Moderated Friday 20 March: 2 working days on is Tuesday 24th.
    const kept = eventsOf(await plan([row({ ...inadequate, 'Urgent issues addressed on': '23/03/2026' })]));
    expect(kept.ModerationCompleted).toMatchObject({ urgentIssuesDue: '2026-03-24' });
    expect(kept.UrgentIssuesAddressed).toMatchObject({ addressedById: 'tm', addressedOn: '2026-03-23', dueOn: '2026-03-24', summary: expect.stringContaining('"tracker-2026.csv" (row 2)') });
    // The column there but empty: still to be addressed.
    const open = eventsOf(await plan([row({ ...inadequate, 'Urgent issues addressed on': '' })]));
    expect(open.ModerationCompleted).toMatchObject({ urgentIssuesDue: '2026-03-24' });
    expect(open.UrgentIssuesAddressed).toBeUndefined();
    // No such column: the tracker never kept them, so no deadline is made up.
    const never = eventsOf(await plan([row(inadequate)]));
    expect(never.ModerationCompleted).toMatchObject({ urgentIssuesDue: null });
    expect(never.UrgentIssuesAddressed).toBeUndefined();
  });

  it('refuses an urgent issues date for work not moderated Inadequate, or before its moderation', async () => {
    expect(await problemsOf([row({ 'Urgent issues addressed on': '2026-03-31' })])).toEqual([
      { row: 2, column: 'Urgent issues addressed on', message: 'is given, but only work moderated Inadequate has urgent issues for the team manager to address' },
    ]);
    const inadequate = { 'Initial grade': 'Inadequate', 'Moderated grade': 'Inadequate', 'UoPP held': 'No', 'Moderated on': '2026-03-20' };
    expect(await problemsOf([row({ ...inadequate, 'Urgent issues addressed on': '2026-03-19' })])).toEqual([
      { row: 2, column: 'Urgent issues addressed on', message: '2026-03-19 is before moderation (2026-03-20)' },
    ]);
  });

  it('decides each step of a row on what the earlier steps left, naming the cell that asked for it', async () => {
    // A moderated grade has fed the board report: the live InvalidateAudit refuses it.
    expect(await problemsOf([row({ Status: 'Invalidated' })])).toEqual([
      { row: 2, column: 'Status', message: 'the audit is MODERATED: the audit can be invalidated only while it is ALLOCATED or SUBMITTED or RETURNED' },
    ]);
    // No moderation, so no urgent issues to address.
    expect(await problemsOf([row({ 'Moderated grade': '', 'UoPP held': 'No', 'Urgent issues addressed on': '2026-03-31' })])).toEqual([
      { row: 2, column: 'Urgent issues addressed on', message: 'is given, but only work moderated Inadequate has urgent issues for the team manager to address' },
    ]);
    // The chair of the first meeting on Inadequate work must be an audit manager, not any named person.
    expect(await problemsOf([row({ 'Moderated grade': 'Inadequate', 'UoPP chair': 'Tom Hale' })])).toEqual([
      { row: 2, column: 'UoPP chair', message: 'for Inadequate work the audit manager chairs the UoPP meeting' },
    ]);
  });

  it('refuses a file missing a required column, or naming one twice', async () => {
    const problems = await problemsOf([row()], { headings: HEADINGS.filter((h) => h !== 'Auditor').concat(['Social worker', 'Notes']) });
    expect(problems).toEqual([
      { row: 1, column: 'Social worker', message: 'names the same column as "Practitioner"; keep one of them' },
      { row: 1, column: 'Auditor', message: 'this column is required and missing from the heading row' },
    ]);
  });

  it('refuses a cycle the service already has for that month', async () => {
    const problems = await problemsOf([row(), row({ 'Case ref': 'EH-2' })], {
      existingCycles: [{ id: 'live-1', name: 'March EH', service: 'early help', month: '2026-03' }],
    });
    expect(problems).toEqual([
      { row: 2, column: 'Month', message: 'Early Help already has a cycle for 2026-03 in the service ("March EH"): a past cycle is imported once' },
    ]);
  });

  it('takes the case facts for equality monitoring, judged by the audit decider', async () => {
    const p = await plan([row({ Ethnicity: 'Bangladeshi', "Child's age": '7' })]);
    expect(p.appends[1].events[0].data).toMatchObject({ ethnicity: 'Bangladeshi', childAge: 7 });
    expect(await problemsOf([row({ "Child's age": '31' })])).toEqual([
      { row: 2, column: "Child's age", message: "must be the index child's age at the point of audit in whole years, from 0 to 25" },
    ]);
  });

  it('refuses a file with headings and no audits', async () => {
    expect(await problemsOf([])).toEqual([{ row: 2, column: 'row', message: 'the file has headings but no audits' }]);
  });
});
