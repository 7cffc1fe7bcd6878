import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, screenshot, signedInPage } from '../../../test/support/browser.js';
import { moderatedAudit, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

const UOPP = `query($id: ID!) { audit(id: $id) { uoppHeld currentGrade deadlines { followUpUoppDue } urgentIssuesAddressed { addressedById summary onTime } } }`;

/**
 * The UoPP meeting record and the urgent issues of Inadequate work in real Chromium: the audit
 * manager records the meeting (refused without the original auditor, everything typed kept), the team
 * manager records the urgent issues addressed; with JavaScript off the auditor records a meeting that
 * raises the grade; a practitioner can do neither.
 */
describe('the UoPP meeting in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  const audits: Record<'inadequate' | 'improving', string> = {} as never;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t);
    audits.inadequate = await moderatedAudit(t, a, a.cycles['2026-12'], 'INADEQUATE', { caseRef: 'EH-4001' });
    audits.improving = await moderatedAudit(t, a, a.cycles['2026-12'], 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-4002' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const as = (staffId: string, javaScript = true) => signedInPage(browser, t.baseUrl, staffId, javaScript);
  const heldOn = async (page: Page, day: string, month: string, year: string) => {
    await page.locator('#heldOn-day').fill(day);
    await page.locator('#heldOn-month').fill(month);
    await page.locator('#heldOn-year').fill(year);
  };

  it(
    'the audit manager records the meeting on Inadequate work, and the team manager the urgent issues addressed (JavaScript on, axe)',
    async () => {
      const am = await as('am');
      await am.page.goto(`${t.baseUrl}/audits/${audits.inadequate}`);
      await am.page.locator('[data-test=case-links]').getByRole('link', { name: 'UoPP meeting and urgent issues' }).click();
      await am.page.waitForURL(`${t.baseUrl}/audits/${audits.inadequate}/uopp`);
      await expect(am.page.locator('#chairId').inputValue()).resolves.toBe('am');
      await expectAccessible(am.page);

      // Without the original auditor: refused by the API (AFT-3), naming who is missing; all kept.
      const before = await t.eventCount();
      await heldOn(am.page, '7', '12', '2026');
      await am.page.locator('input[name=attendees][value=prac]').check();
      await am.page.locator('input[name=attendees][value=tm]').check();
      await am.page.locator('input[name=linkedPlan][value=TAF]').check();
      await am.page.getByRole('button', { name: 'Record the meeting' }).click();
      const summary = await errorSummary(am.page);
      expect(summary).toEqual([{ text: expect.stringMatching(/^Who attended .*auditor/), href: '#attendees' }]);
      await expect(am.page.locator('#heldOn-day').inputValue()).resolves.toBe('7');
      await expect(am.page.locator('input[name=attendees][value=tm]').isChecked()).resolves.toBe(true);
      await expect(am.page.locator('input[name=linkedPlan][value=TAF]').isChecked()).resolves.toBe(true);
      expect(await t.eventCount()).toBe(before);
      await expectAccessible(am.page);

      await am.page.locator('input[name=attendees][value=aud]').check();
      await am.page.getByRole('button', { name: 'Record the meeting' }).click();
      await am.page.waitForURL(`${t.baseUrl}/audits/${audits.inadequate}/uopp`);
      await expect(am.page.locator('main').textContent()).resolves.toMatch(/Follow-up meeting due by/);
      await expect(am.page.locator('[data-test=uopp-meeting]').textContent()).resolves.toMatch(/Chaired by\s*am[\s\S]*prac, tm, aud[\s\S]*Team Around the Family plan \(TAF\)[\s\S]*Inadequate, unchanged/);
      await expect(am.page.getByRole('heading', { name: 'Meeting on 7 December 2026' }).count()).resolves.toBe(1);
      await expect(am.page.getByRole('heading', { name: 'Record the follow-up meeting' }).count()).resolves.toBe(1);
      await expectAccessible(am.page);
      await screenshot(am.page, 'uopp');
      await am.close();

      const tm = await as('tm');
      await tm.page.goto(`${t.baseUrl}/audits/${audits.inadequate}/uopp`);
      await tm.page.getByRole('button', { name: 'Record the urgent issues as addressed' }).click();
      await expect(errorSummary(tm.page)).resolves.toEqual([{ text: expect.stringMatching(/^What was done /), href: '#summary' }]);
      await expectAccessible(tm.page);
      await tm.page.locator('textarea[name=summary]').fill('Safety plan reviewed with the family the same day.');
      await tm.page.getByRole('button', { name: 'Record the urgent issues as addressed' }).click();
      await expect(tm.page.locator('main').textContent()).resolves.toMatch(/Urgent issues addressed[\s\S]*by tm \(on time\)/);
      await tm.close();

      const { audit } = await t.ok(UOPP, { id: audits.inadequate });
      expect(audit).toMatchObject({ uoppHeld: true, currentGrade: 'INADEQUATE', urgentIssuesAddressed: { addressedById: 'tm', onTime: true } });
      expect(audit.deadlines.followUpUoppDue).not.toBeNull();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, the auditor chairs a meeting that raises Requires improvement to Good',
    async () => {
      const aud = await as('aud', false);
      await aud.page.goto(`${t.baseUrl}/audits/${audits.improving}/uopp`);
      await heldOn(aud.page, '7', '12', '2026');
      for (const id of ['prac', 'tm']) await aud.page.locator(`input[name=attendees][value=${id}]`).check();
      await aud.page.locator('input[name=linkedPlan][value=EHA]').check();
      await aud.page.locator('input[name=revisedGrade][value=GOOD]').check();
      await aud.page.locator('textarea[name=rationale]').fill('The plan has been brought up to date since the audit.');
      await aud.page.getByRole('button', { name: 'Record the meeting' }).click();
      await aud.page.waitForURL(`${t.baseUrl}/audits/${audits.improving}/uopp`);
      await expect(aud.page.locator('main').textContent()).resolves.toMatch(/Requires improvement to Good/);
      await aud.close();
      const { audit } = await t.ok(UOPP, { id: audits.improving });
      expect(audit).toMatchObject({ uoppHeld: true, currentGrade: 'GOOD' });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'a practitioner sees the record but no form, and the API refuses their meeting and urgent issues; nothing is appended',
    async () => {
      const prac = await as('prac');
      await prac.page.goto(`${t.baseUrl}/audits/${audits.inadequate}/uopp`);
      await expect(prac.page.locator('form[action$="/uopp"]').count()).resolves.toBe(0);
      await expect(prac.page.locator('form[action$="/urgent-issues"]').count()).resolves.toBe(0);
      await expectAccessible(prac.page);
      const csrf = await prac.page.locator('input[name=_csrf]').first().inputValue();
      const before = await t.eventCount();
      const meeting = await prac.page.request.post(`${t.baseUrl}/audits/${audits.inadequate}/uopp`, {
        form: { _csrf: csrf, _form: 'f1', 'heldOn-day': '7', 'heldOn-month': '12', 'heldOn-year': '2026', chairId: 'am', attendees: 'tm' },
        maxRedirects: 0,
      });
      expect(meeting.status()).toBe(403);
      const urgent = await prac.page.request.post(`${t.baseUrl}/audits/${audits.inadequate}/urgent-issues`, { form: { _csrf: csrf, _form: 'f2', summary: 'x' }, maxRedirects: 0 });
      expect(urgent.status()).toBe(403);
      expect(await t.eventCount()).toBe(before);
      await prac.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
