import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, allocate, approveKloes, gradeAll, setUpAuthority, type Authority, readyToSubmit } from './lifecycle-fixtures.js';

/**
 * The files over HTTP: the tracker as XLSX and CSV and the board pack as DOCX, each read back with
 * a library that reads the format (exceljs, csv-parse, and the DOCX's own zip opened with jszip) and
 * compared with what the GraphQL queries answer; then the exported tracker imported into a second,
 * empty deployment with the same staff, whose tracker then shows the same history.
 *
 * The authority audits Early Help in October and December 2026, through the commands, on Monday
 * 18 January 2027.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TRACKER_FIELDS = `auditId caseRef service month practitioner team auditor moderator initialGrade moderatedGrade actions uoppHeld reauditRequired status nextDeadline overdue`;
const HEADINGS = ['Cycle', 'Service', 'Month', 'Case ref', 'Team', 'Practitioner', 'Team manager', 'Auditor', 'Moderator', 'Initial grade', 'Moderated grade', 'Actions', 'UoPP held', 'Re-audit required', 'Status', 'Next deadline', 'Overdue', 'Submitted on', 'Moderated on', 'UoPP chair', 'Urgent issues addressed on'];
const WORDS: Record<string, string> = { OUTSTANDING: 'Outstanding', GOOD: 'Good', REQUIRES_IMPROVEMENT: 'Requires improvement', INADEQUATE: 'Inadequate' };

type Grade = 'OUTSTANDING' | 'GOOD' | 'REQUIRES_IMPROVEMENT' | 'INADEQUATE';

interface Download {
  status: number;
  type: string | null;
  disposition: string | null;
  bytes: Buffer;
  json: Record<string, any> | null;
}

/** The paragraphs (with their style) and tables (rows of cell texts) of a DOCX, in document order. */
async function readDocx(bytes: Buffer): Promise<{ paragraphs: Array<{ style: string | null; text: string }>; tables: string[][][]; xml: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const texts = (fragment: string) => [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1])).join('');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((table) =>
    [...table[1].matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) => [...row[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => texts(cell[1]))),
  );
  const outside = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const paragraphs = [...outside.matchAll(/<w:p(?: [^>]*)?>([\s\S]*?)<\/w:p>/g)].map((p) => ({ style: /<w:pStyle w:val="([^"]+)"/.exec(p[1])?.[1] ?? null, text: texts(p[1]) }));
  return { paragraphs, tables, xml };
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

describe('exports of the tracker and the board pack', () => {
  let t: TestApp;
  let a: Authority;
  let dec: string;
  let oct: string;

  const get = async (path: string, token: string | null): Promise<Download> => {
    const response = await fetch(`${t.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type');
    return { status: response.status, type, disposition: response.headers.get('content-disposition'), bytes, json: type?.startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : null };
  };

  /** Allocated with the case facts, graded `initial`, submitted, moderated to `moderated`; a UoPP meeting and actions when asked. */
  async function audit(cycleId: string, caseRef: string, initial: Grade, moderated: Grade | null, options: { facts?: Record<string, unknown>; uopp?: boolean; actions?: number } = {}) {
    const auditId = await allocate(t, a, cycleId, { caseRef, ...options.facts });
    for (let i = 0; i < (options.actions ?? 0); i++) {
      await t.ok(Q.agreeAction, { input: { auditId, description: `Update the plan ${i + 1}`, ownerId: 'prac', dueOn: '2027-03-01', scope: 'CASE' } }, a.as.aud);
    }
    await gradeAll(t, a.as.aud, auditId, initial, initial);
    if (!options.actions) await readyToSubmit(t, a.as.aud, auditId, initial);
    await t.ok(Q.submit, { auditId }, a.as.aud);
    if (!moderated) return auditId;
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: moderated, rationale: moderated === initial ? 'agreed' : 'the evidence supports another grade' } }, a.as.mod);
    await t.ok(Q.completeModeration, { auditId }, a.as.mod);
    if (options.uopp) {
      const chairId = moderated === 'INADEQUATE' ? 'am' : 'aud';
      await t.ok(Q.uopp, { input: { auditId, heldOn: '2027-01-18', chairId, attendeeIds: ['prac', 'tm', 'aud'] } }, a.as[chairId]);
    }
    return auditId;
  }

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2027-01-18T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-10', '2026-12']);
    [oct, dec] = [a.cycles['2026-10'], a.cycles['2026-12']];
    await t.ok(`mutation($input: AgreeKloesInput!) { agreeKloes(input: $input) { id } }`, { input: { cycleId: dec, kloes: ['Voice of the child', 'Management oversight'] } }, a.as.qa);
    // BEF-3: the changed KLOEs are approved again before December's cases are allocated.
    await approveKloes(t, a, dec);
    await audit(oct, 'EH-OCT-1', 'OUTSTANDING', 'GOOD', { facts: { ethnicity: 'Bangladeshi', childAge: 4 } });
    for (let i = 1; i <= 5; i++) await audit(dec, `EH-DEC-${i}`, 'GOOD', 'GOOD', { facts: { ethnicity: 'Bangladeshi', childAge: 8 }, uopp: i <= 2, actions: i === 1 ? 2 : 0 });
    await audit(dec, 'EH-DEC-6', 'GOOD', 'REQUIRES_IMPROVEMENT', { facts: { ethnicity: 'Somali', childAge: 15 }, uopp: true });
    await audit(dec, 'EH-DEC-7', 'REQUIRES_IMPROVEMENT', 'INADEQUATE', { facts: { ethnicity: 'White British', childAge: 2 }, uopp: true });
    await audit(dec, 'EH-DEC-8', 'GOOD', null);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the tracker as an XLSX workbook: the tracker query’s rows under the tracker’s headings', async () => {
    const file = await get(`/exports/tracker.xlsx?cycleId=${dec}`, a.as.qa);
    expect({ status: file.status, type: file.type, disposition: file.disposition }).toEqual({
      status: 200,
      type: XLSX,
      disposition: 'attachment; filename="tracker-early-help-2026-12.xlsx"',
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Tracker')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(HEADINGS);
    expect(sheet.rowCount).toBe(9);

    const { tracker } = await t.ok(`query($c: ID!) { tracker(cycleId: $c) { ${TRACKER_FIELDS} } }`, { c: dec }, a.as.qa);
    expect(tracker.map((r: { caseRef: string }) => r.caseRef)).toEqual(['EH-DEC-1', 'EH-DEC-2', 'EH-DEC-3', 'EH-DEC-4', 'EH-DEC-5', 'EH-DEC-6', 'EH-DEC-7', 'EH-DEC-8']);
    tracker.forEach((row: Record<string, any>, i: number) => {
      const cells = values(i + 2);
      expect(cells.slice(0, 17)).toEqual([
        'Early Help 2026-12',
        'Early Help',
        '2026-12',
        row.caseRef,
        'Team north',
        'Staff prac',
        'Staff tm',
        'Staff aud',
        'Staff mod',
        WORDS[row.initialGrade],
        row.moderatedGrade ? WORDS[row.moderatedGrade] : undefined,
        row.actions,
        row.uoppHeld ? 'Yes' : 'No',
        row.reauditRequired ? 'Yes' : 'No',
        row.status === 'MODERATED' ? 'Moderated' : 'Submitted',
        row.nextDeadline ? new Date(`${row.nextDeadline}T00:00:00.000Z`) : undefined,
        row.overdue ? 'Yes' : 'No',
      ]);
    });
    // The days and the UoPP chair another deployment needs to import it.
    expect(values(8).slice(17)).toEqual([new Date('2027-01-18T00:00:00.000Z'), new Date('2027-01-18T00:00:00.000Z'), 'Staff am']);
    expect(values(9).slice(17)).toEqual([new Date('2027-01-18T00:00:00.000Z')]);
    expect(values(2)[11]).toBe(2);
  });

  it('gives the same rows as CSV', async () => {
    const file = await get(`/exports/tracker.csv?cycleId=${dec}`, a.as.hos);
    expect({ status: file.status, type: file.type, disposition: file.disposition }).toEqual({
      status: 200,
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="tracker-early-help-2026-12.csv"',
    });
    expect(file.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records: string[][] = parse(file.bytes, { bom: true });
    expect(records[0]).toEqual(HEADINGS);
    expect(records).toHaveLength(9);
    expect(records[6]).toEqual([
      'Early Help 2026-12', 'Early Help', '2026-12', 'EH-DEC-6', 'Team north', 'Staff prac', 'Staff tm', 'Staff aud', 'Staff mod',
      'Good', 'Requires improvement', '0', 'Yes', 'Yes', 'Moderated', records[6][15], records[6][16], '2027-01-18', '2027-01-18', 'Staff aud', '',
    ]);
    expect(records[8].slice(9, 11)).toEqual(['Good', '']);
  });

  it("gives the tracker filtered and sorted as trackerPage has it, and refuses a filter it cannot read, naming the parameter", async () => {
    const csv = async (query: string) => {
      const file = await get(`/exports/tracker.csv?cycleId=${dec}&${query}`, a.as.qa);
      expect(file.status).toBe(200);
      return (parse(file.bytes, { bom: true }) as string[][]).slice(1).map((r) => r[3]);
    };
    const page = async (filter: Record<string, unknown>, orderBy?: Record<string, unknown>) =>
      (await t.ok(`query($f: TrackerFilter, $o: TrackerOrder) { trackerPage(filter: $f, orderBy: $o, first: 20) { nodes { caseRef } } }`, { f: { cycleId: dec, ...filter }, o: orderBy }, a.as.qa)).trackerPage.nodes.map((n: { caseRef: string }) => n.caseRef);
    expect(await csv('grade=GOOD')).toEqual(['EH-DEC-1', 'EH-DEC-2', 'EH-DEC-3', 'EH-DEC-4', 'EH-DEC-5', 'EH-DEC-8']);
    expect(await csv('grade=GOOD')).toEqual(await page({ grade: 'GOOD' }));
    expect(await csv('status=MODERATED&sort=GRADE&direction=DESC')).toEqual(['EH-DEC-7', 'EH-DEC-6', 'EH-DEC-1', 'EH-DEC-2', 'EH-DEC-3', 'EH-DEC-4', 'EH-DEC-5']);
    expect(await csv('status=MODERATED&sort=GRADE&direction=DESC')).toEqual(await page({ status: 'MODERATED' }, { field: 'GRADE', direction: 'DESC' }));
    expect(await csv('teamId=south')).toEqual([]);

    const xlsx = await get(`/exports/tracker.xlsx?cycleId=${dec}&status=SUBMITTED`, a.as.qa);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Tracker')!;
    expect(sheet.rowCount).toBe(2);
    expect((sheet.getRow(2).values as unknown[])[4]).toBe('EH-DEC-8');

    for (const [query, message] of [
      ['grade=BEST', /^grade: must be one of/],
      ['overdue=maybe', /^overdue: must be one of true, false$/],
      ['sort=CHILD', /^sort: must be one of/],
      ['direction=ASC', /^direction: needs sort/],
      ['teamId=a%20b', /^teamId: must be 1–64 letters/],
    ] as const) {
      const refused = await get(`/exports/tracker.xlsx?cycleId=${dec}&${query}`, a.as.qa);
      expect({ status: refused.status, error: refused.json?.error, message: refused.json?.message }).toEqual({ status: 400, error: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
    }
  });

  it('gives the board pack as DOCX: the report’s headings and tables, and placeholders for the narrative', async () => {
    const file = await get(`/exports/board-report.docx?cycleId=${dec}`, a.as.board);
    expect({ status: file.status, type: file.type, disposition: file.disposition }).toEqual({
      status: 200,
      type: DOCX,
      disposition: 'attachment; filename="board-report-early-help-2026-12.docx"',
    });
    const { paragraphs, tables, xml } = await readDocx(file.bytes);
    const headings = paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
    expect(headings).toEqual([
      'The six-month programme',
      'Key lines of enquiry',
      'Grades compared to previous audit cycles',
      'Changes in moderation of grades',
      'Understanding our Practice Progression (UoPP) meetings',
      'Impact of audits: dip audits and re-audits',
      'Work not improved by 4 months',
      'Actions',
      'Feedback from families',
      'Equality monitoring',
      'Strengths',
      'Areas for development',
      'Systemic issues',
      'Feedback from practitioners',
      'Areas needing more exploration or challenge',
      'Plan for improvement',
      '10 key practice points for practitioners',
    ]);
    expect(paragraphs.find((p) => p.style === 'Title')?.text).toBe('Understanding our Practice: Early Help');
    expect(paragraphs.filter((p) => p.text.startsWith('[To be written:')).map((p) => p.text)).toEqual([
      '[To be written: the strengths found across the key thematic areas of practice.]',
      '[To be written: the areas for development found across the key thematic areas of practice.]',
      '[To be written: any systemic issues that have arisen.]',
      '[To be written: what practitioners said of the audits and of the support they give.]',
      '[To be written: any areas that need more exploration, or challenges to the service.]',
      '[To be written: the plan for improvement with the service and the audit team.]',
      '[To be written: the "10 key practice points" for front-line practitioners (not yet published for this cycle).]',
    ]);
    expect(paragraphs.filter((p) => p.text === 'Voice of the child' || p.text === 'Management oversight')).toHaveLength(2);

    // The figures are the boardReport query's.
    const { boardReport } = await t.ok(
      `query($c: ID!) { boardReport(cycleId: $c) { cycle { audits grades { grade initial moderated } moderation { moderated unchanged upgraded downgraded agreementRate } weightedKappa }
        previous { month audits grades { grade initial moderated } }
        equality { byEthnicity { group audits grades { grade count } } byAgeBand { group audits grades { grade count } } } } }`,
      { c: dec },
      a.as.board,
    );
    const count = (grade: string, summary: { grades: Array<{ grade: string; initial: number; moderated: number }> }) => summary.grades.find((g) => g.grade === grade)!;
    const [programme, grades, moderation, matrix] = tables;
    // BEF-13: December's programme, its Practice Day still to come.
    expect(programme).toEqual([
      ['Audit (month 1)', 'Learning campaign (months 3–6)', 'Practice Day (month 4)', 'Re-audit (month 6)'],
      ['December 2026', 'February 2027 to May 2027', 'March 2027', 'May 2027'],
    ]);
    expect(grades).toEqual([
      ['Grade', 'December 2026 initial', 'December 2026 moderated', 'October 2026 initial', 'October 2026 moderated'],
      ...['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'].map((g) => [
        WORDS[g],
        String(count(g, boardReport.cycle).initial),
        String(count(g, boardReport.cycle).moderated),
        String(count(g, boardReport.previous[0]).initial),
        String(count(g, boardReport.previous[0]).moderated),
      ]),
      ['Audits', '8', '', '1', ''],
    ]);
    expect(grades[2]).toEqual(['Good', '7', '5', '0', '1']);
    const m = boardReport.cycle.moderation;
    expect(moderation[1]).toEqual(['December 2026', String(m.moderated), String(m.unchanged), String(m.upgraded), String(m.downgraded), `${Math.round(m.agreementRate * 100)}%`, boardReport.cycle.weightedKappa.toFixed(2)]);
    expect(moderation[1].slice(0, 6)).toEqual(['December 2026', '7', '5', '0', '2', '71%']);
    expect(matrix).toEqual([
      ['Initial \\ moderated', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate'],
      ['Outstanding', '0', '0', '0', '0'],
      ['Good', '0', '5', '1', '0'],
      ['Requires improvement', '0', '0', '0', '1'],
      ['Inadequate', '0', '0', '0', '0'],
    ]);
    // Equality tables as the query gives them, a withheld figure (null) shown as *.
    type Group = { group: string; audits: number | null; grades: Array<{ grade: string; count: number | null }> };
    const shown = (n: number | null) => (n === null ? '*' : String(n));
    const expected = (heading: string, groups: Group[]) => [
      [heading, 'Audits', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate'],
      ...groups.map((g) => [g.group, shown(g.audits), ...['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'].map((grade) => shown(g.grades.find((x) => x.grade === grade)?.count ?? 0))]),
    ];
    expect(tables.find((table) => table[0][0] === 'Ethnicity')).toEqual(expected('Ethnicity', boardReport.equality.byEthnicity));
    expect(tables.find((table) => table[0][0] === 'Age band')).toEqual(expected('Age band', boardReport.equality.byAgeBand));
    // Five Bangladeshi children's work moderated Good is shown; one Somali child's is withheld.
    expect(tables.find((table) => table[0][0] === 'Ethnicity')!.find((row) => row[0] === 'Bangladeshi')?.[3]).toBe('5');
    expect(tables.find((table) => table[0][0] === 'Ethnicity')!.find((row) => row[0] === 'Somali')?.slice(1)).toContain('*');
    // REP-7: December's two pieces of work moderated below Good, their 4-month date still to come.
    expect(tables.find((table) => table[0][1] === 'Below Good' && table[0][2] === 'Not yet due')).toEqual([
      ['Cycle', 'Below Good', 'Not yet due', 'Improved', 'Due for escalation', 'Escalated to the Divisional Director'],
      ['December 2026', '2', '2', '0', '0', '0'],
      ['October 2026', '0', '0', '0', '0', '0'],
    ]);
    // Aggregates only: no case reference or practitioner anywhere in the document.
    expect(xml).not.toMatch(/EH-DEC|EH-OCT|Staff prac|Staff tm/);
  });

  it('takes previousCycles for the board pack, and refuses one out of range naming it', async () => {
    const none = await readDocx((await get(`/exports/board-report.docx?cycleId=${dec}&previousCycles=0`, a.as.qa)).bytes);
    expect(none.tables[1][0]).toEqual(['Grade', 'December 2026 initial', 'December 2026 moderated']);
    const before = await t.eventCount();
    for (const [value, message] of [
      ['abc', 'previousCycles: must be a whole number'],
      ['99', 'previousCycles: must be a whole number from 0 to 24'],
    ]) {
      const refused = await get(`/exports/board-report.docx?cycleId=${dec}&previousCycles=${value}`, a.as.qa);
      expect({ status: refused.status, body: refused.json }).toEqual({ status: 400, body: { error: 'BAD_USER_INPUT', field: 'previousCycles', message } });
    }
    expect(await t.eventCount()).toBe(before);
  });

  it('refuses callers the tracker is not for, and cycles that are not there', async () => {
    const refusal = async (path: string, token: string | null, status: number, error: string, message: RegExp) => {
      const response = await get(path, token);
      expect({ status: response.status, error: response.json?.error, message: response.json?.message }).toEqual({ status, error, message: expect.stringMatching(message) });
    };
    for (const path of [`/exports/tracker.xlsx?cycleId=${dec}`, `/exports/tracker.csv?cycleId=${dec}`, `/exports/board-report.docx?cycleId=${dec}`]) {
      await refusal(path, null, 401, 'UNAUTHENTICATED', /^Authorization: a bearer token is required$/);
      await refusal(path, a.as.prac, 403, 'FORBIDDEN', /^this operation needs one of the roles AUDIT_TEAM, AUDIT_MANAGER, HEAD_OF_SERVICE, GOVERNANCE/);
      await refusal(path, a.as.aud, 403, 'FORBIDDEN', /roles/);
    }
    // A board reader has the board pack (above) but never the case-level tracker.
    await refusal(`/exports/tracker.xlsx?cycleId=${dec}`, a.as.board, 403, 'FORBIDDEN', /^this operation needs one of the roles AUDIT_TEAM, AUDIT_MANAGER, HEAD_OF_SERVICE, GOVERNANCE$/);
    await refusal(`/exports/tracker.csv?cycleId=${dec}`, a.as.board, 403, 'FORBIDDEN', /GOVERNANCE$/);
    await refusal('/exports/tracker.xlsx', a.as.qa, 400, 'BAD_USER_INPUT', /^cycleId: is required/);
    await refusal('/exports/board-report.docx?cycleId=', a.as.qa, 400, 'BAD_USER_INPUT', /^cycleId: is required/);
    await refusal('/exports/tracker.csv?cycleId=a%20b', a.as.qa, 400, 'BAD_USER_INPUT', /^cycleId: must be 1–64 letters/);
    await refusal('/exports/tracker.csv?cycleId=nope', a.as.qa, 404, 'NOT_FOUND', /^cycle nope does not exist$/);
    await refusal('/exports/board-report.docx?cycleId=nope', a.as.board, 404, 'NOT_FOUND', /^cycle nope does not exist$/);
  });

  it('exports a tracker another deployment imports as the same history', async () => {
    const exported = await get(`/exports/tracker.xlsx?cycleId=${dec}`, a.as.qa);
    const { tracker: original } = await t.ok(`query($c: ID!) { tracker(cycleId: $c) { ${TRACKER_FIELDS} } }`, { c: dec }, a.as.qa);

    const fresh = await startTestApp({ APP_CLOCK: '2027-01-18T10:00:00Z' });
    try {
      const b = await setUpAuthority(fresh, []);
      const response = await fetch(`${fresh.baseUrl}/imports/tracker?fileName=tracker-early-help-2026-12.xlsx`, {
        method: 'POST',
        headers: { 'content-type': XLSX, authorization: `Bearer ${b.as.qa}` },
        body: exported.bytes,
      });
      const imported = (await response.json()) as Record<string, any>;
      expect({ status: response.status, cycles: imported.cycles, ignored: imported.ignoredHeadings }).toEqual({
        status: 201,
        // One audit still awaits moderation, so the cycle stays open.
        cycles: [{ cycleId: expect.any(String), name: 'Early Help 2026-12', service: 'Early Help', month: '2026-12', audits: 8, closed: false }],
        ignored: [],
      });
      const { tracker: copy } = await fresh.ok(`query($c: ID!) { tracker(cycleId: $c) { ${TRACKER_FIELDS} } }`, { c: imported.cycles[0].cycleId }, b.as.qa);
      // Everything but the ids, and the actions: a tracker has their number, not the actions themselves.
      const comparable = (rows: Array<Record<string, unknown>>) => rows.map(({ auditId, actions, nextDeadline, overdue, ...rest }) => rest);
      expect(comparable(copy)).toEqual(comparable(original));
      expect(copy.map((r: { actions: number }) => r.actions)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      // The same dates give the same deadlines.
      expect(copy.map((r: { nextDeadline: string | null }) => r.nextDeadline)).toEqual(original.map((r: { auditId: string; nextDeadline: string | null }) => r.nextDeadline));
    } finally {
      await fresh.close();
    }
  });
});
