import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, screenshot, signedInPage } from '../../../test/support/browser.js';
import { Q, allocate, gradeAll, readyToSubmit, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * The board report page in real Chromium, against the service on PostgreSQL (clock: Monday 18
 * January 2027): Early Help audited in October and December 2026. A board reader sees December's
 * figures against October's, both charts (server-drawn SVG with a title and description) with the
 * same figures in the table beside each, the equality tables with small numbers withheld, and
 * downloads the board pack; the same without JavaScript; the roles the API refuses get the refusal page.
 */

type Grade = 'OUTSTANDING' | 'GOOD' | 'REQUIRES_IMPROVEMENT' | 'INADEQUATE';

const REPORT = `query($c: ID!) { boardReport(cycleId: $c) {
  cycle { audits grades { grade initial moderated } moderationChanges { initial moderated count } moderation { moderated unchanged agreementRate } actions { agreed } }
  previous { month grades { grade moderated } }
  equality { byEthnicity { group audits } } } }`;

/** A table's rows as the cells' texts. */
const table = (page: Page, test: string) =>
  page.locator(`[data-test=${test}] tr`).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));

describe('the board report in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let dec: string;
  let oct: string;

  async function audit(cycleId: string, caseRef: string, initial: Grade, moderated: Grade, facts: Record<string, unknown>) {
    const auditId = await allocate(t, a, cycleId, { caseRef, ...facts });
    await gradeAll(t, a.as.aud, auditId, initial, initial);
    await readyToSubmit(t, a.as.aud, auditId, initial);
    await t.ok(Q.submit, { auditId }, a.as.aud);
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: moderated, rationale: moderated === initial ? 'agreed' : 'the evidence supports another grade' } }, a.as.mod);
    await t.ok(Q.completeModeration, { auditId }, a.as.mod);
  }

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2027-01-18T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-10', '2026-12']);
    [oct, dec] = [a.cycles['2026-10'], a.cycles['2026-12']];
    await audit(oct, 'EH-OCT-1', 'OUTSTANDING', 'GOOD', { ethnicity: 'Bangladeshi', childAge: 4 });
    await audit(oct, 'EH-OCT-2', 'GOOD', 'GOOD', { ethnicity: 'Bangladeshi', childAge: 4 });
    for (let i = 1; i <= 5; i++) await audit(dec, `EH-DEC-${i}`, 'GOOD', 'GOOD', { ethnicity: 'Bangladeshi', childAge: 8 });
    await audit(dec, 'EH-DEC-6', 'GOOD', 'REQUIRES_IMPROVEMENT', { ethnicity: 'Somali', childAge: 15 });
    await audit(dec, 'EH-DEC-7', 'REQUIRES_IMPROVEMENT', 'INADEQUATE', { ethnicity: 'White British', childAge: 2 });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    "a board reader sees December against October: both charts with their figures beside them, the report's tables, and downloads the board pack (JavaScript on, axe)",
    async () => {
      const { page, close } = await signedInPage(browser, t.baseUrl, 'board');
      await expect(page.getByRole('link', { name: 'Tracker', exact: true }).count()).resolves.toBe(0);
      await page.getByRole('link', { name: 'Board report', exact: true }).click();
      await page.waitForURL(`${t.baseUrl}/board-report`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Board report: Early Help 2026-12');
      const { boardReport } = await t.ok(REPORT, { c: dec }, a.as.board);

      // The grades chart: an image with its title and description, a bar per grade and cycle.
      const grades = page.locator('svg[data-test=grades-chart]');
      await expect(grades.getAttribute('role')).resolves.toBe('img');
      await expect(grades.locator('title').first().textContent()).resolves.toBe('Moderated grades, December 2026 against earlier cycles');
      await expect(grades.locator('desc').textContent()).resolves.toMatch(/same figures are in the table beside it/);
      await expect(grades.locator('rect > title').allTextContents()).resolves.toEqual(expect.arrayContaining(['Early Help 2026-12: 5 moderated Good', 'Early Help 2026-10: 2 moderated Good']));
      await expect(grades.locator('rect > title').count()).resolves.toBe(8);
      // Beside it, the same figures as the API's.
      const moderated = (g: string, c: { grades: Array<{ grade: string; moderated: number }> }) => String(c.grades.find((x) => x.grade === g)!.moderated);
      expect(await table(page, 'grades-table')).toEqual([
        ['Grade', 'December 2026', 'October 2026'],
        ...[['OUTSTANDING', 'Outstanding'], ['GOOD', 'Good'], ['REQUIRES_IMPROVEMENT', 'Requires improvement'], ['INADEQUATE', 'Inadequate']].map(([g, words]) => [words, moderated(g, boardReport.cycle), moderated(g, boardReport.previous[0])]),
      ]);
      expect((await table(page, 'grades-table'))[2]).toEqual(['Good', '5', '2']);

      // The moderation change matrix: 16 cells, their figures in the table beside it.
      const matrix = page.locator('svg[data-test=matrix-chart]');
      await expect(matrix.getAttribute('role')).resolves.toBe('img');
      await expect(matrix.locator('title').first().textContent()).resolves.toBe('Moderation change matrix, December 2026');
      await expect(matrix.locator('rect').count()).resolves.toBe(16);
      const matrixTable = await table(page, 'matrix-table');
      expect(matrixTable[0]).toEqual(['Initial grade', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate']);
      expect(matrixTable[2]).toEqual(['Good', '0', '5', '1', '0']);
      expect(matrixTable[3]).toEqual(['Requires improvement', '0', '0', '0', '1']);
      const cells = boardReport.cycle.moderationChanges as Array<{ initial: string; moderated: string; count: number }>;
      expect(matrixTable.slice(1).flatMap((r) => r.slice(1)).map(Number)).toEqual(cells.map((c) => c.count));
      await expect(matrix.locator('rect > title').allTextContents()).resolves.toContain('5 graded Good by the auditor, Good at moderation');

      // Agreement, the equality tables with small numbers withheld, actions, UoPP, follow-ups.
      expect((await table(page, 'moderation'))[1]).toEqual(['December 2026', '7', '5', '0', '2', `${Math.round(boardReport.cycle.moderation.agreementRate * 100)}%`, expect.any(String)]);
      const ethnicity = await table(page, 'by-ethnicity');
      expect(ethnicity[0]).toEqual(['Ethnicity', 'Audits', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate']);
      expect(ethnicity.find((r) => r[0] === 'Somali')).toEqual(['Somali', '*', expect.any(String), expect.any(String), expect.any(String), expect.any(String)]);
      expect(ethnicity.find((r) => r[0] === 'Bangladeshi')?.[1]).toBe('5');
      expect((await table(page, 'actions'))[1][1]).toBe(String(boardReport.cycle.actions.agreed));
      for (const test of ['uopp', 'urgent-issues', 'follow-ups', 'feedback', 'by-age-band', 'auditors']) await expect(page.locator(`[data-test=${test}]`).count()).resolves.toBe(1);
      // Nothing case-level.
      await expect(page.locator('main').textContent()).resolves.not.toMatch(/EH-DEC|Staff prac/);
      await expectAccessible(page);
      await screenshot(page, 'board-report');

      // The board pack as Word: a real DOCX of the same cycle.
      const [docx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=docx]').click()]);
      expect(docx.suggestedFilename()).toBe('board-report-early-help-2026-12.docx');
      const zip = await JSZip.loadAsync(readFileSync((await docx.path())!));
      await expect(zip.file('word/document.xml')!.async('string')).resolves.toMatch(/Audit findings report, Early Help 2026-12/);

      // Another cycle: October, against nothing before it.
      await page.locator('#cycleId').selectOption(oct);
      await page.getByRole('button', { name: 'Show the report' }).click();
      await page.waitForURL(`${t.baseUrl}/board-report?cycleId=${oct}`);
      expect(await table(page, 'grades-table')).toEqual([['Grade', 'October 2026'], ['Outstanding', '0'], ['Good', '2'], ['Requires improvement', '0'], ['Inadequate', '0']]);
      expect((await table(page, 'matrix-table'))[1]).toEqual(['Outstanding', '0', '1', '0', '0']);
      await expectAccessible(page);
      expect(browserErrors(page)).toEqual([]);
      await close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, a head of service reads the same report, charts and tables, and chooses a cycle with the plain form',
    async () => {
      const { page, close } = await signedInPage(browser, t.baseUrl, 'hos', false);
      await page.goto(`${t.baseUrl}/board-report`);
      await expect(page.locator('svg[role=img]').count()).resolves.toBe(2);
      expect((await table(page, 'grades-table'))[2]).toEqual(['Good', '5', '2']);
      await page.locator('#cycleId').selectOption(oct);
      await page.getByRole('button', { name: 'Show the report' }).click();
      await page.waitForURL(/cycleId=/);
      await expect(page.locator('h1').textContent()).resolves.toBe('Board report: Early Help 2026-10');
      await close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'the roles the API refuses the board report get the refusal page, the board pack nothing, and no Board report in the navigation',
    async () => {
      for (const who of ['prac', 'aud', 'mod', 'tm', 'coord']) {
        const { page, close } = await signedInPage(browser, t.baseUrl, who);
        await expect(page.getByRole('link', { name: 'Board report', exact: true }).count()).resolves.toBe(0);
        for (const path of ['/board-report', `/board-report?cycleId=${dec}`, `/board-report/board-report.docx?cycleId=${dec}`]) {
          const response = await page.goto(`${t.baseUrl}${path}`);
          expect({ who, path, status: response?.status() }).toEqual({ who, path, status: 403 });
          await expect(page.locator('h1').textContent()).resolves.toMatch(/You cannot see or change this/);
        }
        await close();
      }
      // An unknown cycle is a page not found, not an error.
      const { page, close } = await signedInPage(browser, t.baseUrl, 'board');
      const response = await page.goto(`${t.baseUrl}/board-report?cycleId=nope`);
      expect(response?.status()).toBe(404);
      await close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
