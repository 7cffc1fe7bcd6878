import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, signedInPage } from '../../../test/support/browser.js';
import { moderationSample } from '../../cycles/moderation-sample.js';
import { allocate, allocation, discussed, moderatedAudit, Q, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * The audit's page after submission in real Chromium, against the service on PostgreSQL, on 24
 * December 2026: the dip audit done by the audit team through the audit pages (AFT-4), complete on
 * submission with no moderation, disputes or UoPP of its own, and the work it found still below Good
 * referred to the EH coordinator lead (AFT-5); the social care moderation pages before the month's
 * sample, in it and outside it (AUD-10); and the audit as a Word or PDF document for the child's
 * file, downloaded from the audit's page (REP-10).
 */

const SC_SECTIONS = ['CONTACT_REFERRAL', 'RECORDING', 'ASSESSMENT', 'PLANNING', 'REVIEWS', 'MANAGEMENT_OVERSIGHT', 'OVERALL'];
const DRAW = `mutation($input: DrawModerationSampleInput!) { drawModerationSample(input: $input) { sampledAuditIds } }`;

/** Answers every question of the section on screen, grades it and saves. */
async function completeSection(page: Page, grade: string): Promise<void> {
  const names = await page.locator('input[type=radio][name^="answer-"]').evaluateAll((inputs) => [...new Set(inputs.map((i) => i.getAttribute('name') ?? ''))]);
  for (const name of names) await page.locator(`input[name="${name}"]`).first().check();
  for (const textarea of await page.locator('textarea[name^="narrative-"]').all()) await textarea.fill('Seen on file since the audit.');
  if ((await page.locator('input[name="grade"]').count()) > 0) {
    await page.locator(`input[name="grade"][value="${grade}"]`).check();
    await page.locator('textarea[name="rationale"]').fill('The plan has not moved on since the audit.');
  }
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

const caseLinks = (page: Page) => page.locator('[data-test=case-links] a').allTextContents();
const summary = (page: Page) => page.locator('[data-test=audit-summary]').textContent();

describe('the audit page after submission: dip audits, the moderation sample and the audit as a document', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let original: string;
  let dip: string;
  const socialCare: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-24T10:00:00Z' });
    a = await setUpAuthority(t);
    original = await moderatedAudit(t, a, a.cycles['2026-12'], 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-2001' });
    dip = (await t.ok(Q.allocate, { input: allocation(a.cycles['2027-02'], { caseRef: 'EH-2001', templateId: 'dip-sample', auditorId: 'qa', reauditOfAuditId: original }) }, a.as.qa))
      .allocateAudit.id;
    for (const caseRef of ['SC-2001', 'SC-2002']) {
      const auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef, templateId: 'social-care' });
      await discussed(t, a.as.aud, auditId);
      for (const section of SC_SECTIONS) await t.ok(Q.setGrade, { input: { auditId, section, grade: 'GOOD', rationale: `${section}: evidence on file` } }, a.as.aud);
      await t.ok(Q.submit, { auditId }, a.as.aud);
      socialCare.push(auditId);
    }
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'the audit team completes the dip audit on its pages; it is complete on submission, and the work still below Good is referred to the coordinator lead',
    async () => {
      const { page, close } = await signedInPage(browser, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/audits/${dip}`);
      await expectAccessible(page);
      await expect(summary(page)).resolves.toMatch(/Dip audit of\s*the audit it follows up/);
      const sections = await page.locator('.govuk-task-list__link').count();
      await page.locator('.govuk-task-list__link').first().click();
      for (let i = 0; i < sections; i++) await completeSection(page, 'REQUIRES_IMPROVEMENT');
      await page.waitForURL(`${t.baseUrl}/audits/${dip}/check-answers`);
      await page.getByRole('button', { name: /Submit/ }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${dip}/submitted`);
      await expect(page.locator('main').textContent()).resolves.toMatch(/The dip audit is complete: it is not moderated/);
      await expectAccessible(page);

      await page.goto(`${t.baseUrl}/audits/${dip}`);
      await expect(summary(page)).resolves.toMatch(/Complete \(a dip audit is not moderated\)/);
      // AFT-4: no moderation, disputes or UoPP of its own; its grade history stays.
      await expect(caseLinks(page)).resolves.toEqual(['Grade history']);
      await page.goto(`${t.baseUrl}/audits/${dip}/moderation`);
      await expect(page.locator('[data-test=not-moderated]').textContent()).resolves.toMatch(/A dip audit is the audit team's brief check of the work \(AFT-4\)/);
      await expect(page.getByRole('button', { name: 'Complete moderation' }).count()).resolves.toBe(0);
      await expectAccessible(page);
      expect(browserErrors(page)).toEqual([]);
      await close();

      // AFT-5: the original audit names the referral, and the coordinator lead of the service has it to take up.
      const lead = await signedInPage(browser, t.baseUrl, 'coord');
      await expect(lead.page.locator('[data-test=my-work] tbody tr', { hasText: 'EH-2001' }).textContent()).resolves.toMatch(/Take up the work the dip audit found still below Good/);
      await lead.page.goto(`${t.baseUrl}/audits/${original}`);
      await expect(summary(lead.page)).resolves.toMatch(/Referred to the EH coordinator lead\s*24 December 2026, by the dip audit that found the work still below Good/);
      await lead.page.getByRole('link', { name: 'the dip audit' }).click();
      await lead.page.waitForURL(`${t.baseUrl}/audits/${dip}`);
      await expectAccessible(lead.page);
      // Only the dip audits and referred work of the service: not its other audits.
      expect((await lead.page.goto(`${t.baseUrl}/audits/${socialCare[0]}`))?.status()).toBe(403);
      await lead.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "the social care moderation pages say when an audit waits for the month's sample or is outside it, and offer moderation only in it",
    async () => {
      const { page, close } = await signedInPage(browser, t.baseUrl, 'mod');
      await page.goto(`${t.baseUrl}/audits/${socialCare[0]}/moderation`);
      await expect(page.locator('[data-test=not-moderated]').textContent()).resolves.toMatch(/waits for the month's moderation sample \(AUD-10: 10% of audits received are moderated/);
      await expect(page.locator('[data-test=moderation] a').count()).resolves.toBe(0);
      // A section's form asked for directly says why, and moderates nothing.
      const before = await t.eventCount();
      const direct = await page.goto(`${t.baseUrl}/audits/${socialCare[0]}/moderation/OVERALL`);
      expect(direct?.status()).toBe(409);
      await expect(page.locator('main').textContent()).resolves.toMatch(/waits for the month's moderation sample/);
      expect(await t.eventCount()).toBe(before);

      const { drawModerationSample } = await t.ok(DRAW, { input: { cycleId: a.cycles['2026-12'], seed: 'web-sample' } }, a.as.qa);
      expect(drawModerationSample.sampledAuditIds).toEqual(moderationSample(socialCare, 'web-sample', 10));
      const [inSample] = drawModerationSample.sampledAuditIds as string[];
      const outside = socialCare.find((id) => id !== inSample)!;

      await page.goto(`${t.baseUrl}/audits/${outside}/moderation`);
      await expect(page.locator('[data-test=not-moderated]').textContent()).resolves.toMatch(/not chosen in the month's moderation sample .* complete without moderation, the auditor's grade standing/);
      await expectAccessible(page);
      await page.goto(`${t.baseUrl}/audits/${outside}`);
      await expect(summary(page)).resolves.toMatch(/Complete without moderation \(outside the month's moderation sample\)/);

      await page.goto(`${t.baseUrl}/audits/${inSample}/moderation`);
      await expect(page.locator('main').textContent()).resolves.toMatch(/This audit is in the month's moderation sample \(AUD-10\)/);
      await expect(page.getByRole('button', { name: 'Complete moderation' }).count()).resolves.toBe(1);
      expect(browserErrors(page).filter((e) => !/status of 409/.test(e))).toEqual([]);
      await close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "downloads the audit for the child's file from its page, as Word and as PDF, for whoever may read it; nobody else",
    async () => {
      const { page, close } = await signedInPage(browser, t.baseUrl, 'prac');
      await page.goto(`${t.baseUrl}/audits/${original}`);
      await expectAccessible(page);
      const [word] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download this audit (Word)' }).click()]);
      expect(word.suggestedFilename()).toMatch(/^audit-eh-2001-[0-9a-f]{8}\.docx$/);
      const docx = await page.context().request.get(`${t.baseUrl}/audits/${original}/audit.docx`);
      expect({ status: docx.status(), type: docx.headers()['content-type'], cache: docx.headers()['cache-control'] }).toEqual({
        status: 200,
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        cache: 'no-store',
      });
      expect((await docx.body()).subarray(0, 2).toString('latin1')).toBe('PK');

      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download this audit (PDF)' }).click()]);
      expect(pdf.suggestedFilename()).toMatch(/^audit-eh-2001-[0-9a-f]{8}\.pdf$/);
      const file = await page.context().request.get(`${t.baseUrl}/audits/${original}/audit.pdf`);
      expect({ status: file.status(), type: file.headers()['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
      expect((await file.body()).toString('latin1')).toMatch(/^%PDF-[\s\S]*\(Case file audit EH-2001\)/);
      await close();

      // Another practitioner may not read the audit, so neither its page nor its document.
      const other = await signedInPage(browser, t.baseUrl, 'prac2');
      const refused = await other.page.context().request.get(`${t.baseUrl}/audits/${original}/audit.docx`);
      expect({ status: refused.status(), type: refused.headers()['content-type'] }).toEqual({ status: 403, type: expect.stringMatching(/^text\/html/) });
      expect(await refused.text()).not.toContain('EH-2001');
      expect((await other.page.context().request.get(`${t.baseUrl}/audits/no-such-audit/audit.pdf`)).status()).toBe(404);
      await other.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
