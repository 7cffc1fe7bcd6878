import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { ImportTrackerCommand, ImportTrackerHandler } from '../../src/imports/commands/import-tracker.js';
import { WriteSide } from '../../src/write-side/write-side.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * POST /imports/tracker over HTTP: past cycles from a tracker spreadsheet become events, which the
 * read models show like any other audits. The files are made here with exceljs and csv-stringify,
 * as a person keeps them: names rather than ids, words for grades, Yes/No, date cells.
 *
 * The clock is Friday 20 November 2026.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADINGS = ['Cycle', 'Service', 'Month', 'Case ref', 'Team', 'Practitioner', 'Team manager', 'Auditor', 'Moderator', 'Initial grade', 'Moderated grade', 'UoPP held', 'Re-audit required', 'UoPP chair', 'Moderated on', 'Notes'];

type Cell = string | Date | null;

/** A tracker row: [case ref, initial, moderated, UoPP held, re-audit, UoPP chair, moderated on]. */
const march = (caseRef: string, initial: string, moderated: string | null, uopp: string, reaudit: string, chair: string | null = null, moderatedOn: Cell = null): Cell[] => [
  'EH March 2026', 'Early Help', '2026-03', caseRef, 'Team north', 'Staff prac', 'tm', 'Staff aud', 'Staff mod', initial, moderated, uopp, reaudit, chair, moderatedOn, 'kept by hand',
];

async function workbook(rows: Cell[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Notes').addRow(['This sheet is not the tracker']);
  const sheet = book.addWorksheet('Tracker');
  sheet.addRow(HEADINGS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csv = (rows: Cell[][]) => Buffer.from(stringify([HEADINGS, ...rows.map((r) => r.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : (c ?? ''))))]));

describe('importing past cycles from a tracker spreadsheet', () => {
  let t: TestApp;
  let a: Authority;
  let firstImport: Record<string, any>;
  let firstFile: Buffer;

  const post = async (body: Buffer | FormData, contentType: string | null, token: string | null, query = '') => {
    const headers: Record<string, string> = {};
    if (contentType) headers['content-type'] = contentType;
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${t.baseUrl}/imports/tracker${query}`, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  /** Refused with this HTTP status and code, the message naming the problem, and not one event appended. */
  const refused = async (send: () => Promise<{ status: number; body: Record<string, any> }>, status: number, code: string, mentions: RegExp) => {
    const before = await t.eventCount();
    const response = await send();
    expect({ status: response.status, error: response.body.error, message: response.body.message }).toEqual({ status, error: code, message: expect.stringMatching(mentions) });
    expect(await t.eventCount()).toBe(before);
    return response.body;
  };

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-11-20T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports an XLSX workbook of two past cycles, which the tracker and audits then show', async () => {
    const file = (firstFile = await workbook([
      march('EH-101', 'Good', 'Good', 'Yes', 'No'),
      march('EH-102', 'Good', 'Requires improvement', 'Yes', 'Yes', null, new Date(Date.UTC(2026, 2, 20))),
      march('EH-103', 'RI', 'Inadequate', 'Yes', '', 'Staff am'),
      ['EH May 2026', 'Early Help', 'May 2026', 'EH-201', 'north', 'prac2', 'Staff tm', 'aud2', 'mod2', 'Outstanding', 'Outstanding', 'No', 'No', null, null, null],
      ['EH May 2026', 'Early Help', 'May 2026', 'EH-202', 'north', 'prac2', 'Staff tm', 'aud2', 'mod2', 'Good', null, null, null, null, null, null],
    ]));
    const response = await post(file, XLSX, a.as.qa, '?fileName=tracker-2026.xlsx');
    expect(response.status).toBe(201);
    firstImport = response.body;
    expect(firstImport).toMatchObject({
      fileName: 'tracker-2026.xlsx',
      format: 'xlsx',
      alreadyImported: false,
      ignoredHeadings: ['Notes'],
      cycles: [
        { name: 'EH March 2026', service: 'Early Help', month: '2026-03', audits: 3, closed: true },
        { name: 'EH May 2026', service: 'Early Help', month: '2026-05', audits: 2, closed: false },
      ],
    });
    expect(firstImport.audits.map((x: { row: number; caseRef: string }) => [x.row, x.caseRef])).toEqual([
      [2, 'EH-101'],
      [3, 'EH-102'],
      [4, 'EH-103'],
      [5, 'EH-201'],
      [6, 'EH-202'],
    ]);

    const [marchCycle, mayCycle] = firstImport.cycles.map((c: { cycleId: string }) => c.cycleId);
    const { cycles } = await t.ok(`{ cycles { id name month status } }`, {}, a.as.qa);
    expect(cycles.filter((c: { id: string }) => c.id === marchCycle || c.id === mayCycle)).toEqual([
      { id: mayCycle, name: 'EH May 2026', month: '2026-05', status: 'OPEN' },
      { id: marchCycle, name: 'EH March 2026', month: '2026-03', status: 'CLOSED' },
    ]);

    const { tracker } = await t.ok(
      `query($c: ID!) { tracker(cycleId: $c) { caseRef practitioner team auditor moderator initialGrade moderatedGrade uoppHeld reauditRequired status } }`,
      { c: marchCycle },
      a.as.qa,
    );
    expect(tracker).toEqual([
      { caseRef: 'EH-101', practitioner: 'Staff prac', team: 'Team north', auditor: 'Staff aud', moderator: 'Staff mod', initialGrade: 'GOOD', moderatedGrade: 'GOOD', uoppHeld: true, reauditRequired: false, status: 'MODERATED' },
      { caseRef: 'EH-102', practitioner: 'Staff prac', team: 'Team north', auditor: 'Staff aud', moderator: 'Staff mod', initialGrade: 'GOOD', moderatedGrade: 'REQUIRES_IMPROVEMENT', uoppHeld: true, reauditRequired: true, status: 'MODERATED' },
      { caseRef: 'EH-103', practitioner: 'Staff prac', team: 'Team north', auditor: 'Staff aud', moderator: 'Staff mod', initialGrade: 'REQUIRES_IMPROVEMENT', moderatedGrade: 'INADEQUATE', uoppHeld: true, reauditRequired: true, status: 'MODERATED' },
    ]);

    const { audit } = await t.ok(
      `query($id: ID!) { audit(id: $id) { status teamManagerId deadlines { moderationDue uoppDue dipAuditDue } gradeHistory { section source from to rationale changedById changedAt } } }`,
      { id: firstImport.audits[1].auditId },
      a.as.qa,
    );
    expect(audit).toMatchObject({ status: 'MODERATED', teamManagerId: 'tm', deadlines: { moderationDue: '2026-03-31', uoppDue: '2026-03-27', dipAuditDue: '2026-05-01' } });
    expect(audit.gradeHistory).toEqual([
      { section: 'OVERALL', source: 'AUDITOR', from: null, to: 'GOOD', rationale: expect.stringContaining('"tracker-2026.xlsx" (row 3)'), changedById: 'aud', changedAt: '2026-03-20T12:00:00.000Z' },
      { section: 'OVERALL', source: 'MODERATOR', from: 'GOOD', to: 'REQUIRES_IMPROVEMENT', rationale: expect.stringMatching(/^Changed at moderation/), changedById: 'mod', changedAt: '2026-03-20T12:00:00.000Z' },
    ]);
  });

  it('puts the imported cycles in the board report of the service’s next live cycle, from day one', async () => {
    const { boardReport } = await t.ok(
      `query($c: ID!) { boardReport(cycleId: $c) { cycle { month audits } previous { month audits grades { grade initial moderated } moderation { moderated unchanged upgraded downgraded } } } }`,
      { c: a.cycles['2026-12'] },
      a.as.board,
    );
    const grades = (initial: number[], moderated: number[]) =>
      ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'].map((grade, i) => ({ grade, initial: initial[i], moderated: moderated[i] }));
    expect(boardReport).toEqual({
      cycle: { month: '2026-12', audits: 0 },
      previous: [
        { month: '2026-05', audits: 2, grades: grades([1, 1, 0, 0], [1, 0, 0, 0]), moderation: { moderated: 1, unchanged: 1, upgraded: 0, downgraded: 0 } },
        { month: '2026-03', audits: 3, grades: grades([0, 2, 1, 0], [0, 1, 1, 1]), moderation: { moderated: 3, unchanged: 1, upgraded: 0, downgraded: 2 } },
      ],
    });
  });

  it('marks every imported event with the import and its row, under the importer’s name', async () => {
    const events = await t.infra.store.readStream(`audit-${firstImport.audits[2].auditId}`);
    expect(events.map((e) => e.type)).toEqual(['AuditAllocated', 'GradeSet', 'AuditSubmitted', 'ModerationChanged', 'ModerationCompleted', 'ReauditDue', 'UoPPHeld']);
    for (const event of events) {
      expect(event.data.imported).toEqual({ importId: firstImport.importId, row: 4 });
      expect(event.metadata).toMatchObject({ actor: { staffId: 'qa', role: 'AUDIT_TEAM' }, correlationId: firstImport.importId });
    }
    expect(events.at(-1)!.data).toMatchObject({ chairId: 'am', from: 'INADEQUATE', followUpDue: expect.any(String) });
    const [record] = await t.infra.store.readStream(`import-${firstImport.importId}`);
    expect(record).toMatchObject({ type: 'TrackerImported', data: { fileName: 'tracker-2026.xlsx', format: 'xlsx', importedById: 'qa', importedOn: '2026-11-20' } });
  });

  it('appends nothing when the same file comes again, under any name', async () => {
    const before = await t.eventCount();
    const again = await post(firstFile, 'application/octet-stream', a.as.qa, '?fileName=copy-of-tracker.xlsx');
    expect(again).toMatchObject({ status: 201, body: { importId: firstImport.importId, fileName: 'tracker-2026.xlsx', alreadyImported: true, events: 0 } });
    expect(again.body.audits).toEqual(firstImport.audits);
    expect(await t.eventCount()).toBe(before);
    expect(await t.infra.store.readStream(`import-${firstImport.importId}`)).toHaveLength(1);
  });

  it('completes an import cut off half way when the same file is sent again', async () => {
    const file = csv(['EH-601', 'EH-602', 'EH-603'].map((caseRef) => ['EH November 2025', 'Early Help', '2025-11', caseRef, 'Team north', 'Staff prac', 'tm', 'Staff aud', 'Staff mod', 'Good', 'Good', 'Yes', 'No', null, null, null]));
    // The service's own handler over a store whose connection is lost after two appends, as a crash would cut it off.
    const store = t.infra.store;
    let appends = 0;
    const failing = new Proxy(store, {
      get(target, property) {
        if (property === 'appendToStream') {
          return (...args: Parameters<EventStore['appendToStream']>) => (++appends > 2 ? Promise.reject(new Error('connection lost')) : target.appendToStream(...args));
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const handler = new ImportTrackerHandler(t.app.get(WriteSide), t.app.get(DataSource), t.app.get(ProjectionRunner), failing);
    const before = await t.eventCount();
    await expect(handler.execute(new ImportTrackerCommand({ bytes: file, fileName: 'november.csv', format: 'csv' }, { staffId: 'qa', roles: ['AUDIT_TEAM'], teamId: null }))).rejects.toThrow('connection lost');
    // The cycle and its first audit got in.
    expect(await t.eventCount()).toBe(before + 1 + 6);

    const resumed = await post(file, 'text/csv', a.as.qa, '?fileName=november.csv');
    expect(resumed).toMatchObject({ status: 201, body: { alreadyImported: false, events: 2 * 6 + 1 + 1, cycles: [{ month: '2025-11', audits: 3, closed: true }] } });
    expect(await t.eventCount()).toBe(before + 1 + 3 * 6 + 1 + 1);
    const { tracker } = await t.ok(`query($c: ID!) { tracker(cycleId: $c) { caseRef moderatedGrade uoppHeld } }`, { c: resumed.body.cycles[0].cycleId }, a.as.qa);
    expect(tracker).toEqual(['EH-601', 'EH-602', 'EH-603'].map((caseRef) => ({ caseRef, moderatedGrade: 'GOOD', uoppHeld: true })));
  });

  it('refuses a CSV with bad rows, naming each row and column, and imports none of it', async () => {
    const body = await refused(
      () =>
        post(
          csv([
            ['EH July 2026', 'Early Help', '2026-07', 'EH-301', 'Team north', 'Staff prac', 'tm', 'Staff aud', 'Staff mod', 'Good', 'Good', 'Yes', 'No', null, null, null],
            ['EH July 2026', 'Early Help', '2026-07', 'EH-302', 'Team north', 'Staff nobody', 'tm', 'Staff aud', 'Staff mod', 'Brilliant', 'Good', 'Yes', 'No', null, null, null],
            ['EH July 2026', 'Early Help', '2026-07', 'EH-303', 'Team north', 'Staff prac', 'tm', 'Staff aud', 'Staff mod', 'Good', '', 'Yes', 'No', null, null, null],
            ['EH March 2026', 'Early Help', '2026-03', 'EH-304', 'Team north', 'Staff prac', 'tm', 'Staff aud', 'Staff mod', 'Good', 'Good', 'No', 'No', null, null, null],
            ['EH July 2026', 'Early Help', '2026-07', 'EH-305', 'Team north', 'Staff prac', 'tm', 'Staff aud-north', 'Staff mod', 'Good', 'Good', 'No', 'No', null, null, null],
          ]),
          'text/csv; charset=utf-8',
          a.as.qa,
          '?fileName=july.csv',
        ),
      400,
      'BAD_USER_INPUT',
      /^file: 5 problems in 4 rows; nothing was imported$/,
    );
    expect(body.problems).toEqual([
      { row: 3, column: 'Practitioner', message: 'no staff member has the id or name "Staff nobody": register them first, or correct the name' },
      { row: 3, column: 'Initial grade', message: '"Brilliant" is not a grade: write Outstanding, Good, Requires improvement (RI) or Inadequate' },
      // Each step of a row is decided on what the earlier ones left: no moderation, so no UoPP meeting.
      { row: 4, column: 'UoPP held', message: 'a UoPP meeting follows moderation: the audit has no moderated grade' },
      { row: 5, column: 'Month', message: 'Early Help already has a cycle for 2026-03 in the service ("EH March 2026"): a past cycle is imported once' },
      // Decided by the audit decider's allocation rules, as a live allocation would be.
      { row: 6, column: 'Auditor', message: 'the auditor must be independent: not a member of the team holding the case' },
    ]);
    const { cycles } = await t.ok(`{ cycles { month } }`, {}, a.as.qa);
    expect(cycles.map((c: { month: string }) => c.month)).not.toContain('2026-07');
  });

  it('takes a multipart upload of a CSV', async () => {
    const form = new FormData();
    const file = csv([
      ['EH September 2026', 'Early Help', '2026-09', 'EH-401', 'Team north', 'Staff prac', 'tm', 'Staff aud', 'Staff mod', 'Good', 'Requires improvement', 'Yes', 'Yes', null, null, null],
    ]);
    form.append('file', new Blob([file], { type: 'text/csv' }), 'september.csv');
    const response = await post(form, null, a.as.qa);
    expect(response).toMatchObject({ status: 201, body: { fileName: 'september.csv', format: 'csv', cycles: [{ month: '2026-09', audits: 1, closed: true }] } });
  });

  it('refuses callers other than the audit team, and files it cannot read, appending nothing', async () => {
    const good = csv([march('EH-501', 'Good', 'Good', 'No', 'No')]);
    await refused(() => post(good, 'text/csv', null), 401, 'UNAUTHENTICATED', /^Authorization: a bearer token is required$/);
    await refused(() => post(good, 'text/csv', a.as.aud), 403, 'FORBIDDEN', /AUDIT_TEAM/);
    await refused(() => post(good, 'application/pdf', a.as.qa), 400, 'BAD_USER_INPUT', /^file: cannot tell the file's format from "application\/pdf"/);
    await refused(() => post(Buffer.from('not a workbook'), XLSX, a.as.qa), 400, 'BAD_USER_INPUT', /^file: could not be read as an XLSX workbook/);
    await refused(() => post(Buffer.alloc(0), 'text/csv', a.as.qa), 400, 'BAD_USER_INPUT', /^file: the request has no body/);
    const missing = await refused(
      () => post(Buffer.from('Cycle,Service,Month\nEH,Early Help,2026-01\n'), 'text/csv', a.as.qa),
      400,
      'BAD_USER_INPUT',
      /^file: 7 problems in 1 row; nothing was imported$/,
    );
    expect(missing.problems[0]).toEqual({ row: 1, column: 'Case ref', message: 'this column is required and missing from the heading row' });
  });
});
