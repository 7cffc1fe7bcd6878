import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { allocate, gradeAll, Q, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * Moderation in real Chromium, against the service on PostgreSQL: the moderator sees each section's
 * auditor grade and rationale beside their own choice, agrees or changes it with a rationale (refused
 * without one, keeping what was typed), and completes moderation; the audit team returns a submitted
 * audit for rectification; a practitioner is refused both.
 */
describe('moderating an audit in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  const audits: Record<'withJs' | 'withoutJs' | 'returned', string> = {} as never;

  const submitted = async (caseRef: string, moderatorId = 'mod') => {
    const id = await allocate(t, a, a.cycles['2026-12'], { caseRef, moderatorId });
    await gradeAll(t, a.as.aud, id, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId: id }, a.as.aud);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t);
    audits.withJs = await submitted('EH-2001');
    audits.withoutJs = await submitted('EH-2002', 'mod2');
    audits.returned = await submitted('EH-2003');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'the moderator changes a section with a rationale, is refused without one, agrees the overall grade and completes moderation (JavaScript on, axe)',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'mod');
      await page.goto(`${t.baseUrl}/audits/${audits.withJs}`);
      await page.locator('[data-test=case-links]').getByRole('link', { name: 'Moderation', exact: true }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withJs}/moderation`);
      const rows = page.locator('[data-test=moderation] tbody tr');
      await expect(rows.first().textContent()).resolves.toMatch(/Good[\s\S]*: evidence on file[\s\S]*Not moderated/);
      await expectAccessible(page);

      // Completing before the overall grade is decided: the API's reason, in the error summary.
      await page.getByRole('button', { name: 'Complete moderation' }).click();
      await expect(page.locator('.govuk-error-summary__list').textContent()).resolves.toMatch(/Moderation is not complete/);
      await expect(page.title()).resolves.toMatch(/^Error: /);

      // A section: the auditor's grade and rationale, the grade descriptors beside the form.
      await rows.first().getByRole('link').click();
      await expect(page.locator('.app-descriptors').isVisible()).resolves.toBe(true);
      await expect(page.locator('main').textContent()).resolves.toMatch(/evidence on file/);
      await page.getByRole('button', { name: 'Save the moderation' }).click();
      await expect(errorSummary(page)).resolves.toEqual([{ text: "Say whether you agree with the auditor's grade or change it", href: '#decision' }]);

      // Changed with no rationale: refused by the API, what was chosen is still chosen.
      const before = await t.eventCount();
      await page.locator('input[name=decision][value=CHANGE]').check();
      await page.locator('input[name=grade][value=REQUIRES_IMPROVEMENT]').check();
      await page.getByRole('button', { name: 'Save the moderation' }).click();
      await expect(errorSummary(page)).resolves.toEqual([{ text: expect.stringMatching(/^The rationale /), href: '#rationale' }]);
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await expect(page.locator('input[name=decision][value=CHANGE]').isChecked()).resolves.toBe(true);
      await expect(page.locator('input[name=grade][value=REQUIRES_IMPROVEMENT]').isChecked()).resolves.toBe(true);
      expect(await t.eventCount()).toBe(before);
      await expectAccessible(page);
      await screenshot(page, 'moderation-section-error');

      await page.locator('textarea[name=rationale]').fill('No plan on file for the second child.');
      await page.getByRole('button', { name: 'Save the moderation' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withJs}/moderation`);
      await expect(rows.first().textContent()).resolves.toMatch(/Requires improvement[\s\S]*Changed[\s\S]*No plan on file/);

      // The overall grade, agreed.
      await rows.last().getByRole('link').click();
      await page.locator('input[name=decision][value=AGREE]').check();
      await page.locator('textarea[name=rationale]').fill('Agreed: the evidence supports Good overall.');
      await page.getByRole('button', { name: 'Save the moderation' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withJs}/moderation`);
      await expect(rows.last().textContent()).resolves.toMatch(/Good[\s\S]*Agreed/);
      await expectAccessible(page);
      await screenshot(page, 'moderation');
      await page.getByRole('button', { name: 'Complete moderation' }).click();
      await expect(page.locator('main').textContent()).resolves.toMatch(/Moderation is complete/);

      const { audit } = await t.ok(Q.audit, { id: audits.withJs });
      expect([audit.status, audit.moderatedGrade]).toEqual(['MODERATED', 'GOOD']);
      expect(audit.sections.find((s: { section: string }) => s.section === 'S2_WHY_HELP')?.moderatorGrade).toBe('REQUIRES_IMPROVEMENT');
      // Moderated: the section is no longer a form.
      const closed = await page.goto(`${t.baseUrl}/audits/${audits.withJs}/moderation/OVERALL`);
      expect(closed?.status()).toBe(409);
      expect(browserErrors(page).filter((e) => !/responded with a status of 4\d\d/.test(e))).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, a moderator agrees the overall grade and completes moderation',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'mod2');
      await page.goto(`${t.baseUrl}/audits/${audits.withoutJs}/moderation/OVERALL`);
      await page.locator('input[name=decision][value=AGREE]').check();
      await page.locator('textarea[name=rationale]').fill('Agreed.');
      await page.getByRole('button', { name: 'Save the moderation' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withoutJs}/moderation`);
      await page.getByRole('button', { name: 'Complete moderation' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withoutJs}/moderation`);
      const { audit } = await t.ok(Q.audit, { id: audits.withoutJs });
      expect([audit.status, audit.moderatedGrade]).toEqual(['MODERATED', 'GOOD']);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'the audit team returns a submitted audit for rectification, refused a date in the past with the reason kept',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/audits/${audits.returned}/moderation`);
      await page.getByRole('button', { name: 'Return the audit for rectification' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.returned}/return`);
      await expectAccessible(page);
      await page.locator('textarea[name=reason]').fill('The rationales do not cite the file.');
      await page.locator('#rectifyBy-day').fill('1');
      await page.locator('#rectifyBy-month').fill('12');
      await page.locator('#rectifyBy-year').fill('2026');
      await page.getByRole('button', { name: 'Return the audit' }).click();
      await expect(errorSummary(page)).resolves.toEqual([{ text: expect.stringMatching(/^The date to put it right by must not be in the past/), href: '#rectifyBy-day' }]);
      await expect(page.locator('textarea[name=reason]').inputValue()).resolves.toBe('The rationales do not cite the file.');
      await expectAccessible(page);
      await page.locator('#rectifyBy-day').fill('18');
      await page.getByRole('button', { name: 'Return the audit' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.returned}`);
      const { audit } = await t.ok(Q.audit, { id: audits.returned });
      expect([audit.status, audit.deadlines.rectifyBy]).toEqual(['RETURNED', '2026-12-18']);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'a practitioner cannot moderate or return an audit: refused pages, and the API refuses a hand-made form; nothing is appended',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'prac');
      const shown = await page.goto(`${t.baseUrl}/audits/${audits.withoutJs}/moderation`);
      expect(shown?.status()).toBe(403);
      await expect(page.locator('main').textContent()).resolves.toMatch(/Only the audit's moderator can moderate it/);
      await expectAccessible(page);
      expect((await page.goto(`${t.baseUrl}/audits/${audits.withoutJs}/return`))?.status()).toBe(403);
      // The overview offers the practitioner no moderation link.
      await page.goto(`${t.baseUrl}/audits/${audits.withJs}`);
      await expect(page.locator('[data-test=case-links]').getByRole('link', { name: 'Moderation', exact: true }).count()).resolves.toBe(0);

      const before = await t.eventCount();
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      const moderated = await page.request.post(`${t.baseUrl}/audits/${audits.returned}/moderation/OVERALL`, { form: { _csrf: csrf, _form: 'f1', decision: 'AGREE', rationale: 'x' }, maxRedirects: 0 });
      expect(moderated.status()).toBe(403);
      const returned = await page.request.post(`${t.baseUrl}/audits/${audits.withoutJs}/return`, {
        form: { _csrf: csrf, _form: 'f2', reason: 'x', 'rectifyBy-day': '18', 'rectifyBy-month': '12', 'rectifyBy-year': '2026' },
        maxRedirects: 0,
      });
      expect(returned.status()).toBe(403);
      expect(await t.eventCount()).toBe(before);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
