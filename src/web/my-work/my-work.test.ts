import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { webVisitor } from '../../../test/support/web-visitor.js';
import { allocate, setUpAuthority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * My work as the work queue says it on the day read: audits allocated on 7 December 2026 (due by the
 * end of the month), read again on 5 January 2027 with the service restarted on that day.
 */
describe('My work', () => {
  let t: TestApp;
  let browser: Browser;
  const audits: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    const a = await setUpAuthority(t, ['2026-12']);
    audits.push(await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-2001' }));
    audits.push(await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-2002', auditorId: 'aud2' }));
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists what the person must do, with its due date and a link into it; someone with nothing to do is told so', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('aud');
    const page = await v.get('/my-work');
    expect(page.html).toMatch(/1 thing to do, as of 7 December 2026/);
    expect(page.html).toContain(`href="/audits/${audits[0]}"`);
    expect(page.html).not.toContain(audits[1]);
    expect(page.html).toMatch(/31 December 2026/);
    expect(page.html).not.toMatch(/Overdue/);

    const idle = webVisitor(t.baseUrl);
    await idle.signIn('board');
    expect((await idle.get('/my-work')).html).toMatch(/You have nothing to do at the moment/);
  });

  it(
    'a day past the due date, the audit is tagged overdue and counted',
    async () => {
      t = await t.restart({ APP_CLOCK: '2027-01-05T10:00:00Z' });
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'aud');
      await expect(page.locator('main p').first().textContent()).resolves.toMatch(/1 thing to do, 1 overdue, as of 5 January 2027/);
      await expect(page.locator('[data-test=my-work] .govuk-tag--red').allTextContents()).resolves.toEqual([expect.stringMatching(/^\s*Overdue\s*$/)]);
      await expectAccessible(page);
      await screenshot(page, 'my-work-overdue');
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
