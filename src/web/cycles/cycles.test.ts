import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { webVisitor } from '../../../test/support/web-visitor.js';
import { moderatedAudit, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * The audit team's cycle pages in real Chromium, against the service on PostgreSQL, on 7 December
 * 2026: scheduling a cycle, its KLOEs, the KLOE meeting and the three approvals (BEF-1 to BEF-6), the
 * sample with cases chosen by hand and the 12-month override (BEF-8 to BEF-12), allocation with an
 * untrained auditor refused (PPL-3), reallocation, closing refused (BEF-7), re-audits (BEF-10), the
 * Practice Day (BEF-14) and the key practice points. Every refusal keeps what was typed.
 */

/** Every line of the error summary, linked or not. */
const summaryLines = (page: Page) => page.locator('.govuk-error-summary__list li').allTextContents().then((l) => l.map((x) => x.trim()));

/** Script errors and CSP refusals; a refused form is answered 400 by design, which the console reports too. */
const pageErrors = (page: Page) => browserErrors(page).filter((e) => !/status of 400 \(Bad Request\)/.test(e));

async function fillDate(page: Page, prefix: string, day: string, month: string, year: string) {
  await page.locator(`#${prefix}-day`).fill(day);
  await page.locator(`#${prefix}-month`).fill(month);
  await page.locator(`#${prefix}-year`).fill(year);
}

describe('the cycle pages', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let youth: string;
  const UNTRAINED = 'aud-new';

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t);
    // An auditor whose training is not recorded (PPL-3).
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: UNTRAINED, name: 'Staff aud-new', email: 'aud-new@council.example', teamId: 'youth', roles: ['AUDITOR'] },
    });
    // Work below Good in December, for February's re-audit (BEF-10).
    await moderatedAudit(t, a, a.cycles['2026-12'], 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-0901' });
    // A cycle whose month 4 has come: November 2026 (BEF-14).
    youth = (await t.ok(`mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`, { input: { name: 'Youth August 2026', service: 'Targeted Youth', month: '2026-08' } }))
      .scheduleCycle.id;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses by role: an auditor sees no scheduling form, and a posted one is refused; the sample and allocation are the audit team\'s', async () => {
    const auditor = webVisitor(t.baseUrl);
    await auditor.signIn('aud');
    const list = await auditor.get('/cycles');
    expect(list.status).toBe(200);
    expect(list.html).toContain('Early Help 2026-12');
    expect(list.html).not.toContain('Schedule a cycle');
    const before = await t.eventCount();
    const refused = await auditor.post('/cycles', { ...auditor.tokens(list.html), name: 'Mine', service: 'Early Help', month: '2027-05' });
    expect(refused.status).toBe(403);
    expect(await t.eventCount()).toBe(before);
    expect((await auditor.get(`/cycles/${a.cycles['2026-12']}/sample`)).status).toBe(403);
    expect((await auditor.get(`/cycles/${a.cycles['2026-12']}/allocate`)).status).toBe(403);
    expect((await auditor.get(`/cycles/${a.cycles['2026-12']}/practice-day`)).status).toBe(403);
    expect((await auditor.get('/cycles/no-such-cycle')).status).toBe(404);

    // The divisional director approves; the cycle page offers nothing else.
    const dd = webVisitor(t.baseUrl);
    await dd.signIn('dd');
    const page = await dd.get(`/cycles/${a.cycles['2026-12']}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('Approve the KLOEs'); // approved already (setUpAuthority)
    expect(page.html).not.toContain('Schedule');
    expect(page.html).not.toContain('Close the cycle');
    expect(page.html).toMatch(/Divisional director<\/th>\s*<td[^>]*>\s*Staff dd/);

    // The head of service reads the sample, with no form to propose one.
    const hos = webVisitor(t.baseUrl);
    await hos.signIn('hos');
    const sample = await hos.get(`/cycles/${a.cycles['2026-12']}/sample`);
    expect(sample.status).toBe(200);
    expect(sample.html).not.toContain('Propose the sample');
  });

  it('shows the refusals of the cycle page\'s forms in the error summary, keeping what was typed, and appends nothing', async () => {
    const qa = webVisitor(t.baseUrl);
    await qa.signIn('qa');
    const dec = a.cycles['2026-12'];
    const before = await t.eventCount();

    // BEF-6: agreeing no KLOEs.
    const cyclePage = await qa.get(`/cycles/${dec}`);
    const emptied = await qa.post(`/cycles/${dec}/kloes`, { ...qa.tokens(cyclePage.html), kloes: '  ' });
    expect(emptied.status).toBe(400);
    expect(emptied.html).toContain('At least one key line of enquiry is required');
    expect(emptied.html).toMatch(/<details class="govuk-details" open>/);

    // BEF-3: the audit team does not approve (403); an approver before the KLOE meeting is told why.
    expect((await qa.post(`/cycles/${youth}/approve`, qa.tokens(cyclePage.html))).status).toBe(403);
    const hos = webVisitor(t.baseUrl);
    await hos.signIn('hos');
    const early = await hos.post(`/cycles/${youth}/approve`, hos.tokens((await hos.get(`/cycles/${youth}`)).html));
    expect(early.status).toBe(400);
    expect(early.html).toMatch(/govuk-error-summary[\s\S]*BEF-3: the KLOEs of cycle [^ ]+ are approved after the KLOE meeting/);

    // BEF-4: no allocation in a cycle whose KLOEs are not approved; the form keeps what was chosen.
    const form = await qa.get(`/cycles/${youth}/allocate`);
    const allocation = { caseRef: 'TY-1', teamId: 'youth', practitionerId: 'prac', teamManagerId: 'tm-youth', auditorId: 'aud', moderatorId: 'mod', templateId: '' };
    const refused = await qa.post(`/cycles/${youth}/allocate`, { ...qa.tokens(form.html), ...allocation });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/govuk-error-summary[\s\S]*BEF-4/);
    expect(refused.html).toContain('value="TY-1"');
    expect(refused.html).toMatch(/<option value="tm-youth" selected>/);

    // A form not filled in is refused before the API is asked.
    const blank = await qa.post(`/cycles/${dec}/allocate`, qa.tokens(form.html));
    expect(blank.status).toBe(400);
    expect(blank.html).toContain('href="#auditorId">Choose the auditor');
    const age = await qa.post(`/cycles/${dec}/allocate`, { ...qa.tokens(form.html), ...allocation, childAge: 'seven' });
    expect(age.status).toBe(400);
    expect(age.html).toContain('href="#childAge">The child&#39;s age must be a whole number');
    expect(age.html).toContain('value="seven"');
    const count = await qa.post(`/cycles/${dec}/reaudits`, { ...qa.tokens(form.html), count: 'some' });
    expect(count.status).toBe(400);
    expect(count.html).toContain('value="some"');
    expect(await t.eventCount()).toBe(before);
  });

  it(
    'the audit team schedules a cycle and agrees its KLOEs; the meeting is recorded; each approver approves on the cycle page (JavaScript on, axe on every page)',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'qa');
      await page.getByRole('link', { name: 'Cycles' }).click();
      await page.waitForURL(`${t.baseUrl}/cycles`);
      await expectAccessible(page);
      await screenshot(page, 'cycles');

      // Refused: the month is not YYYY-MM; what was typed stays.
      const before = await t.eventCount();
      await page.getByLabel('Name').fill('Early Help April 2027');
      await page.getByRole('textbox', { name: 'Service', exact: true }).fill('Early Help');
      await page.getByLabel('Audit month').fill('April');
      await page.getByLabel('Key lines of enquiry (KLOEs) (optional)').fill('Is the voice of the child heard?');
      await page.getByRole('button', { name: 'Schedule the cycle' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The month must be YYYY-MM/), href: '#month' }]);
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Early Help April 2027');
      await expect(page.getByLabel('Key lines of enquiry (KLOEs) (optional)').inputValue()).resolves.toBe('Is the voice of the child heard?');
      expect(await t.eventCount()).toBe(before);
      await expectAccessible(page);

      await page.getByLabel('Audit month').fill('2027-04');
      await page.getByRole('button', { name: 'Schedule the cycle' }).click();
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/The cycle is scheduled/);
      const cycleUrl = page.url().replace(/\?.*$/, '');
      const cycleId = cycleUrl.split('/').pop()!;
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Early Help April 2027/);
      await expectAccessible(page);

      // The KLOEs changed: two now.
      await page.getByText('Agree or change the KLOEs').click();
      await page.getByLabel('The KLOEs, one a line').fill('Is the voice of the child heard?\nAre step downs timely?');
      await page.getByRole('button', { name: 'Agree the KLOEs' }).click();
      await expect(page.locator('[data-test=kloes] li').allTextContents()).resolves.toEqual(['Is the voice of the child heard?', 'Are step downs timely?']);

      // The KLOE meeting: refused in the future (BEF-1), the ticks kept; then recorded.
      await fillDate(page, 'heldOn', '20', '12', '2026');
      await page.locator('input[name=attendeeIds][value=hos]').check();
      await page.locator('input[name=attendeeIds][value=coord]').check();
      await page.getByRole('button', { name: 'Record the KLOE meeting' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The day of the meeting must not be in the future/), href: '#heldOn-day' }]);
      await expect(page.locator('input[name=attendeeIds][value=hos]').isChecked()).resolves.toBe(true);
      await expect(page.locator('#heldOn-day').inputValue()).resolves.toBe('20');
      await expectAccessible(page);
      await fillDate(page, 'heldOn', '4', '12', '2026');
      await page.locator('input[name=attendeeIds][value=qa]').check();
      await page.getByRole('button', { name: 'Record the KLOE meeting' }).click();
      await expect(page.locator('[data-test=meeting]').textContent()).resolves.toMatch(/4 December 2026[\s\S]*Staff hos, Staff coord, Staff qa|4 December 2026/);
      await expect(page.getByRole('button', { name: 'Approve the KLOEs' }).count()).resolves.toBe(0); // not the audit team's to approve
      await expect(page.getByRole('link', { name: 'Allocate an audit' }).count()).resolves.toBe(0); // BEF-4

      // BEF-3: each of the three posts approves on the cycle page.
      for (const approver of ['hos', 'coord', 'dd']) {
        const other = await openPage(browser);
        await signIn(other.page, t.baseUrl, approver);
        await other.page.goto(cycleUrl);
        if (approver === 'hos') await expectAccessible(other.page);
        await other.page.getByRole('button', { name: 'Approve the KLOEs' }).click();
        await expect(other.page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/You approved the KLOEs/);
        await expect(other.page.getByRole('button', { name: 'Approve the KLOEs' }).count()).resolves.toBe(0);
        expect(pageErrors(other.page)).toEqual([]);
        await other.context.close();
      }
      await page.goto(cycleUrl);
      await expect(page.locator('[data-test=approvals] tbody tr').allTextContents()).resolves.toEqual([
        expect.stringMatching(/Head of service\s*Staff hos\s*7 December 2026/),
        expect.stringMatching(/EH coordinator lead\s*Staff coord\s*7 December 2026/),
        expect.stringMatching(/Divisional director\s*Staff dd\s*7 December 2026/),
      ]);
      const { cycle } = await t.ok(`query($id: ID!) { cycle(id: $id) { kloesApproved kloes } }`, { id: cycleId });
      expect(cycle).toEqual({ kloesApproved: true, kloes: ['Is the voice of the child heard?', 'Are step downs timely?'] });

      // The sample: a line that is not a case is refused, what was typed kept.
      await page.getByRole('link', { name: 'Choose the sample of cases' }).click();
      await expectAccessible(page);
      await page.getByLabel('The open cases put forward').fill('EH-3001, north, prac, tm\nEH-3002, north');
      await page.getByLabel('Team north').fill('1');
      await page.getByRole('button', { name: 'Propose the sample' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^Line 2 of the cases/), href: '#candidates' }]);
      await expect(page.getByLabel('Team north').inputValue()).resolves.toBe('1');
      // Drawn at random, one chosen by hand for a KLOE, one audited this month kept in the draw.
      await page.getByLabel('The open cases put forward').fill('EH-3001, north, prac, tm\nEH-3002, north, prac2, tm, White British, 7, 14\nEH-3003, north, prac, tm\nEH-0901, north, prac, tm');
      await page.getByLabel('Team north').fill('');
      await page.getByLabel('From the whole service, after the teams').fill('1');
      await page.getByLabel('Cases chosen by hand for the KLOEs (optional)').fill('EH-3003: a step down, for the second KLOE');
      await page.getByLabel('Cases audited in the last 12 months to keep in the draw (optional)').fill('EH-0901: still below Good');
      await page.getByRole('button', { name: 'Propose the sample' }).click();
      await expect(page.locator('[data-test=sample] tbody tr').count()).resolves.toBe(2);
      await expect(page.locator('[data-test=sample] tbody tr', { hasText: 'EH-3003' }).textContent()).resolves.toMatch(/Chosen by hand[\s\S]*a step down, for the second KLOE/);
      await expect(page.locator('[data-test=overrides]').textContent()).resolves.toMatch(/EH-0901.*still below Good/);
      await expectAccessible(page);
      await screenshot(page, 'cycle-sample');

      // Allocation from the sample: an untrained auditor refused beside the field (PPL-3), the choices kept.
      await page.locator('[data-test=sample] tbody tr', { hasText: 'EH-3003' }).getByRole('link', { name: /Allocate/ }).click();
      await expect(page.getByLabel('Case reference').inputValue()).resolves.toBe('EH-3003');
      await expect(page.locator('#practitionerId').inputValue()).resolves.toBe('prac');
      await page.locator('#auditorId').selectOption(UNTRAINED);
      await page.locator('#moderatorId').selectOption('mod');
      const beforeAllocation = await t.eventCount();
      await page.getByRole('button', { name: 'Allocate the audit' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^PPL-3: auditor aud-new has no record of completing the audit team's training/), href: '#auditorId' }]);
      await expect(page.locator('#auditorId').inputValue()).resolves.toBe(UNTRAINED);
      await expect(page.locator('#moderatorId').inputValue()).resolves.toBe('mod');
      expect(await t.eventCount()).toBe(beforeAllocation);
      await expectAccessible(page);
      await screenshot(page, 'cycle-allocate-refused');
      await page.locator('#auditorId').selectOption('aud');
      await page.getByRole('button', { name: 'Allocate the audit' }).click();
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/The audit is allocated/);
      await expect(page.locator('[data-test=audits] tbody tr').allTextContents()).resolves.toEqual([expect.stringMatching(/EH-3003\s*Staff aud\s*Staff mod\s*In progress/)]);

      // Reallocation: nothing changed is refused; a new auditor with a reason is not.
      await page.getByRole('link', { name: /Reallocate/ }).click();
      await page.getByRole('button', { name: 'Reallocate the audit' }).click();
      expect(await errorSummary(page)).toEqual([
        { text: 'Choose a new auditor or a new moderator', href: '#auditorId' },
        { text: 'Enter why the audit is reallocated', href: '#reason' },
      ]);
      await page.locator('#auditorId').selectOption('aud2');
      await page.getByLabel('Why is the audit reallocated?').fill('Staff aud is on leave this month');
      await page.getByRole('button', { name: 'Reallocate the audit' }).click();
      await expect(page.locator('[data-test=audits] tbody tr').allTextContents()).resolves.toEqual([expect.stringMatching(/EH-3003\s*Staff aud2/)]);
      await screenshot(page, 'cycle');

      // BEF-7: not closed while an audit is in progress.
      await page.getByRole('button', { name: 'Close the cycle' }).click();
      expect((await summaryLines(page)).join(' ')).toMatch(/moderated or invalidated|not moderated|still/i);
      await expectAccessible(page);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "re-audits of the previous cycle's work below Good, the Practice Day and the key practice points (JavaScript on)",
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/cycles/${a.cycles['2027-02']}/reaudits`);
      await page.getByRole('button', { name: 'Propose re-audit candidates' }).click();
      const row = page.locator('[data-test=candidates] tbody tr', { hasText: 'EH-0901' });
      await expect(row.textContent()).resolves.toMatch(/Requires improvement/);
      await expectAccessible(page);
      await row.getByRole('link', { name: /Allocate a re-audit/ }).click();
      await page.locator('#auditorId').selectOption(UNTRAINED);
      await page.locator('#moderatorId').selectOption('mod2');
      await page.getByRole('button', { name: 'Allocate the re-audit' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^PPL-3/), href: '#auditorId' }]);
      await expect(page.locator('#moderatorId').inputValue()).resolves.toBe('mod2');
      await expectAccessible(page);
      await page.locator('#auditorId').selectOption('aud2');
      await page.getByRole('button', { name: 'Allocate the re-audit' }).click();
      await expect(page.locator('[data-test=candidates] tbody tr', { hasText: 'EH-0901' }).getByRole('link', { name: /Allocated/ }).count()).resolves.toBe(1);

      // BEF-14: month 4 of an August cycle is November.
      await page.goto(`${t.baseUrl}/cycles/${youth}`);
      await page.getByRole('link', { name: 'Record the Practice Day' }).click();
      await expectAccessible(page);
      await fillDate(page, 'heldOn', '15', '10', '2026');
      await page.getByLabel('What leaders saw of practice').fill('Warm, purposeful visits');
      await page.getByRole('button', { name: 'Record the Practice Day' }).click();
      expect((await summaryLines(page)).join(' ')).toMatch(/BEF-14|month 4/);
      await expect(page.getByLabel('What leaders saw of practice').inputValue()).resolves.toBe('Warm, purposeful visits');
      await fillDate(page, 'heldOn', '20', '11', '2026');
      await page.getByLabel('What children and families said').fill('The worker listened to us');
      await page.getByRole('button', { name: 'Record the Practice Day' }).click();
      await expect(page.locator('[data-test=programme]').textContent()).resolves.toMatch(/Held on 20 November 2026/);
      await expect(page.locator('[data-test=practice-day]').textContent()).resolves.toMatch(/Warm, purposeful visits[\s\S]*The worker listened to us/);

      // The key practice points: none refused, two published.
      await page.getByRole('link', { name: 'Publish the key practice points' }).click();
      await page.getByRole('button', { name: 'Publish the key practice points' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'At least one key practice point is required', href: '#points' }]);
      await page.getByLabel(/The key practice points, one a line/).fill('Hear the child in every plan\nRecord why a case steps down');
      await page.getByRole('button', { name: 'Publish the key practice points' }).click();
      await expect(page.locator('[data-test=points] li').allTextContents()).resolves.toEqual(['Hear the child in every plan', 'Record why a case steps down']);
      await expectAccessible(page);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'works with JavaScript off: scheduling, the KLOE meeting, and the head of service approving',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/cycles`);
      await page.getByLabel('Name').fill('Early Help May 2027');
      await page.getByRole('textbox', { name: 'Service', exact: true }).fill('Early Help');
      await page.getByLabel('Audit month').fill('2027-05');
      await page.getByRole('button', { name: 'Schedule the cycle' }).click();
      const cycleUrl = page.url().replace(/\?.*$/, '');
      await page.getByText('Agree or change the KLOEs').click();
      await page.getByLabel('The KLOEs, one a line').fill('Is management oversight driving the work?');
      await page.getByRole('button', { name: 'Agree the KLOEs' }).click();
      await page.getByRole('button', { name: 'Record the KLOE meeting' }).click();
      expect(await errorSummary(page)).toEqual([
        { text: 'Enter the day the KLOE meeting was held', href: '#heldOn-day' },
        { text: 'Select the staff who attended the KLOE meeting', href: '#attendeeIds' },
      ]);
      await fillDate(page, 'heldOn', '1', '12', '2026');
      await page.locator('input[name=attendeeIds][value=hos]').check();
      await page.locator('input[name=attendeeIds][value=coord]').check();
      await page.getByRole('button', { name: 'Record the KLOE meeting' }).click();
      await expect(page.locator('[data-test=meeting]').textContent()).resolves.toMatch(/1 December 2026/);
      await context.close();

      const hos = await openPage(browser, { javaScript: false });
      await signIn(hos.page, t.baseUrl, 'hos');
      await hos.page.goto(cycleUrl);
      await hos.page.getByRole('button', { name: 'Approve the KLOEs' }).click();
      await expect(hos.page.locator('[data-test=approvals] tbody tr').first().textContent()).resolves.toMatch(/Head of service\s*Staff hos/);
      await hos.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
