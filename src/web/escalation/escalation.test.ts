import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { allocate, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * Escalating a safety concern from an audit in real Chromium (clock: 7 December 2026): the auditor,
 * from the audit's page; refusals in GOV.UK's words keep what was typed and append nothing; a
 * practitioner is refused the page and the post.
 */
describe('escalating a safety concern in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let auditId: string;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-5001' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'the auditor escalates a concern: who to, when, the concern and the immediate actions; a date in the future and an empty concern are refused first',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'aud');
      await page.goto(`${t.baseUrl}/audits/${auditId}`);
      await page.getByRole('link', { name: 'Escalate a safety concern' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${auditId}/escalation`);
      await expectAccessible(page);

      const before = await t.eventCount();
      await page.getByRole('button', { name: 'Record the escalation' }).click();
      expect(await errorSummary(page)).toEqual([
        { text: 'Select who the concern was escalated to', href: '#escalatedTo' },
        { text: 'Enter the date it was escalated', href: '#escalatedOn-day' },
      ]);

      await page.locator('input[name=escalatedTo][value=teamManager]').check();
      await page.locator('#escalatedToOthers').fill('coord');
      await page.locator('#escalatedOn-day').fill('8');
      await page.locator('#escalatedOn-month').fill('12');
      await page.locator('#escalatedOn-year').fill('2026');
      await page.locator('#immediateActions').fill('The team manager visited the family the same day.');
      await page.getByRole('button', { name: 'Record the escalation' }).click();
      const summary = await errorSummary(page);
      expect(summary).toEqual([expect.objectContaining({ href: expect.stringMatching(/^#(concern|escalatedOn-day)$/) })]);
      await expect(page.locator('input[name=escalatedTo][value=teamManager]').isChecked()).resolves.toBe(true);
      await expect(page.locator('#escalatedToOthers').inputValue()).resolves.toBe('coord');
      await expect(page.locator('#immediateActions').inputValue()).resolves.toBe('The team manager visited the family the same day.');
      await expectAccessible(page);
      await screenshot(page, 'escalation-error');

      await page.locator('#concern').fill('Bruising noted on the file and not followed up.');
      await page.locator('#escalatedOn-day').fill('8');
      await page.getByRole('button', { name: 'Record the escalation' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The date it was escalated must not be in the future/), href: '#escalatedOn-day' }]);
      expect(await t.eventCount()).toBe(before);

      await page.locator('#escalatedOn-day').fill('7');
      await page.getByRole('button', { name: 'Record the escalation' }).click();
      await page.waitForURL(/\/escalation\/recorded/);
      await expect(page.locator('.govuk-panel__title').textContent()).resolves.toMatch(/Concern escalated/);
      await expect(page.locator('main').textContent()).resolves.toMatch(/7 December 2026, to tm, coord/);
      await expectAccessible(page);
      await screenshot(page, 'escalation-recorded');
      expect(await t.eventCount()).toBe(before + 1);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, the form works the same way',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'aud');
      await page.goto(`${t.baseUrl}/audits/${auditId}/escalation`);
      await page.locator('input[name=escalatedTo][value=practitioner]').check();
      await page.locator('#escalatedOn-day').fill('7');
      await page.locator('#escalatedOn-month').fill('12');
      await page.locator('#escalatedOn-year').fill('2026');
      await page.locator('#concern').fill('A second concern.');
      await page.locator('#immediateActions').fill('Discussed with the practitioner.');
      await page.getByRole('button', { name: 'Record the escalation' }).click();
      await page.waitForURL(/\/escalation\/recorded/);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'a practitioner is refused the page and a hand-made post; nothing is appended',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'prac');
      const response = await page.goto(`${t.baseUrl}/audits/${auditId}/escalation`);
      expect(response?.status()).toBe(403);
      await expect(page.locator('main').textContent()).resolves.toMatch(/Only the audit's auditor or moderator/);
      await expectAccessible(page);
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      const before = await t.eventCount();
      const posted = await page.request.post(`${t.baseUrl}/audits/${auditId}/escalation`, {
        form: { _csrf: csrf, _form: 'f1', escalatedTo: 'teamManager', 'escalatedOn-day': '7', 'escalatedOn-month': '12', 'escalatedOn-year': '2026', concern: 'x', immediateActions: 'y' },
        maxRedirects: 0,
      });
      expect(posted.status()).toBe(403);
      expect(await t.eventCount()).toBe(before);
      await page.goto(`${t.baseUrl}/audits/${auditId}`);
      await expect(page.getByRole('link', { name: 'Escalate a safety concern' }).count()).resolves.toBe(0);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
