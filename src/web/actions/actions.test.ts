import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { allocate, Q, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

/**
 * SMART actions in real Chromium, against the service on PostgreSQL (clock: 7 December 2026): the
 * auditor agrees an action with a real due date (GOV.UK date input and its messages); the
 * practitioner acknowledges it and records progress; the team manager sees it among the team's
 * actions and drops one with a reason and completes their own; the audit team's tracker filters them. Refusals keep what was
 * typed and append nothing; people without the role are refused the pages.
 */

async function fillDate(page: Page, name: string, day: string, month: string, year: string) {
  await page.locator(`#${name}-day`).fill(day);
  await page.locator(`#${name}-month`).fill(month);
  await page.locator(`#${name}-year`).fill(year);
}

const notRefusedLoads = (page: Page) => browserErrors(page).filter((e) => !/responded with a status of 4\d\d/.test(e));

describe('SMART actions in the browser', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  let auditId: string;
  let otherAuditId: string;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-4001' });
    otherAuditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-4002', auditorId: 'aud2' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'the auditor agrees an action from the audit: GOV.UK date messages keep what was typed, the API refuses a past date, a real date is agreed',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'aud');
      await page.goto(`${t.baseUrl}/audits/${auditId}`);
      await page.getByRole('link', { name: 'Agree an action' }).click();
      await page.waitForURL(`${t.baseUrl}/audits/${auditId}/actions/new`);
      await expectAccessible(page);

      // Nothing chosen and no date: the owner and the date, in GOV.UK's words; nothing appended.
      const before = await t.eventCount();
      await page.locator('#description').fill('Review the child’s plan with the family');
      await page.getByRole('button', { name: 'Agree the action' }).click();
      expect(await errorSummary(page)).toEqual([
        { text: 'Select who owns the action', href: '#owner' },
        { text: 'Enter the due date', href: '#dueOn-day' },
      ]);
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await expect(page.locator('#description').inputValue()).resolves.toBe('Review the child’s plan with the family');

      // Not a real date: the day box is marked, every box keeps what was typed.
      await page.locator('input[name=owner][value=practitioner]').check();
      await fillDate(page, 'dueOn', '31', '2', '2027');
      await page.getByRole('button', { name: 'Agree the action' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'The due date must be a real date', href: '#dueOn-day' }]);
      await expect(page.locator('#dueOn-day.govuk-input--error').count()).resolves.toBe(1);
      await expect(page.locator('#dueOn-month').inputValue()).resolves.toBe('2');
      await expect(page.locator('input[name=owner][value=practitioner]').isChecked()).resolves.toBe(true);
      await expectAccessible(page);
      await screenshot(page, 'agree-action-error');

      // A real date in the past: the API's own message, beside the date.
      await fillDate(page, 'dueOn', '1', '12', '2026');
      await page.getByRole('button', { name: 'Agree the action' }).click();
      expect(await errorSummary(page)).toEqual([{ text: expect.stringMatching(/^The due date must not be in the past/), href: '#dueOn-day' }]);
      await expect(page.locator('#dueOn-error').textContent()).resolves.toMatch(/must not be in the past/);
      expect(await t.eventCount()).toBe(before);

      await fillDate(page, 'dueOn', '29', '1', '2027');
      await page.getByRole('button', { name: 'Agree the action' }).click();
      await page.waitForURL(/\/actions\/.+\/.+\?done=agreed/);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/The action has been agreed/);
      await expect(page.locator('[data-test=action]').textContent()).resolves.toMatch(/29 January 2027/);
      await expectAccessible(page);
      await screenshot(page, 'action');

      const { audit } = await t.ok(Q.auditActions, { id: auditId });
      expect(audit.actions).toEqual([expect.objectContaining({ description: 'Review the child’s plan with the family', ownerId: 'prac', dueOn: '2027-01-29', scope: 'CASE', status: 'OPEN' })]);
      // A learning action for the team, owned by the team manager, for the tracker below.
      await t.ok(Q.agreeAction, { input: { auditId, description: 'Team workshop on plans', ownerId: 'tm', dueOn: '2027-02-26', scope: 'TEAM_LEARNING' } }, a.as.aud);
      expect(notRefusedLoads(page)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'the practitioner finds it in My actions, acknowledges it with a comment and records progress (an empty note is refused)',
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'prac');
      await page.getByRole('link', { name: 'Actions', exact: true }).click();
      await page.waitForURL(`${t.baseUrl}/actions`);
      const row = page.locator('[data-test=actions] tbody tr', { hasText: 'Review the child’s plan' });
      await expect(row.textContent()).resolves.toMatch(/29 January 2027/);
      await expectAccessible(page);
      await row.getByRole('link').click();

      await page.locator('#comment').fill('Agreed: we will review it at the next visit.');
      await page.getByRole('button', { name: 'Acknowledge the action' }).click();
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/acknowledgement has been recorded/);
      await expect(page.locator('[data-test=action]').textContent()).resolves.toMatch(/7 December 2026: Agreed: we will review it/);
      await expect(page.getByRole('button', { name: 'Acknowledge the action' }).count()).resolves.toBe(0);

      const before = await t.eventCount();
      await page.locator('#note').fill('   ');
      await page.getByRole('button', { name: 'Record progress' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'The progress note must not be empty', href: '#note' }]);
      expect(await t.eventCount()).toBe(before);
      await expectAccessible(page);
      await page.locator('#note').fill('Plan reviewed with the family on 6 December.');
      await page.getByRole('button', { name: 'Record progress' }).click();
      await expect(page.locator('[data-test=action]').textContent()).resolves.toMatch(/Plan reviewed with the family/);
      expect(notRefusedLoads(page)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "the team manager sees the team's actions with their case and drops one with a reason and completes their own; the audit team's tracker filters them",
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'tm');
      await page.goto(`${t.baseUrl}/actions`);
      await page.getByRole('link', { name: "My team's actions" }).click();
      const row = page.locator('[data-test=actions] tbody tr', { hasText: 'Review the child’s plan' });
      await expect(row.textContent()).resolves.toMatch(/Case EH-4001/);
      // The team learning action too: the practitioner's line sees learning actions, never on the case.
      await expect(page.locator('[data-test=actions] tbody tr', { hasText: 'Team workshop on plans' }).textContent()).resolves.toMatch(/Team learning/);
      await expectAccessible(page);
      await screenshot(page, 'team-actions');
      await row.getByRole('link').click();

      await page.getByRole('button', { name: 'Drop the action' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'The reason must not be empty', href: '#reason' }]);
      await page.locator('#reason').fill('The family moved out of the area.');
      await page.getByRole('button', { name: 'Drop the action' }).click();
      await expect(page.locator('[data-test=action]').textContent()).resolves.toMatch(/Dropped.*The family moved out of the area/s);

      // The team learning action they own: completed from My actions, with a note.
      await page.goto(`${t.baseUrl}/actions`);
      await page.locator('[data-test=actions] tbody tr', { hasText: 'Team workshop on plans' }).getByRole('link').click();
      await page.locator('#completionNote').fill('Held on 5 January with the whole team.');
      await page.getByRole('button', { name: 'Complete the action' }).click();
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/The action has been completed/);
      await expect(page.locator('[data-test=action]').textContent()).resolves.toMatch(/Completed.*Held on 5 January/s);
      await expect(page.getByRole('button', { name: 'Record progress' }).count()).resolves.toBe(0);
      await context.close();

      const qa = await openPage(browser);
      await signIn(qa.page, t.baseUrl, 'qa');
      await qa.page.goto(`${t.baseUrl}/actions/tracker`);
      await expect(qa.page.locator('[data-test=actions] tbody tr').count()).resolves.toBe(2);
      await expectAccessible(qa.page);
      await screenshot(qa.page, 'actions');
      await qa.page.locator('#status').selectOption('DROPPED');
      await qa.page.getByRole('button', { name: 'Filter the actions' }).click();
      await qa.page.waitForURL(/status=DROPPED/);
      await expect(qa.page.locator('[data-test=actions] tbody tr').allTextContents()).resolves.toEqual([expect.stringMatching(/Review the child’s plan.*Dropped/s)]);
      await qa.page.goto(`${t.baseUrl}/actions/tracker?status=DONE`);
      await expect(qa.page.locator('[data-test=actions] tbody tr').allTextContents()).resolves.toEqual([expect.stringMatching(/Team workshop on plans.*Team learning.*Done/s)]);
      await qa.page.goto(`${t.baseUrl}/actions/tracker?status=OPEN`);
      await expect(qa.page.locator('main').textContent()).resolves.toMatch(/No actions match/);
      await qa.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off, another auditor agrees a service learning action; its owner, who may not read the audit, follows it up',
    async () => {
      const { context, page } = await openPage(browser, { javaScript: false });
      await signIn(page, t.baseUrl, 'aud2');
      await page.goto(`${t.baseUrl}/audits/${otherAuditId}/actions/new`);
      await page.locator('#description').fill('Supervision to look at the assessment');
      await page.locator('input[name=owner][value=other]').check();
      await page.locator('#ownerOther').fill('nobody-here');
      await fillDate(page, 'dueOn', '15', '1', '2027');
      await page.getByRole('button', { name: 'Agree the action' }).click();
      expect(await errorSummary(page)).toEqual([{ text: 'There is no member of staff with that staff ID', href: '#ownerOther' }]);
      await expect(page.locator('#dueOn-day').inputValue()).resolves.toBe('15');
      await page.locator('#ownerOther').fill('tm-south');
      await page.locator('input[name=scope][value=SERVICE_LEARNING]').check();
      await page.getByRole('button', { name: 'Agree the action' }).click();
      await page.waitForURL(/\?done=agreed/);
      const { learningActions } = await t.ok(Q.learningActions, { auditId: otherAuditId });
      expect(learningActions).toEqual([expect.objectContaining({ ownerId: 'tm-south', dueOn: '2027-01-15', scope: 'SERVICE_LEARNING', onCaseRecord: false })]);
      await context.close();

      // Its owner may not read the audit (another team's case), yet follows up their own action.
      const owner = await openPage(browser, { javaScript: false });
      await signIn(owner.page, t.baseUrl, 'tm-south');
      await owner.page.goto(`${t.baseUrl}/actions`);
      await owner.page.locator('[data-test=actions] tbody tr', { hasText: 'Supervision to look at the assessment' }).getByRole('link').click();
      await expect(owner.page.locator('main').textContent()).resolves.not.toMatch(/EH-4002/);
      await owner.page.locator('#note').fill('Raised at the service meeting.');
      await owner.page.getByRole('button', { name: 'Record progress' }).click();
      await expect(owner.page.locator('[data-test=action]').textContent()).resolves.toMatch(/Raised at the service meeting/);
      await owner.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "refusals: a practitioner cannot agree actions, see a team's actions or the tracker; another auditor's hand-made post appends nothing",
    async () => {
      const { context, page } = await openPage(browser);
      await signIn(page, t.baseUrl, 'prac');
      for (const path of [`/audits/${auditId}/actions/new`, '/actions/team', '/actions/tracker']) {
        const response = await page.goto(`${t.baseUrl}${path}`);
        expect([path, response?.status()]).toEqual([path, 403]);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/You cannot see or change this/);
      }
      // The tracker's refusal in words, not the role's code.
      await expect(page.locator('main').textContent()).resolves.toMatch(/Only the audit team can read the action tracker/);
      await expect(page.locator('main').textContent()).resolves.not.toMatch(/AUDIT_TEAM/);
      await expectAccessible(page);
      await expect(page.getByRole('link', { name: 'Agree an action' }).count()).resolves.toBe(0);
      await context.close();

      const other = await openPage(browser);
      await signIn(other.page, t.baseUrl, 'aud2');
      const csrf = await other.page.locator('input[name=_csrf]').first().inputValue();
      const before = await t.eventCount();
      const posted = await other.page.request.post(`${t.baseUrl}/audits/${auditId}/actions`, {
        form: { _csrf: csrf, _form: 'f1', description: 'Not mine to agree', owner: 'practitioner', 'dueOn-day': '1', 'dueOn-month': '2', 'dueOn-year': '2027' },
        maxRedirects: 0,
      });
      expect(posted.status()).toBe(403);
      expect(await t.eventCount()).toBe(before);
      await other.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
