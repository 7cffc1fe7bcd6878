import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, screenshot, signedInPage } from '../../../test/support/browser.js';
import { moderatedAudit, Q, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * The grade history in real Chromium: every grade change as a timeline (who, when, from, to,
 * rationale, source); governance sees the trail verified and downloads the signed export; a
 * practitioner sees the timeline but not the trail, and cannot export it; a board reader cannot
 * see the audit at all.
 */
describe('the grade history in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let auditId: string;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t);
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'gov', name: 'Staff gov', email: 'gov@council.example', teamId: null, roles: ['GOVERNANCE'] },
    });
    auditId = await moderatedAudit(t, a, a.cycles['2026-12'], 'GOOD', { caseRef: 'EH-5001' });
    // A dispute decided: a grade change of source DISPUTE on the timeline.
    const { raiseModerationDispute } = await t.ok(Q.raiseDispute, { input: { auditId, reason: 'The reviews were late' } }, a.as.tm);
    await t.ok(Q.discussDispute, { input: { auditId, disputeId: raiseModerationDispute.id, resolved: false, note: 'Not settled' } }, a.as.mod);
    await t.ok(Q.resolveDispute, { input: { auditId, disputeId: raiseModerationDispute.id, grade: 'REQUIRES_IMPROVEMENT', rationale: 'Reviews late twice' } }, a.as.hos);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const as = (staffId: string, javaScript = true) => signedInPage(browser, t.baseUrl, staffId, javaScript);

  it(
    'governance reads the timeline, sees the trail verified and downloads the signed export (JavaScript on, axe)',
    async () => {
      const { audit } = await t.ok(Q.history, { id: auditId });
      const gov = await as('gov');
      await gov.page.goto(`${t.baseUrl}/audits/${auditId}`);
      await gov.page.locator('[data-test=case-links]').getByRole('link', { name: 'Grade history' }).click();
      await gov.page.waitForURL(`${t.baseUrl}/audits/${auditId}/history`);
      const items = gov.page.locator('[data-test=grade-history] .moj-timeline__item');
      await expect(items.count()).resolves.toBe(audit.gradeHistory.length);
      // Newest first: the dispute decision, with who, the source, from, to and the rationale.
      await expect(items.first().textContent()).resolves.toMatch(/Overall grade: Good to Requires improvement[\s\S]*by hos \(Dispute decision\)[\s\S]*7 December 2026[\s\S]*Reviews late twice/);
      await expect(items.last().textContent()).resolves.toMatch(/No grade to Good[\s\S]*by aud \(Auditor\)/);
      await expect(gov.page.locator('[data-test=trail]').textContent()).resolves.toMatch(/Verified/);
      await expectAccessible(gov.page);
      await screenshot(gov.page, 'grade-history');

      const [download] = await Promise.all([gov.page.waitForEvent('download'), gov.page.getByRole('button', { name: 'Download the signed trail' }).click()]);
      expect(download.suggestedFilename()).toBe(`audit-trail-${auditId}.json`);
      const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(bundle.signature).toBeDefined();
      expect(JSON.stringify(bundle)).toContain('DisputeResolved');
      expect(browserErrors(gov.page)).toEqual([]);
      await gov.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, a practitioner reads the timeline but neither the trail nor its export',
    async () => {
      const prac = await as('prac', false);
      await prac.page.goto(`${t.baseUrl}/audits/${auditId}/history`);
      await expect(prac.page.locator('[data-test=grade-history] .moj-timeline__item').count()).resolves.toBeGreaterThan(1);
      await expect(prac.page.locator('[data-test=trail]').count()).resolves.toBe(0);
      await expect(prac.page.getByRole('button', { name: 'Download the signed trail' }).count()).resolves.toBe(0);
      await prac.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'a practitioner cannot export the trail, and a board reader cannot see the audit; nothing is appended',
    async () => {
      const prac = await as('prac');
      const csrf = await prac.page.locator('input[name=_csrf]').first().inputValue();
      const before = await t.eventCount();
      const exported = await prac.page.request.post(`${t.baseUrl}/audits/${auditId}/history/export`, { form: { _csrf: csrf, _form: 'f1' }, maxRedirects: 0 });
      expect(exported.status()).toBe(403);
      expect(await exported.text()).toMatch(/You cannot see or change this/);
      expect(await t.eventCount()).toBe(before);
      await prac.close();

      const board = await as('board');
      const shown = await board.page.goto(`${t.baseUrl}/audits/${auditId}/history`);
      expect(shown?.status()).toBe(403);
      await expectAccessible(board.page);
      await board.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
