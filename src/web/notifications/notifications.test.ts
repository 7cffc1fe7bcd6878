import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { OutboxSender } from '../../notifications/outbox-sender.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { startTestSmtp, type TestSmtp } from '../../../test/support/smtp.js';
import { errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { allocate, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * Messages in real Chromium, with a real SMTP server on loopback that refuses every message: a
 * person reads the emails sent to them; the audit team reads every message, the failed ones with
 * the reason, and resends one; a second resend of the same message is refused; others are refused
 * the audit team's pages.
 */
describe('messages in the browser', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let a: Authority;
  let browser: Browser;
  const FAILED = `{ notifications(state: FAILED) { id subject state recipientEmail } }`;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z', SMTP_URL: smtp.url, MAIL_POLL_MS: '0', REMINDER_POLL_MS: '0', MAIL_RETRY_BASE_MS: '0', MAIL_MAX_ATTEMPTS: '1' });
    a = await setUpAuthority(t, ['2026-12']);
    smtp.refuse(Infinity);
    await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-7001' });
    await t.app.get(OutboxSender).drain();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it(
    'the practitioner reads the emails sent to them',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'prac');
      await page.getByRole('link', { name: 'Messages' }).click();
      await page.waitForURL(`${t.baseUrl}/notifications`);
      const rows = page.locator('[data-test=messages] tbody tr');
      await expect(rows.count()).resolves.toBeGreaterThan(0);
      await expect(rows.first().textContent()).resolves.toMatch(/EH-7001.*7 December 2026.*Failed/s);
      await expect(page.getByRole('link', { name: 'All messages' }).count()).resolves.toBe(0);
      await expectAccessible(page);
      await screenshot(page, 'messages');
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'the audit team sees the failed mail with the reason and resends one; the same message resent again is refused in plain words',
    async () => {
      const failed = (await t.ok(FAILED, {}, a.as.qa)).notifications;
      expect(failed.length).toBeGreaterThan(1);
      smtp.refuse(0);
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/notifications`);
      await page.getByRole('link', { name: 'All messages' }).click();
      await expect(page.locator('main').textContent()).resolves.toMatch(new RegExp(`${failed.length} failed`));
      await page.getByRole('link', { name: 'Failed', exact: true }).click();
      await page.waitForURL(/state=FAILED/);
      const row = page.locator('[data-test=all-messages] tbody tr').first();
      await expect(row.textContent()).resolves.toMatch(/451.*1 try/s);
      await expectAccessible(page);
      await screenshot(page, 'messages-failed');
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      await row.getByRole('button', { name: /^Resend/ }).click();
      await page.waitForURL(/resent=1/);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/back in the queue/);
      await expect(page.locator('[data-test=all-messages] tbody tr').count()).resolves.toBe(failed.length - 1);
      const queued = (await t.ok(`{ notifications(state: QUEUED) { id } }`, {}, a.as.qa)).notifications;
      expect(queued).toHaveLength(1);

      // The same message again (another tab's stale page): CONFLICT, said above the list.
      const again = await page.request.post(`${t.baseUrl}/notifications/${queued[0].id}/resend`, { form: { _csrf: csrf, _form: 'other' }, maxRedirects: 0 });
      expect(again.status()).toBe(409);
      await page.setContent(await again.text());
      await expect(page.locator('.govuk-error-summary__list').textContent()).resolves.toMatch(/only a FAILED message can be resent/);
      expect(await errorSummary(page)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, the audit team resends another failed message',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/notifications/all?state=FAILED`);
      const before = await page.locator('[data-test=all-messages] tbody tr').count();
      await page.locator('[data-test=all-messages] tbody tr').first().getByRole('button', { name: /^Resend/ }).click();
      await page.waitForURL(/resent=1/);
      await expect(page.locator('[data-test=all-messages] tbody tr').count()).resolves.toBe(before - 1);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "a practitioner is refused every message and the resend; the message's state is unchanged",
    async () => {
      const [target] = (await t.ok(FAILED, {}, a.as.qa)).notifications;
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'prac');
      const response = await page.goto(`${t.baseUrl}/notifications/all`);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/You cannot see or change this/);
      await expectAccessible(page);
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      const posted = await page.request.post(`${t.baseUrl}/notifications/${target.id}/resend`, { form: { _csrf: csrf, _form: 'f1' }, maxRedirects: 0 });
      expect(posted.status()).toBe(403);
      const still = (await t.ok(FAILED, {}, a.as.qa)).notifications;
      expect(still.map((n: { id: string }) => n.id)).toContain(target.id);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
