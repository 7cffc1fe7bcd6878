import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { webVisitor } from '../../../test/support/web-visitor.js';
import { setUpAuthority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * Importing a tracker through the upload page, in real Chromium: a file with problems imports
 * nothing and lists each row's problem in the error summary; a good file shows the cycles it
 * brought in; the same file again imports nothing new (JavaScript off). The clock is 20 November 2026.
 */
const HEADINGS = 'Cycle,Service,Month,Case ref,Team,Practitioner,Team manager,Auditor,Moderator,Initial grade,Moderated grade,UoPP held,Re-audit required,Notes';
const row = (caseRef: string, team: string, initial: string, moderated: string) =>
  ['EH March 2026', 'Early Help', '2026-03', caseRef, team, 'Staff prac', 'tm', 'Staff aud', 'Staff mod', initial, moderated, 'No', 'No', 'kept by hand'].join(',');

describe('the audit team: importing a tracker', () => {
  let t: TestApp;
  let browser: Browser;
  const folder = mkdtempSync(path.join(tmpdir(), 'tracker-upload-'));
  const badFile = path.join(folder, 'tracker-with-problems.csv');
  const goodFile = path.join(folder, 'tracker-2026.csv');

  beforeAll(async () => {
    writeFileSync(badFile, [HEADINGS, row('EH-101', 'Team nowhere', 'Good', 'Good'), row('EH-102', 'Team north', 'Splendid', 'Good')].join('\n'));
    writeFileSync(goodFile, [HEADINGS, row('EH-101', 'Team north', 'Good', 'Good'), row('EH-102', 'Team north', 'Good', 'Good')].join('\n'));
    t = await startTestApp({ APP_CLOCK: '2026-11-20T10:00:00Z' });
    await setUpAuthority(t, []);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    "a file with problems imports nothing and lists each row's problem; a good file shows the cycle it brought in",
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/audit-team/tracker-import`);
      await expectAccessible(page);

      const before = await t.eventCount();
      await page.locator('#file').setInputFiles(badFile);
      await page.getByRole('button', { name: 'Import' }).click();
      const summary = await errorSummary(page);
      expect(summary).toEqual([
        { text: expect.stringMatching(/^Row 2, Team: .*Team nowhere/), href: '#file' },
        { text: expect.stringMatching(/^Row 3, Initial grade: /), href: '#file' },
      ]);
      await expect(page.locator('#file-error').textContent()).resolves.toMatch(/The file has 2 problems. Nothing was imported/);
      await expect(page.locator('main').textContent()).resolves.toMatch(/You chose tracker-with-problems.csv/);
      expect(await t.eventCount()).toBe(before);
      await expectAccessible(page);
      await screenshot(page, 'audit-team-tracker-import-error');

      await page.locator('#file').setInputFiles(goodFile);
      await page.getByRole('button', { name: 'Import' }).click();
      await page.waitForURL(/\/audit-team\/tracker-import\/imported\?/);
      await expect(page.locator('.govuk-panel__title').textContent()).resolves.toMatch(/Tracker imported/);
      await expect(page.locator('[data-test=imported-cycles] tbody').textContent()).resolves.toMatch(/EH March 2026\s*Early Help\s*2026-03\s*2\s*Closed/);
      await expect(page.locator('main').textContent()).resolves.toMatch(/Columns left alone: Notes/);
      await expectAccessible(page);
      await screenshot(page, 'audit-team-tracker-imported');
      const { cycles } = await t.ok(`{ cycles { name month audits { caseRef moderatedGrade } } }`);
      expect(cycles).toEqual([{ name: 'EH March 2026', month: '2026-03', audits: expect.arrayContaining([{ caseRef: 'EH-101', moderatedGrade: 'GOOD' }, { caseRef: 'EH-102', moderatedGrade: 'GOOD' }]) }]);
      expect(cycles[0].audits).toHaveLength(2);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, no file chosen is refused, and the same file again imports nothing new',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/audit-team/tracker-import`);
      await page.getByRole('button', { name: 'Import' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'Select a tracker file (XLSX or CSV)', href: '#file' }]);
      const before = await t.eventCount();
      await page.locator('#file').setInputFiles(goodFile);
      await page.getByRole('button', { name: 'Import' }).click();
      await page.waitForURL(/\/audit-team\/tracker-import\/imported\?/);
      await expect(page.locator('.govuk-panel__title').textContent()).resolves.toMatch(/Already imported/);
      expect(await t.eventCount()).toBe(before);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it('a practitioner and an audit manager are refused the upload; a post without the form’s CSRF token is refused', async () => {
    for (const who of ['prac', 'am']) {
      const v = webVisitor(t.baseUrl);
      await v.signIn(who);
      expect((await v.get('/audit-team/tracker-import')).status).toBe(403);
    }
    const qa = webVisitor(t.baseUrl);
    await qa.signIn('qa');
    const body = new FormData();
    body.append('file', new Blob(['Cycle\n']), 'x.csv');
    const response = await fetch(`${t.baseUrl}/audit-team/tracker-import`, { method: 'POST', headers: { cookie: qa.cookie() }, body, redirect: 'manual' });
    expect(response.status).toBe(403);
  });
});
