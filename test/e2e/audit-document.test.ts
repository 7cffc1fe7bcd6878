import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { startTestApp, type TestApp } from '../support/app.js';
import { Q, TO_GOOD_ACTION, allocate, gradeAll, readyToSubmit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * REP-10 (004 "Attach the audit to the child's Mosaic file") over HTTP: GET /exports/audit.docx gives
 * one audit as a Word document with its grades, answers, grade history and case actions, to whoever
 * may read the audit, and to nobody else. The DOCX is opened with jszip and its text read back.
 * The clock is Monday 21 December 2026.
 */
describe('an audit as a document for the child’s file', () => {
  let t: TestApp;
  let a: Authority;
  let auditId: string;
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

  const get = async (path: string, token: string | null) => {
    const response = await fetch(`${t.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type');
    return { status: response.status, type, disposition: response.headers.get('content-disposition'), cache: response.headers.get('cache-control'), bytes, json: type?.startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : null };
  };
  const textOf = async (bytes: Buffer) => {
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&apos;/g, "'")).join(' ');
  };

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-DOC-1' });
    await t.ok(Q.recordAnswer, { input: { auditId, section: 'S3_CASE_RECORD', question: 'S3_Q1', answer: 'PARTIALLY', comment: 'Chronology two months behind' } }, a.as.aud);
    await gradeAll(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT');
    await readyToSubmit(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT');
    await t.ok(Q.agreeAction, { input: { auditId, description: 'LEARNING pre-birth assessment workshop', ownerId: 'prac', dueOn: '2027-03-31', scope: 'PRACTITIONER_LEARNING' } }, a.as.aud);
    await t.ok(Q.submit, { auditId }, a.as.aud);
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: 'INADEQUATE', rationale: 'Risk to the baby not assessed' } }, a.as.mod);
    await t.ok(Q.completeModeration, { auditId }, a.as.mod);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('gives the audit as DOCX: case, grades, answers, every grade change with its rationale, the case actions', async () => {
    const file = await get(`/exports/audit.docx?auditId=${auditId}`, a.as.prac);
    expect({ status: file.status, type: file.type, cache: file.cache }).toEqual({ status: 200, type: DOCX, cache: 'no-store' });
    expect(file.disposition).toMatch(/^attachment; filename="audit-eh-doc-1-[0-9a-f]{8}\.docx"$/);
    const words = await textOf(file.bytes);
    expect(words).toContain('Understanding our Practice: case file audit');
    expect(words).toContain('EH-DOC-1');
    expect(words).toContain('Staff prac');
    expect(words).toContain('Chronology two months behind');
    expect(words).toContain('Requires improvement');
    expect(words).toContain('Inadequate');
    expect(words).toContain('Risk to the baby not assessed');
    expect(words).toContain('overall: weighed across the sections');
    expect(words).toContain('S3_CASE_RECORD: evidence on file');
    expect(words).toContain(TO_GOOD_ACTION);
    expect(words).toContain('No UoPP meeting has taken place yet.');
    // 004: development actions for the practitioner never go on the child's file.
    expect(words).not.toContain('LEARNING pre-birth');
  });

  it('gives the same audit as PDF, with the same rights', async () => {
    const file = await get(`/exports/audit.pdf?auditId=${auditId}`, a.as.prac);
    expect({ status: file.status, type: file.type, cache: file.cache }).toEqual({ status: 200, type: 'application/pdf', cache: 'no-store' });
    expect(file.disposition).toMatch(/^attachment; filename="audit-eh-doc-1-[0-9a-f]{8}\.pdf"$/);
    const raw = file.bytes.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toContain('(Case file audit EH-DOC-1)');
    expect(raw.match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(1);
    const refused = await get(`/exports/audit.pdf?auditId=${auditId}`, a.as.prac2);
    expect({ status: refused.status, error: refused.json?.error }).toEqual({ status: 403, error: 'FORBIDDEN' });
    const missing = await get('/exports/audit.pdf?auditId=nope', a.as.qa);
    expect({ status: missing.status, error: missing.json?.error }).toEqual({ status: 404, error: 'NOT_FOUND' });
  });

  it('is for whoever may read the audit: the audit team and the case’s team manager too; nobody else', async () => {
    for (const who of ['qa', 'tm', 'aud', 'mod', 'hos']) {
      expect({ who, status: (await get(`/exports/audit.docx?auditId=${auditId}`, a.as[who])).status }).toEqual({ who, status: 200 });
    }
    const refusal = async (path: string, token: string | null, status: number, error: string, message: RegExp) => {
      const response = await get(path, token);
      expect({ status: response.status, error: response.json?.error, message: response.json?.message }).toEqual({ status, error, message: expect.stringMatching(message) });
    };
    await refusal(`/exports/audit.docx?auditId=${auditId}`, null, 401, 'UNAUTHENTICATED', /bearer token is required/);
    await refusal(`/exports/audit.docx?auditId=${auditId}`, a.as.prac2, 403, 'FORBIDDEN', /^you may not read this audit$/);
    await refusal(`/exports/audit.docx?auditId=${auditId}`, a.as.board, 403, 'FORBIDDEN', /./);
    await refusal('/exports/audit.docx', a.as.qa, 400, 'BAD_USER_INPUT', /^auditId: is required/);
    await refusal('/exports/audit.docx?auditId=a%20b', a.as.qa, 400, 'BAD_USER_INPUT', /^auditId: must be 1–64 letters/);
    await refusal('/exports/audit.docx?auditId=nope', a.as.qa, 404, 'NOT_FOUND', /^audit nope does not exist$/);
  });
});
