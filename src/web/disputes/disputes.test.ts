import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, screenshot, signedInPage } from '../../../test/support/browser.js';
import { moderatedAudit, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

const DISPUTES = `query($id: ID!) { audit(id: $id) { currentGrade disputes { id status raisedById raisedAs } } }`;

/**
 * A moderation dispute in real Chromium, from raising to the final decision, each step by the person
 * the API allows: the practitioner raises it, the moderator records the discussion (not settled), the
 * head of service decides. Refused forms keep what was typed; a practitioner cannot decide and an
 * auditor cannot raise one.
 */
describe('a moderation dispute in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  const audits: Record<'withJs' | 'withoutJs', string> = {} as never;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t);
    audits.withJs = await moderatedAudit(t, a, a.cycles['2026-12'], 'GOOD', { caseRef: 'EH-3001' });
    audits.withoutJs = await moderatedAudit(t, a, a.cycles['2026-12'], 'GOOD', { caseRef: 'EH-3002' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const as = (staffId: string, javaScript = true) => signedInPage(browser, t.baseUrl, staffId, javaScript);

  it(
    'raised by the practitioner, discussed with the moderator without agreement, decided by the head of service (JavaScript on, axe)',
    async () => {
      const prac = await as('prac');
      await prac.page.goto(`${t.baseUrl}/audits/${audits.withJs}`);
      await prac.page.locator('[data-test=case-links]').getByRole('link', { name: 'Disputes about the moderation' }).click();
      await prac.page.waitForURL(`${t.baseUrl}/audits/${audits.withJs}/disputes`);
      await expectAccessible(prac.page);
      await prac.page.getByRole('button', { name: 'Raise the dispute' }).click();
      await expect(errorSummary(prac.page)).resolves.toEqual([{ text: expect.stringMatching(/^The reason /), href: '#reason' }]);
      await expectAccessible(prac.page);
      await prac.page.locator('textarea[name=reason]').fill('The plan was reviewed on time; the file shows it.');
      await prac.page.getByRole('button', { name: 'Raise the dispute' }).click();
      await expect(prac.page.locator('[data-test=disputes]').textContent()).resolves.toMatch(/Open[\s\S]*Raised by prac as the practitioner/);
      await expect(prac.page.getByRole('button', { name: 'Raise the dispute' }).count()).resolves.toBe(0);
      await prac.close();

      // The moderator: no answer to "settled?" is refused, and the note typed is kept.
      const mod = await as('mod');
      await mod.page.goto(`${t.baseUrl}/audits/${audits.withJs}/disputes`);
      await mod.page.locator('textarea[name=note]').fill('Discussed on the phone; we still disagree about the review dates.');
      await mod.page.getByRole('button', { name: 'Record the discussion' }).click();
      await expect(errorSummary(mod.page)).resolves.toEqual([{ text: 'Say whether the discussion settled the dispute', href: '#resolved' }]);
      await expect(mod.page.locator('textarea[name=note]').inputValue()).resolves.toMatch(/still disagree/);
      await expectAccessible(mod.page);
      await mod.page.locator('input[name=resolved][value=no]').check();
      await mod.page.getByRole('button', { name: 'Record the discussion' }).click();
      await expect(mod.page.locator('[data-test=disputes]').textContent()).resolves.toMatch(/Not settled/);
      await mod.close();

      // The head of service: a grade with no rationale is refused by the API, the grade kept.
      const hos = await as('hos');
      await hos.page.goto(`${t.baseUrl}/audits/${audits.withJs}`);
      await hos.page.locator('[data-test=case-links]').getByRole('link', { name: 'Disputes about the moderation' }).click();
      const before = await t.eventCount();
      await hos.page.locator('input[name=grade][value=REQUIRES_IMPROVEMENT]').check();
      await hos.page.getByRole('button', { name: 'Record the decision' }).click();
      await expect(errorSummary(hos.page)).resolves.toEqual([{ text: expect.stringMatching(/^The rationale /), href: '#rationale' }]);
      await expect(hos.page.locator('input[name=grade][value=REQUIRES_IMPROVEMENT]').isChecked()).resolves.toBe(true);
      expect(await t.eventCount()).toBe(before);
      await expectAccessible(hos.page);
      await hos.page.locator('textarea[name=rationale]').fill('The reviews were late twice: Requires improvement.');
      await hos.page.getByRole('button', { name: 'Record the decision' }).click();
      await expect(hos.page.locator('[data-test=disputes]').textContent()).resolves.toMatch(/Decided/);
      await expect(hos.page.locator('main').textContent()).resolves.toMatch(/Good to Requires improvement by hos/);
      await expectAccessible(hos.page);
      await screenshot(hos.page, 'disputes');
      await hos.close();

      const { audit } = await t.ok(DISPUTES, { id: audits.withJs });
      expect(audit).toMatchObject({ currentGrade: 'REQUIRES_IMPROVEMENT', disputes: [{ status: 'DECIDED', raisedById: 'prac', raisedAs: 'PRACTITIONER' }] });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, the team manager raises one and the moderator settles it',
    async () => {
      const tm = await as('tm', false);
      await tm.page.goto(`${t.baseUrl}/audits/${audits.withoutJs}/disputes`);
      await tm.page.locator('textarea[name=reason]').fill('Supervision is recorded in the team log.');
      await tm.page.getByRole('button', { name: 'Raise the dispute' }).click();
      await tm.page.waitForURL(`${t.baseUrl}/audits/${audits.withoutJs}/disputes`);
      await tm.close();
      const mod = await as('mod', false);
      await mod.page.goto(`${t.baseUrl}/audits/${audits.withoutJs}/disputes`);
      await mod.page.locator('input[name=resolved][value=yes]').check();
      await mod.page.locator('textarea[name=note]').fill('Agreed once the log was shared.');
      await mod.page.getByRole('button', { name: 'Record the discussion' }).click();
      await mod.page.waitForURL(`${t.baseUrl}/audits/${audits.withoutJs}/disputes`);
      await mod.close();
      const { audit } = await t.ok(DISPUTES, { id: audits.withoutJs });
      expect(audit).toMatchObject({ currentGrade: 'GOOD', disputes: [{ status: 'SETTLED', raisedAs: 'TEAM_MANAGER' }] });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'a practitioner cannot decide a dispute, nor an auditor raise one: the API refuses the forms; nothing is appended',
    async () => {
      const { audit } = await t.ok(DISPUTES, { id: audits.withoutJs });
      const prac = await as('prac');
      await prac.page.goto(`${t.baseUrl}/audits/${audits.withJs}/disputes`);
      await expect(prac.page.getByRole('button', { name: 'Record the decision' }).count()).resolves.toBe(0);
      const csrf = await prac.page.locator('input[name=_csrf]').first().inputValue();
      const before = await t.eventCount();
      const decided = await prac.page.request.post(`${t.baseUrl}/audits/${audits.withoutJs}/disputes/${audit.disputes[0].id}/decision`, {
        form: { _csrf: csrf, _form: 'f1', grade: 'INADEQUATE', rationale: 'x' },
        maxRedirects: 0,
      });
      expect(decided.status()).toBe(403);
      expect(await decided.text()).toMatch(/You cannot see or change this/);
      await prac.close();

      const aud = await as('aud');
      await aud.page.goto(`${t.baseUrl}/audits/${audits.withoutJs}/disputes`);
      await expect(aud.page.getByRole('button', { name: 'Raise the dispute' }).count()).resolves.toBe(0);
      const auditorCsrf = await aud.page.locator('input[name=_csrf]').first().inputValue();
      const raised = await aud.page.request.post(`${t.baseUrl}/audits/${audits.withoutJs}/disputes`, { form: { _csrf: auditorCsrf, _form: 'f2', reason: 'x' }, maxRedirects: 0 });
      expect(raised.status()).toBe(403);
      expect(await t.eventCount()).toBe(before);
      await aud.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
