import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { allocate, discussed, Q, readyToSubmit, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * The auditor's journey in real Chromium, against the service on PostgreSQL: sign in, My work,
 * the audit's task list, every section (answers, free text, grade and rationale), check your
 * answers, submit. Once with JavaScript and axe on every page, once with JavaScript off; and a
 * practitioner refused the auditor's pages.
 */

/** Answers every question of the section on screen, grades it and saves; returns the next page's URL. */
async function completeSection(page: Page, grade = 'GOOD'): Promise<void> {
  const names = await page.locator('input[type=radio][name^="answer-"]').evaluateAll((inputs) => [...new Set(inputs.map((i) => i.getAttribute('name') ?? ''))]);
  for (const name of names) await page.locator(`input[name="${name}"]`).first().check();
  for (const textarea of await page.locator('textarea[name^="narrative-"]').all()) await textarea.fill('What the file shows, in the auditor’s words.');
  if ((await page.locator('input[name="grade"]').count()) > 0) {
    await page.locator(`input[name="grade"][value="${grade}"]`).check();
    await page.locator('textarea[name="rationale"]').fill('The evidence on file supports this grade.');
  }
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

describe('completing and submitting an audit in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  const audits: Record<'withJs' | 'withoutJs' | 'refused', string> = {} as never;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t);
    const dec = a.cycles['2026-12'];
    audits.withJs = await allocate(t, a, dec, { caseRef: 'EH-1001' });
    audits.withoutJs = await allocate(t, a, dec, { caseRef: 'EH-1002', auditorId: 'aud2' });
    audits.refused = await allocate(t, a, dec, { caseRef: 'EH-1003' });
    // Recorded through the API, since their pages have tests of their own (discussion.test.ts,
    // actions.test.ts): the collaborative discussion the Early Help template v2 requires before
    // submission (AUD-1), and for the work submitted as Requires Improvement the case action that
    // brings it to Good (AUD-4).
    await discussed(t, a.as.aud, audits.withJs);
    await discussed(t, a.as.aud2, audits.withoutJs);
    await readyToSubmit(t, a.as.aud2, audits.withoutJs, 'REQUIRES_IMPROVEMENT');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'an auditor signs in, finds the audit in My work, completes every section, checks the answers and submits it (JavaScript on, axe on every page)',
    async () => {
      const { context, page } = await openPage(browser);
      await page.goto(t.baseUrl);
      await expectAccessible(page);
      await screenshot(page, 'sign-in');
      await signIn(page, t.baseUrl, 'aud');

      // My work: the audit to complete, with its case reference and a link into it.
      await expect(page.getByRole('heading', { name: 'My work' }).isVisible()).resolves.toBe(true);
      const row = page.locator('[data-test=my-work] tbody tr', { hasText: 'EH-1001' });
      await expect(row.textContent()).resolves.toMatch(/Complete the audit/);
      await expectAccessible(page);
      await screenshot(page, 'my-work');
      await row.getByRole('link').click();

      // The task list: every section not yet started.
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withJs}`);
      const sectionLinks = page.locator('.govuk-task-list__link');
      const count = await sectionLinks.count();
      expect(count).toBeGreaterThan(5);
      await expect(page.locator('.govuk-task-list__status').allTextContents()).resolves.toEqual(Array(count).fill(expect.stringMatching(/Not yet started/)));
      await expectAccessible(page);
      await screenshot(page, 'audit-overview');
      await sectionLinks.first().click();
      // The overview of the case (AUD-2): written answers only, then the overall evaluation.
      await completeSection(page);
      await expect(errorSummary(page)).resolves.toEqual([]);

      // A refused save: a grade with no rationale. The error summary links to the field, the
      // message is the API's in plain words, and what was typed is still there.
      await expect(page.locator('.app-descriptors').isVisible()).resolves.toBe(true);
      await expectAccessible(page);
      await screenshot(page, 'audit-section');
      const firstQuestion = (await page.locator('input[type=radio][name^="answer-"]').first().getAttribute('name')) ?? 'none';
      await page.locator(`input[name="${firstQuestion}"][value="NO"]`).check();
      await page.locator('input[name="grade"][value="REQUIRES_IMPROVEMENT"]').check();
      await page.getByRole('button', { name: 'Save and continue' }).click();
      const summary = await errorSummary(page);
      expect(summary).toEqual([{ text: expect.stringMatching(/^The rationale /), href: '#rationale' }]);
      expect(summary[0].text).not.toMatch(/BAD_USER_INPUT/);
      await expect(page.locator('#rationale-error').textContent()).resolves.toMatch(/The rationale/);
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await expect(page.locator(`input[name="${firstQuestion}"][value="NO"]`).isChecked()).resolves.toBe(true);
      await expect(page.locator('input[name="grade"][value="REQUIRES_IMPROVEMENT"]').isChecked()).resolves.toBe(true);
      await expectAccessible(page);
      await screenshot(page, 'audit-section-error');

      // Every section after the overview, in order, to the end.
      for (let i = 1; i < count; i++) {
        await completeSection(page);
        await expect(errorSummary(page)).resolves.toEqual([]);
      }
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withJs}/check-answers`);
      await expect(page.getByText('Not answered').count()).resolves.toBe(0);
      await expectAccessible(page);
      await screenshot(page, 'check-answers');
      await page.getByRole('button', { name: 'Submit the audit' }).click();

      await page.waitForURL(`${t.baseUrl}/audits/${audits.withJs}/submitted`);
      await expect(page.locator('.govuk-panel__title').textContent()).resolves.toMatch(/Audit submitted/);
      await expectAccessible(page);
      await screenshot(page, 'submitted');

      // What the API now holds: submitted, every section graded, the first answer as corrected.
      const { audit } = await t.ok(Q.audit, { id: audits.withJs });
      expect(audit.status).toBe('SUBMITTED');
      expect(audit.initialGrade).toBe('GOOD');
      expect(audit.sections.every((s: { auditorGrade: string | null }) => s.auditorGrade === 'GOOD')).toBe(true);
      expect(audit.answers.find((x: { question: string }) => x.question === firstQuestion.replace('answer-', ''))?.answer).toBe('YES');

      // Submitted, it is no longer on the auditor's list, and its sections are no longer a form.
      await page.goto(`${t.baseUrl}/my-work`);
      await expect(page.locator('[data-test=my-work] tbody tr', { hasText: 'EH-1001' }).count()).resolves.toBe(0);
      await page.goto(`${t.baseUrl}/audits/${audits.withJs}/check-answers`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/This cannot be done now/);
      // GOV.UK's and MoJ's scripts ran on every page and the CSP refused nothing (the refused form's 400
      // and the 409 page are logged by the browser as failed loads: those are the pages' own statuses).
      expect(browserErrors(page).filter((e) => !/responded with a status of 4\d\d/.test(e))).toEqual([]);
      await expect(page.locator('body.govuk-frontend-supported').count()).resolves.toBe(1);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'the same journey with JavaScript switched off',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'aud2');
      await page.locator('[data-test=my-work] tbody tr', { hasText: 'EH-1002' }).getByRole('link').click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withoutJs}`);
      const count = await page.locator('.govuk-task-list__link').count();
      await page.locator('.govuk-task-list__link').first().click();
      for (let i = 0; i < count; i++) await completeSection(page, 'REQUIRES_IMPROVEMENT');
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withoutJs}/check-answers`);
      await page.getByRole('button', { name: 'Submit the audit' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${audits.withoutJs}/submitted`);
      const { audit } = await t.ok(Q.audit, { id: audits.withoutJs });
      expect([audit.status, audit.initialGrade]).toEqual(['SUBMITTED', 'REQUIRES_IMPROVEMENT']);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "a practitioner is refused the auditor's section page, and the API refuses their submission; nothing is appended",
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'prac');
      await screenshot(page, 'my-work-practitioner');
      const response = await page.goto(`${t.baseUrl}/audits/${audits.refused}/sections/S2_WHY_HELP`);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/You cannot see or change this/);
      await expect(page.locator('main').textContent()).resolves.toMatch(/Only the audit's auditor/);
      await expect(page.locator('form[action$="/sections/S2_WHY_HELP"]').count()).resolves.toBe(0);
      await expectAccessible(page);
      await screenshot(page, 'refused');

      // A hand-made submission with the practitioner's own valid CSRF token: the API says no.
      const before = await t.eventCount();
      await page.goto(`${t.baseUrl}/my-work`);
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      const posted = await page.request.post(`${t.baseUrl}/audits/${audits.refused}/submit`, { form: { _csrf: csrf, _form: 'f1' }, maxRedirects: 0 });
      expect(posted.status()).toBe(403);
      expect(await posted.text()).toMatch(/You cannot see or change this/);
      expect(await t.eventCount()).toBe(before);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
