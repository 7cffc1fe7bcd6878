import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { webVisitor } from '../../../test/support/web-visitor.js';
import { allocate, gradeAll, moderatedAudit, Q, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * The audit team's QA and oversight in real Chromium: returning a submitted audit for rectification
 * and invalidating one (each refused first, keeping what was typed), a dip sample with its findings
 * reported to a head of service, and work not improved 4 months after moderation escalated to the
 * divisional director (the service restarted 4 months on). The clock starts on Monday 7 December 2026.
 */
describe('the audit team: returns, invalidation, dip samples and escalations', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let submitted: string;
  let allocated: string;
  let belowGood: string;
  let dipSample: string;
  let inadequate: string;

  const fillDate = async (page: Page, day: string, month: string, year: string) => {
    await page.getByLabel('Day').fill(day);
    await page.getByLabel('Month').fill(month);
    await page.getByLabel('Year').fill(year);
  };

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    const dec = a.cycles['2026-12'];
    submitted = await allocate(t, a, dec, { caseRef: 'EH-3001' });
    await gradeAll(t, a.as.aud, submitted, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId: submitted }, a.as.aud);
    allocated = await allocate(t, a, dec, { caseRef: 'EH-3002', auditorId: 'aud2' });
    belowGood = await moderatedAudit(t, a, dec, 'REQUIRES_IMPROVEMENT', { caseRef: 'EH-3003' });
    inadequate = await moderatedAudit(t, a, dec, 'INADEQUATE', { caseRef: 'EH-3004' });
    await t.ok(Q.uopp, { input: { auditId: inadequate, heldOn: '2026-12-07', chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'] } }, a.as.am);
    const record = `mutation($input: RecordDipSampleInput!) { recordDipSample(input: $input) { id } }`;
    const cases = [
      { caseRef: 'EH-7001', teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'YES' }, { question: 'CLOSURE_Q2', answer: 'NO', comment: 'Closed while risk open' }] },
      { caseRef: 'EH-7002', teamId: 'south', answers: [{ question: 'CLOSURE_Q1', answer: 'PARTIALLY' }] },
    ];
    dipSample = (await t.ok(record, { input: { cycleId: dec, theme: 'CLOSURE', cases } }, a.as.qa)).recordDipSample.id;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'returns a submitted audit for rectification and invalidates another, each refused first with what was typed kept',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/audit-team/audits`);
      await expect(page.locator('main table tbody').first().textContent()).resolves.toMatch(/EH-3001\s*Submitted[\s\S]*EH-3002\s*In progress/);
      await expectAccessible(page);
      await screenshot(page, 'audit-team-audits');

      await page.getByRole('link', { name: 'Return the audit of case EH-3001' }).click();
      const before = await t.eventCount();
      await page.getByLabel('What must be put right').fill('The rationale for section 4 does not match the evidence.');
      // A day that does not exist is the API's refusal (LocalDate), beside the date.
      await fillDate(page, '31', '2', '2027');
      await page.getByRole('button', { name: 'Return the audit' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The day to put it right by /), href: '#rectifyBy-day' }]);
      await fillDate(page, '4', '12', '2026');
      await page.getByRole('button', { name: 'Return the audit' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The day to put it right by must not be in the past/), href: '#rectifyBy-day' }]);
      await expect(page.getByLabel('What must be put right').inputValue()).resolves.toMatch(/section 4/);
      await expect(page.getByLabel('Day').inputValue()).resolves.toBe('4');
      await expectAccessible(page);
      await screenshot(page, 'audit-team-return-error');
      expect(await t.eventCount()).toBe(before);
      await fillDate(page, '14', '12', '2026');
      await page.getByRole('button', { name: 'Return the audit' }).click();
      await page.waitForURL(`${t.baseUrl}/audit-team/audits?done=returned`);
      await expect(page.locator('main table tbody').first().textContent()).resolves.toMatch(/EH-3001\s*Returned for rectification\s*Good\s*14 December 2026/);
      expect((await t.ok(Q.audit, { id: submitted })).audit).toMatchObject({ status: 'RETURNED', deadlines: { rectifyBy: '2026-12-14' } });

      await page.getByRole('link', { name: 'Invalidate the audit of case EH-3002' }).click();
      await page.getByRole('button', { name: 'Invalidate the audit' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The reason must not be empty/), href: '#reason' }]);
      await expectAccessible(page);
      await page.getByLabel('Why the audit is invalidated').fill('The audit was done without contacting the practitioner.');
      await page.getByRole('button', { name: 'Invalidate the audit' }).click();
      await page.waitForURL(`${t.baseUrl}/audit-team/audits?done=invalidated`);
      await expect(page.locator('main').textContent()).resolves.not.toMatch(/EH-3002/);
      expect((await t.ok(Q.audit, { id: allocated })).audit.status).toBe('INVALIDATED');
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "a dip sample's page shows its answers; its findings are refused without a head of service, then sent for sign-off (JavaScript off)",
    async () => {
      const withJs = await openPage(browser);
      await signIn(withJs.page, t.baseUrl, 'qa');
      await withJs.page.goto(`${t.baseUrl}/audit-team/dip-samples`);
      await expectAccessible(withJs.page);
      await withJs.page.getByRole('link', { name: 'Closures' }).click();
      await expect(withJs.page.locator('[data-test=tally] tbody').textContent()).resolves.toMatch(/closure of the Early Help Assessment[\s\S]*1\s*1\s*0\s*0/);
      await expectAccessible(withJs.page);
      await screenshot(withJs.page, 'audit-team-dip-sample');
      await withJs.context.close();

      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/audit-team/dip-samples/${dipSample}`);
      await page.getByLabel('Key findings').fill('Closures are timely.\n\nRisk is not always reviewed before closure.');
      await page.getByRole('button', { name: 'Send the findings for sign-off' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'Select the head of service who signs the findings off', href: '#headOfServiceId' }]);
      await expect(page.getByLabel('Key findings').inputValue()).resolves.toMatch(/Risk is not always reviewed/);
      await page.locator('#headOfServiceId').selectOption('hos');
      await page.getByRole('button', { name: 'Send the findings for sign-off' }).click();
      await page.waitForURL(`${t.baseUrl}/audit-team/dip-samples/${dipSample}`);
      await expect(page.locator('[data-test=findings] li').allTextContents()).resolves.toEqual(['Closures are timely.', 'Risk is not always reviewed before closure.']);
      const { dipSample: stored } = await t.ok(`query($id: ID!) { dipSample(id: $id) { status findings headOfServiceId } }`, { id: dipSample });
      expect(stored).toEqual({ status: 'FINDINGS_REPORTED', findings: ['Closures are timely.', 'Risk is not always reviewed before closure.'], headOfServiceId: 'hos' });
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'the EH coordinator lead records the weekly progress on Inadequate work, refused first without saying whether it is on track; the audit team reads it',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'coord');
      await page.goto(`${t.baseUrl}/audit-team/inadequate-work/${inadequate}`);
      await expect(page.locator('main').textContent()).resolves.toMatch(/No weekly progress has been recorded yet/);
      await expectAccessible(page);
      await page.getByLabel('Progress this week').fill('Safety plan reviewed; attendance improving.');
      await page.getByRole('button', { name: 'Record progress' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'Select whether the work is progressing to Good as the plan asks', href: '#onTrack' }]);
      await expect(page.getByLabel('Progress this week').inputValue()).resolves.toMatch(/attendance improving/);
      await expectAccessible(page);
      await page.getByLabel('Yes').check();
      await page.getByRole('button', { name: 'Record progress' }).click();
      await page.waitForURL(`${t.baseUrl}/audit-team/inadequate-work/${inadequate}`);
      await expect(page.locator('[data-test=progress] tbody').textContent()).resolves.toMatch(/7 December 2026\s*Safety plan reviewed; attendance improving.\s*Yes/);
      await context.close();

      const qa = webVisitor(t.baseUrl);
      await qa.signIn('qa');
      const read = await qa.get(`/audit-team/inadequate-work/${inadequate}`);
      expect(read.status).toBe(200);
      expect(read.html).toContain('Safety plan reviewed; attendance improving.');
      expect(read.html).toContain('Case EH-3004');
      expect(read.html).not.toContain('Record progress');
      const before = await t.eventCount();
      expect((await qa.post(`/audit-team/inadequate-work/${inadequate}`, { ...qa.tokens(read.html), progress: 'x', onTrack: 'yes' })).status).toBe(403);
      expect(await t.eventCount()).toBe(before);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it('a practitioner is refused the QA, escalation and dip-sample pages and forms', async () => {
    const prac = webVisitor(t.baseUrl);
    await prac.signIn('prac');
    for (const path of ['/audit-team/audits', `/audit-team/audits/${submitted}/invalidate`, '/audit-team/escalations', `/audit-team/escalations/${belowGood}`, '/audit-team/dip-samples', `/audit-team/dip-samples/${dipSample}`, `/audit-team/inadequate-work/${inadequate}`]) {
      expect({ path, status: (await prac.get(path)).status }).toEqual({ path, status: 403 });
    }
    const home = await prac.get('/my-work');
    const before = await t.eventCount();
    expect((await prac.post(`/audit-team/audits/${submitted}/invalidate`, { ...prac.tokens(home.html), reason: 'no' })).status).toBe(403);
    expect(await t.eventCount()).toBe(before);
  });

  it(
    'four months after moderation, work not improved is due; the audit team escalates it to the divisional director, refused first without a summary',
    async () => {
      t = await t.restart({ APP_CLOCK: '2027-04-20T10:00:00Z' });
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'qa');
      await page.goto(`${t.baseUrl}/audit-team/escalations`);
      const row = page.locator('[data-test=escalations] tbody tr', { hasText: 'EH-3003' });
      await expect(row.textContent()).resolves.toMatch(/Requires improvement[\s\S]*Due for escalation/);
      await expectAccessible(page);
      await screenshot(page, 'audit-team-escalations');
      await row.getByRole('link', { name: /Escalate/ }).click();
      await page.getByRole('button', { name: 'Escalate' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The summary must not be empty/), href: '#summary' }]);
      await expectAccessible(page);
      await page.getByLabel('Summary for the divisional director').fill('The plan has not moved on since moderation; supervision has not taken place.');
      await page.getByRole('button', { name: 'Escalate' }).click();
      await page.waitForURL(/\/audit-team\/escalations\?escalated=EH-3003/);
      await expect(row.textContent()).resolves.toMatch(/Escalated\s+on 20 April 2027[\s\S]*supervision has not taken place/);
      const { improvementEscalations } = await t.ok(`{ improvementEscalations { auditId status summary } }`);
      expect(improvementEscalations.find((e: { auditId: string }) => e.auditId === belowGood)).toMatchObject({ status: 'ESCALATED' });
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
