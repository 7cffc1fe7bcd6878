import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, screenshot, signedInPage } from '../../../test/support/browser.js';
import { allocate, moderatedAudit, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * The tracker page in real Chromium, against the service on PostgreSQL (clock: Monday 18 January
 * 2027): December's cycle holds 28 audits (four moderated, the rest still allocated and so past
 * their moderation deadline), October's one. The audit team filters, sorts by column headings,
 * pages through and downloads what it sees as XLSX and CSV; the same with JavaScript off; roles the
 * API refuses the tracker get the refusal page and no Tracker in the navigation.
 */

const PAGE = `query($filter: TrackerFilter, $orderBy: TrackerOrder, $offset: Int) {
  trackerPage(filter: $filter, orderBy: $orderBy, first: 25, offset: $offset) { totalCount nodes { caseRef } } }`;

const caseRefs = (page: Page) => page.locator('[data-test=tracker] tbody tr td:first-child').evaluateAll((cells) => cells.map((c) => (c.textContent ?? '').trim().split(/\s/)[0]));

describe('the tracker in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let dec: string;
  /** Every December case ref in the API's order for a filter and sort. */
  const api = async (filter: Record<string, unknown>, orderBy?: Record<string, unknown>) => {
    const first = (await t.ok(PAGE, { filter: { cycleId: dec, ...filter }, orderBy }, a.as.qa)).trackerPage;
    const rest = first.totalCount > 25 ? (await t.ok(PAGE, { filter: { cycleId: dec, ...filter }, orderBy, offset: 25 }, a.as.qa)).trackerPage.nodes : [];
    return [...first.nodes, ...rest].map((n: { caseRef: string }) => n.caseRef);
  };

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2027-01-18T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-10', '2026-12']);
    dec = a.cycles['2026-12'];
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'gov', name: 'Staff gov', email: 'gov@council.example', teamId: null, roles: ['GOVERNANCE'] },
    });
    await moderatedAudit(t, a, a.cycles['2026-10'], 'GOOD', { caseRef: 'EH-OCT-1' });
    await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-D01' });
    await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-D02', practitionerId: 'prac2' });
    await moderatedAudit(t, a, dec, 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-D03' });
    await moderatedAudit(t, a, dec, 'GOOD', { caseRef: 'EH-D04', teamId: 'south', teamManagerId: 'tm-south', auditorId: 'aud-north' });
    for (let i = 5; i <= 28; i++) {
      await allocate(t, a, dec, { caseRef: `EH-D${String(i).padStart(2, '0')}`, ...(i % 3 === 0 ? { teamId: 'south', teamManagerId: 'tm-south', auditorId: 'aud-north' } : {}) });
    }
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'the audit team filters, sorts by a column heading both ways, pages through and downloads the filtered tracker as XLSX and CSV (JavaScript on, axe)',
    async () => {
      const { page, close } = await signedInPage(browser, t.baseUrl, 'qa');
      await page.getByRole('link', { name: 'Tracker', exact: true }).click();
      await page.waitForURL(`${t.baseUrl}/tracker`);
      // The newest cycle, in allocation order, a page of 25.
      await expect(page.locator('h1').textContent()).resolves.toBe('Tracker: Early Help 2026-12');
      await expect(page.locator('[data-test=count]').textContent()).resolves.toMatch(/Showing 1 to 25 of 28 audits/);
      const all = await api({});
      expect(await caseRefs(page)).toEqual(all.slice(0, 25));
      await expectAccessible(page);

      // Page 2 through GOV.UK pagination: the last three, every row once.
      await page.locator('.govuk-pagination__next a').click();
      await page.waitForURL(/page=2/);
      expect(await caseRefs(page)).toEqual(all.slice(25));
      await expect(page.locator('[data-test=count]').textContent()).resolves.toMatch(/Showing 26 to 28 of 28/);
      await expect(page.locator('.govuk-pagination__item--current').textContent()).resolves.toMatch(/2/);

      // Filters: the south team's moderated audits.
      await page.locator('#teamId').selectOption('south');
      await page.locator('#status').selectOption('MODERATED');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('teamId') === 'south' && url.searchParams.get('status') === 'MODERATED');
      expect(await caseRefs(page)).toEqual(['EH-D04']);
      expect(await api({ teamId: 'south', status: 'MODERATED' })).toEqual(['EH-D04']);

      // Moderated in every team, sorted by grade: best first, then turned round.
      await page.goto(`${t.baseUrl}/tracker?cycleId=${dec}&status=MODERATED`);
      await page.getByRole('link', { name: 'Grade' }).click();
      await page.waitForURL(/sort=GRADE&direction=ASC/);
      expect(await caseRefs(page)).toEqual(['EH-D01', 'EH-D04', 'EH-D03', 'EH-D02']);
      await expect(page.locator('th[aria-sort=ascending]').textContent()).resolves.toMatch(/Grade/);
      await page.getByRole('link', { name: 'Grade' }).click();
      await page.waitForURL(/sort=GRADE&direction=DESC/);
      expect(await caseRefs(page)).toEqual(await api({ status: 'MODERATED' }, { field: 'GRADE', direction: 'DESC' }));
      expect(await caseRefs(page)).toEqual(['EH-D02', 'EH-D03', 'EH-D01', 'EH-D04']);
      await expect(page.locator('th[aria-sort=descending]').textContent()).resolves.toMatch(/Grade/);
      // The filter form keeps the sort.
      await page.locator('#overdue').selectOption('false');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('overdue') === 'false' && url.searchParams.get('sort') === 'GRADE' && url.searchParams.get('direction') === 'DESC');
      expect(await caseRefs(page)).toEqual(await api({ status: 'MODERATED', overdue: false }, { field: 'GRADE', direction: 'DESC' }));
      await expectAccessible(page);

      // What is shown is what downloads: the filters and the sort, every page.
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Excel spreadsheet/ }).click()]);
      expect(xlsx.suggestedFilename()).toBe('tracker-early-help-2026-12.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('Tracker')!;
      const rows = (sheet.getSheetValues() as unknown[][]).slice(2).map((r) => r[4]);
      expect(rows).toEqual(await caseRefs(page));
      expect((sheet.getRow(2).values as unknown[])[11]).toBe('Inadequate');

      // Sorted by case ref descending across all 28, downloaded as CSV.
      await page.goto(`${t.baseUrl}/tracker?cycleId=${dec}&sort=CASE_REF&direction=DESC`);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /comma-separated values/ }).click()]);
      expect(csv.suggestedFilename()).toBe('tracker-early-help-2026-12.csv');
      const records: string[][] = parse(readFileSync((await csv.path())!), { bom: true });
      expect(records[0].slice(0, 4)).toEqual(['Cycle', 'Service', 'Month', 'Case ref']);
      expect(records.slice(1).map((r) => r[3])).toEqual([...all].sort().reverse());
      expect(records).toHaveLength(29);

      // Every cycle at once: the month column appears, and nothing to download without a cycle.
      await page.locator('#cycleId').selectOption('');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect(page.locator('[data-test=count]').textContent()).resolves.toMatch(/of 29 audits/);
      await expect(page.locator('[data-test=downloads]').textContent()).resolves.toMatch(/Choose a cycle to download/);
      await expect(page.getByRole('link', { name: 'Month' }).count()).resolves.toBe(1);

      // The first page again, for its picture.
      await page.goto(`${t.baseUrl}/tracker?cycleId=${dec}&sort=NEXT_DEADLINE&direction=ASC`);
      await screenshot(page, 'tracker');
      expect(browserErrors(page)).toEqual([]);
      await close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, a head of service filters and sorts with the plain form and heading links',
    async () => {
      const { page, close } = await signedInPage(browser, t.baseUrl, 'hos', false);
      await page.goto(`${t.baseUrl}/tracker`);
      await page.locator('#grade').selectOption('GOOD');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/grade=GOOD/);
      expect(await caseRefs(page)).toEqual(['EH-D01', 'EH-D04']);
      await page.getByRole('link', { name: 'Team' }).click();
      await page.waitForURL(/grade=GOOD.*sort=TEAM&direction=ASC/);
      expect(await caseRefs(page)).toEqual(['EH-D01', 'EH-D04']);
      await page.getByRole('link', { name: 'Team' }).click();
      await page.waitForURL(/sort=TEAM&direction=DESC/);
      expect(await caseRefs(page)).toEqual(['EH-D04', 'EH-D01']);
      expect(await caseRefs(page)).toEqual(await api({ grade: 'GOOD' }, { field: 'TEAM', direction: 'DESC' }));
      // Pages without JavaScript too.
      await page.getByRole('link', { name: 'Clear filters' }).click();
      await page.getByRole('link', { name: 'Case' }).click();
      await page.locator('.govuk-pagination__next a').click();
      await page.waitForURL(/sort=CASE_REF&direction=ASC&page=2/);
      expect(await caseRefs(page)).toEqual(['EH-D26', 'EH-D27', 'EH-D28']);
      await close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'governance reads it too; roles the API refuses the tracker get the refusal page, its downloads nothing, and no Tracker in the navigation',
    async () => {
      const gov = await signedInPage(browser, t.baseUrl, 'gov');
      await expect(gov.page.getByRole('link', { name: 'Tracker', exact: true }).count()).resolves.toBe(1);
      await gov.page.goto(`${t.baseUrl}/tracker`);
      await expect(gov.page.locator('[data-test=count]').textContent()).resolves.toMatch(/of 28 audits/);
      await gov.close();

      for (const who of ['prac', 'aud', 'mod', 'tm', 'board']) {
        const { page, close } = await signedInPage(browser, t.baseUrl, who);
        await expect(page.getByRole('link', { name: 'Tracker', exact: true }).count()).resolves.toBe(0);
        for (const path of ['/tracker', `/tracker/tracker.csv?cycleId=${dec}`, `/tracker/tracker.xlsx?cycleId=${dec}`]) {
          const response = await page.goto(`${t.baseUrl}${path}`);
          expect({ who, path, status: response?.status() }).toEqual({ who, path, status: 403 });
          await expect(page.locator('h1').textContent()).resolves.toMatch(/You cannot see or change this/);
          await expect(page.locator('main').textContent()).resolves.toMatch(/Only the audit team, audit managers, heads of service and governance can see the tracker/);
        }
        await close();
      }
    },
    JOURNEY_TIMEOUT_MS,
  );
});
