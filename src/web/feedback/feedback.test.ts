import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { allocate, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * Family and practitioner feedback in real Chromium (AUD-6, AUD-7): the auditor records the
 * family's view, the practitioner answers their own section, and both are read back on the audit's
 * feedback page by those who may read it; the auditor is refused the practitioner's answers.
 */
describe('family and practitioner feedback in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let auditId: string;
  const FEEDBACK = `query($id: ID!) { audit(id: $id) { familyFeedback { rating couldHaveTheirSay comments } practitionerFeedback { answers { question text } comments notCompletedReason } } }`;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-6001' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    "the auditor records the family's feedback (nothing given is refused, what was typed kept) and can record only why the practitioner's section was not completed",
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'aud');
      await page.goto(`${t.baseUrl}/audits/${auditId}`);
      await page.getByRole('link', { name: 'Family and practitioner feedback' }).click();
      await expect(page.locator('main').textContent()).resolves.toMatch(/Not recorded yet/);
      await expectAccessible(page);
      await page.getByRole('button', { name: "Record the family's feedback" }).click();

      const before = await t.eventCount();
      await page.locator('input[name=couldHaveTheirSay][value=YES]').check();
      await page.locator('#comments').fill('They felt listened to.');
      await page.getByRole('button', { name: "Save the family's feedback" }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The family's rating /), href: '#rating' }]);
      await expect(page.locator('#comments').inputValue()).resolves.toBe('They felt listened to.');
      await expect(page.locator('input[name=couldHaveTheirSay][value=YES]').isChecked()).resolves.toBe(true);
      expect(await t.eventCount()).toBe(before);
      await expectAccessible(page);
      await screenshot(page, 'family-feedback-error');

      await page.locator('input[name=rating][value="4"]').check();
      await page.getByRole('button', { name: "Save the family's feedback" }).click();
      await page.waitForURL(/\/feedback\?done=family/);
      await expect(page.locator('[data-test=family-feedback]').textContent()).resolves.toMatch(/4 out of 5.*Yes.*They felt listened to/s);

      // The auditor's form of the practitioner's section offers only the reason.
      await page.getByRole('button', { name: 'Record why it could not be completed' }).click();
      await expect(page.locator('textarea[name^="answer-"]').count()).resolves.toBe(0);
      await expectAccessible(page);
      await context.close();
      const { audit } = await t.ok(FEEDBACK, { id: auditId });
      expect(audit.familyFeedback).toEqual({ rating: 4, couldHaveTheirSay: 'YES', comments: 'They felt listened to.' });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'the practitioner answers their own section with JavaScript off; an empty form is refused; the team manager reads both back',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'prac');
      await page.goto(`${t.baseUrl}/audits/${auditId}/feedback`);
      await page.getByRole('button', { name: 'Answer your section' }).click();
      const boxes = page.locator('textarea[name^="answer-"]');
      await expect(boxes.count()).resolves.toBe(7);
      await page.getByRole('button', { name: 'Save the feedback' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^Your comments /), href: '#comments' }]);
      await boxes.nth(1).fill('Supervision every month helped me plan.');
      await page.locator('#comments').fill('Training on direct work, please.');
      await page.getByRole('button', { name: 'Save the feedback' }).click();
      await page.waitForURL(/\/feedback\?done=practitioner/);
      await expect(page.locator('[data-test=practitioner-feedback]').textContent()).resolves.toMatch(/2\. .*supervision.*Supervision every month helped me plan/is);
      await context.close();

      const tm = await openPage(browser);
      await signIn(tm.page, t.baseUrl, 'tm');
      await tm.page.goto(`${t.baseUrl}/audits/${auditId}/feedback`);
      await expect(tm.page.locator('[data-test=family-feedback]').textContent()).resolves.toMatch(/4 out of 5/);
      await expect(tm.page.locator('[data-test=practitioner-feedback]').textContent()).resolves.toMatch(/Training on direct work/);
      await expect(tm.page.getByRole('button', { name: /Record|Change|Answer/ }).count()).resolves.toBe(0);
      await expectAccessible(tm.page);
      await screenshot(tm.page, 'feedback');
      await tm.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "refusals: the team manager cannot record the family's feedback; the page never sends answers typed by the auditor (AUD-6): a hand-made post is refused beside the reason and appends nothing",
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'tm');
      const response = await page.goto(`${t.baseUrl}/audits/${auditId}/feedback/family`);
      expect(response?.status()).toBe(403);
      await expect(page.locator('main').textContent()).resolves.toMatch(/Only the audit's auditor records the family's feedback/);
      await expectAccessible(page);
      await context.close();

      const aud = await openPage(browser);
      await signIn(aud.page, t.baseUrl, 'aud');
      await aud.page.goto(`${t.baseUrl}/audits/${auditId}/feedback/practitioner`);
      const csrf = await aud.page.locator('input[name=_csrf]').first().inputValue();
      const before = await t.eventCount();
      // The page sends the auditor's reason only; the answers typed into a hand-made post are not sent.
      const posted = await aud.page.request.post(`${t.baseUrl}/audits/${auditId}/feedback/practitioner`, {
        form: { _csrf: csrf, _form: 'f1', 'answer-S10_Q1': 'Not mine to answer', notCompletedReason: '' },
        maxRedirects: 0,
      });
      expect(posted.status()).toBe(400);
      expect(await posted.text()).toMatch(/href="#notCompletedReason"/);
      expect(await t.eventCount()).toBe(before);
      const { audit } = await t.ok(FEEDBACK, { id: auditId });
      expect(audit.practitionerFeedback.answers).toEqual([{ question: 'S10_Q2', text: 'Supervision every month helped me plan.' }]);
      await aud.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
