import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { webVisitor } from '../../../test/support/web-visitor.js';
import { setUpAuthority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * The audit team's hub, people and teams in real Chromium: registering a person with roles and a
 * team, a refused registration keeping what was typed, an auditor's training, a team (with
 * JavaScript off), and a practitioner refused every page.
 */
describe('the audit team: people and teams', () => {
  let t: TestApp;
  let browser: Browser;
  const STAFF_QUERY = `{ staff { id name email teamId roles auditorTrainingCompletedOn } }`;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    await setUpAuthority(t, []);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'the audit team registers a person with roles and a team, is refused a duplicate keeping what was typed, and records training',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'qa');
      await page.getByRole('link', { name: 'Audit team' }).first().click();
      await page.waitForURL(`${t.baseUrl}/audit-team`);
      await expect(page.locator('[data-test=audit-team-hub] a').count()).resolves.toBe(6);
      await expectAccessible(page);
      await page.getByRole('link', { name: /People: staff/ }).click();

      await expect(page.locator('[data-test=people] tbody tr').count()).resolves.toBeGreaterThan(10);
      await page.getByRole('button', { name: 'Register a person' }).click();
      await page.waitForURL(`${t.baseUrl}/audit-team/people/new`);
      await expectAccessible(page);

      // Refused: nothing ticked, and a staff ID already registered. The form keeps what was typed.
      const before = await t.eventCount();
      await page.getByLabel('Staff ID').fill('aud');
      await page.getByLabel('Full name').fill('Nia Auditor');
      await page.getByLabel('Work email address').fill('nia@council.example');
      await page.locator('#teamId').selectOption('youth');
      await page.getByRole('button', { name: 'Register' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The roles /), href: '#roles' }]);
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await expect(page.getByLabel('Full name').inputValue()).resolves.toBe('Nia Auditor');
      await expect(page.locator('#teamId').inputValue()).resolves.toBe('youth');
      await expectAccessible(page);
      await page.getByLabel('Auditor', { exact: true }).check();
      await page.getByRole('button', { name: 'Register' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/already registered/), href: '#id' }]);
      await expect(page.getByLabel('Auditor', { exact: true }).isChecked()).resolves.toBe(true);
      expect(await t.eventCount()).toBe(before);

      await page.getByLabel('Staff ID').fill('aud-nia');
      await page.getByLabel('Moderator', { exact: true }).check();
      await page.getByRole('button', { name: 'Register' }).click();
      await page.waitForURL(/\/audit-team\/people\?registered=aud-nia/);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/Nia Auditor is registered/);
      const row = page.locator('[data-test=people] tbody tr', { hasText: 'aud-nia' });
      await expect(row.textContent()).resolves.toMatch(/Team youth[\s\S]*Auditor, Moderator[\s\S]*Not recorded/);
      await expectAccessible(page);
      await screenshot(page, 'people');

      // Training: a date in the future is the API's refusal, beside the date; then a real one.
      await row.getByRole('link', { name: /Record training/ }).click();
      await page.getByLabel('Day').fill('8');
      await page.getByLabel('Month').fill('12');
      await page.getByLabel('Year').fill('2026');
      await page.getByRole('button', { name: 'Record training' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The day completed must not be in the future/), href: '#completedOn-day' }]);
      await expect(page.getByLabel('Day').inputValue()).resolves.toBe('8');
      await expectAccessible(page);
      await page.getByLabel('Day').fill('1');
      await page.getByRole('button', { name: 'Record training' }).click();
      await page.waitForURL(`${t.baseUrl}/audit-team/people`);
      await expect(page.locator('[data-test=people] tbody tr', { hasText: 'aud-nia' }).textContent()).resolves.toMatch(/Completed 1 December 2026/);

      const { staff } = await t.ok(STAFF_QUERY);
      expect(staff.find((s: { id: string }) => s.id === 'aud-nia')).toEqual({
        id: 'aud-nia',
        name: 'Nia Auditor',
        email: 'nia@council.example',
        teamId: 'youth',
        roles: ['AUDITOR', 'MODERATOR'],
        auditorTrainingCompletedOn: '2026-12-01',
      });
      // The refused forms answered 400, as they should; nothing else went wrong in the page.
      expect(browserErrors(page).filter((e) => !/status of 400/.test(e))).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, a team is refused without a service (keeping what was typed) and then registered',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/audit-team/teams`);
      const before = await t.eventCount();
      await page.getByLabel('Team ID').fill('east');
      await page.getByLabel('Name', { exact: true }).fill('Team east');
      await page.getByRole('button', { name: 'Register the team' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'The service must not be empty', href: '#service' }]);
      await expect(page.getByLabel('Team ID').inputValue()).resolves.toBe('east');
      expect(await t.eventCount()).toBe(before);
      await page.locator('#service').fill('Early Help');
      await page.getByRole('button', { name: 'Register the team' }).click();
      await page.waitForURL(`${t.baseUrl}/audit-team/teams`);
      await expect(page.locator('[data-test=teams] tbody').textContent()).resolves.toMatch(/Team east\s*east\s*Early Help/);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it('a practitioner is refused every audit team page; an audit manager reads them but is refused the forms', async () => {
    const prac = webVisitor(t.baseUrl);
    await prac.signIn('prac');
    for (const path of ['/audit-team', '/audit-team/people', '/audit-team/people/new', '/audit-team/teams', '/audit-team/people/aud/training']) {
      const page = await prac.get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 403 });
    }
    const home = await prac.get('/my-work');
    expect(home.html).not.toContain('href="/audit-team"');
    const posted = await prac.post('/audit-team/teams', { ...prac.tokens(home.html), id: 'west', name: 'Team west', service: 'Early Help' });
    expect(posted.status).toBe(403);

    const am = webVisitor(t.baseUrl);
    await am.signIn('am');
    expect((await am.get('/audit-team/people')).status).toBe(200);
    expect((await am.get('/audit-team/people/new')).status).toBe(403);
  });
});
