import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/app.js';
import { JOURNEY_TIMEOUT_MS, browserErrors, errorSummary, expectAccessible, launchBrowser, openPage, screenshot, signIn } from '../../support/browser.js';
import { Q, setUpAuthority } from '../lifecycle-fixtures.js';

/**
 * The audit programme for one case, through the pages only, each person in a browser of their own on
 * 7 December 2026: the audit team registers the practitioner, schedules a cycle with its KLOEs,
 * records the KLOE meeting; the three approvers approve the KLOEs; the audit team proposes the sample
 * and allocates the case; the auditor completes every section, is refused submission without the
 * collaborative discussion (AUD-1) and an action that brings the work to Good (AUD-4), records both
 * and submits; the moderator changes a section's grade and completes moderation; the practitioner
 * sees the outcome on My work and the audit; the auditor records the UoPP meeting that raises the
 * grade to Good; the grade history shows every change; the audit team finds the case on the cycle's
 * tracker, moderated Requires improvement and now Good, and downloads it; a head of service reads
 * the cycle's board report with the audit, its moderation and its UoPP meeting in the figures.
 *
 * With JavaScript on, axe checks every page visited and the main pages are photographed
 * (test-results/screenshots/journey/). Teams, staff and auditor training are set up through GraphQL
 * beforehand (setUpAuthority), except the practitioner, registered here on the people page.
 */

export const CASE = 'EH-7001';
export const PRACTITIONER = 'prac-j';
const SECTION_RATIONALE = 'The plan lacks a review date and the child’s views are not recorded.';
const MODERATION_RATIONALE = 'The case record is up to date and the chronology is complete.';
const UOPP_RATIONALE = 'The plan has been reviewed with the family and now records the child’s views.';


/** Pages at 1024 × 768, so a screenshot of the window is small enough for the README. */
const VIEWPORT = { width: 1024, height: 768 };

/** Script errors and CSP refusals; a refused form (400) is logged by the browser too, by design. */
const scriptErrors = (page: Page) => browserErrors(page).filter((e) => !/responded with a status of 400/.test(e));

/**
 * The journey's steps in order, each a test of its own (so each has its own timeout); a step uses
 * what the ones before it made (the cycle, the audit).
 */
/** The journey as a suite: one service and one browser for it, one test a step, in order. */
export function describeJourney(title: string, javaScript: boolean): void {
  describe(title, () => {
    const env: { t?: TestApp; browser?: Browser } = {};

    beforeAll(async () => {
      env.t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
      await setUpAuthority(env.t, []);
      env.browser = await launchBrowser();
    }, 120_000);

    afterAll(async () => {
      await env.browser?.close();
      await env.t?.close();
    });

    // Each step has its own timeout, and a failure names the step.
    for (const [step, run] of journeySteps(env, javaScript)) it(step, run, JOURNEY_TIMEOUT_MS);
  });
}

export function journeySteps(env: { browser?: Browser; t?: TestApp }, javaScript: boolean): Array<[string, () => Promise<void>]> {
  const t = { get baseUrl() { return env.t!.baseUrl; }, ok: (...a: Parameters<TestApp['ok']>) => env.t!.ok(...a), eventCount: () => env.t!.eventCount() };
  let cycleUrl = '';
  let cycleId = '';
  let auditId = '';
  let auditUrl = '';
  let graded = 0;
  let changedSection = '';
  /** One person's browser, signed in through the sign-in page. */
  const as = async (staffId: string) => {
    const { context, page } = await openPage(env.browser!, { javaScript, viewport: VIEWPORT });
    await signIn(page, t.baseUrl, staffId);
    return { page, close: async () => { expect({ staffId, errors: scriptErrors(page) }).toEqual({ staffId, errors: [] }); await context.close(); } };
  };
  /**
   * axe, and a screenshot when named: the full page to look at, and the window (scrolled to `at`,
   * the top by default) for the README.
   */
  const look = async (page: Page, name?: string, at?: string) => {
    if (!javaScript) return;
    await expectAccessible(page);
    if (name) {
      await screenshot(page, `journey/${name}`);
      await page.locator(at ?? 'header').first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await screenshot(page, `journey/window/${name}`, { fullPage: false });
    }
  };
  const fillDate = async (page: Page, prefix: string, [day, month, year]: [string, string, string]) => {
    await page.locator(`#${prefix}-day`).fill(day);
    await page.locator(`#${prefix}-month`).fill(month);
    await page.locator(`#${prefix}-year`).fill(year);
  };
  const banner = (page: Page) => page.locator('.govuk-notification-banner').textContent();

  async function setUpTheCycle() {
    const qa = await as('qa');
    await qa.page.goto(`${t.baseUrl}/audit-team/people/new`);
    await look(qa.page);
    await qa.page.getByLabel('Staff ID').fill(PRACTITIONER);
    await qa.page.getByLabel('Full name').fill('Jess Walker');
    await qa.page.getByLabel('Work email address').fill('jess.walker@council.example');
    await qa.page.locator('#teamId').selectOption('north');
    await qa.page.locator('input[name=roles][value=PRACTITIONER]').check();
    await qa.page.getByRole('button', { name: 'Register' }).click();
    await expect(banner(qa.page)).resolves.toMatch(/Jess Walker is registered/);
    await expect(qa.page.locator('[data-test=people] tbody tr', { hasText: PRACTITIONER }).textContent()).resolves.toMatch(/Jess Walker[\s\S]*Practitioner/);
    await look(qa.page, 'people');

    await qa.page.getByRole('link', { name: 'Cycles' }).click();
    await qa.page.waitForURL(`${t.baseUrl}/cycles`);
    await qa.page.getByLabel('Name').fill('Early Help January 2027');
    await qa.page.getByRole('textbox', { name: 'Service', exact: true }).fill('Early Help');
    await qa.page.getByLabel('Audit month').fill('2027-01');
    await qa.page.getByLabel('Key lines of enquiry (KLOEs) (optional)').fill('Is the voice of the child heard?\nAre plans reviewed on time?');
    await look(qa.page);
    await qa.page.getByRole('button', { name: 'Schedule the cycle' }).click();
    await expect(banner(qa.page)).resolves.toMatch(/The cycle is scheduled/);
    cycleUrl = qa.page.url().replace(/\?.*$/, '');
    cycleId = cycleUrl.split('/').pop()!;
    await expect(qa.page.locator('[data-test=kloes] li').allTextContents()).resolves.toEqual(['Is the voice of the child heard?', 'Are plans reviewed on time?']);

    // BEF-1: the KLOE meeting, before the audit month.
    await fillDate(qa.page, 'heldOn', ['4', '12', '2026']);
    for (const id of ['hos', 'coord', 'qa']) await qa.page.locator(`input[name=attendeeIds][value=${id}]`).check();
    await qa.page.getByRole('button', { name: 'Record the KLOE meeting' }).click();
    await expect(qa.page.locator('[data-test=meeting]').textContent()).resolves.toMatch(/4 December 2026/);
    await expect(qa.page.getByRole('link', { name: 'Allocate an audit' }).count()).resolves.toBe(0); // BEF-4: not yet approved
    await look(qa.page);

    // BEF-3: the head of service, the EH coordinator lead and the divisional director approve.
    for (const approver of ['hos', 'coord', 'dd']) {
      const p = await as(approver);
      await p.page.goto(cycleUrl);
      await look(p.page);
      await p.page.getByRole('button', { name: 'Approve the KLOEs' }).click();
      await expect(banner(p.page)).resolves.toMatch(/You approved the KLOEs/);
      await p.close();
    }
    await qa.page.goto(cycleUrl);
    await expect(qa.page.locator('[data-test=approvals] tbody tr').count()).resolves.toBe(3);

    // BEF-8 to BEF-12: the sample, then the case allocated from it (PPL-3: the auditor is trained).
    await qa.page.getByRole('link', { name: 'Choose the sample of cases' }).click();
    await qa.page.getByLabel('The open cases put forward').fill(`${CASE}, north, ${PRACTITIONER}, tm`);
    await qa.page.getByLabel('Team north').fill('1');
    await qa.page.getByRole('button', { name: 'Propose the sample' }).click();
    const sampled = qa.page.locator('[data-test=sample] tbody tr', { hasText: CASE });
    await expect(sampled.count()).resolves.toBe(1);
    await look(qa.page, 'sample');
    await sampled.getByRole('link', { name: /Allocate/ }).click();
    await expect(qa.page.getByLabel('Case reference').inputValue()).resolves.toBe(CASE);
    await expect(qa.page.locator('#practitionerId').inputValue()).resolves.toBe(PRACTITIONER);
    await qa.page.locator('#auditorId').selectOption('aud');
    await qa.page.locator('#moderatorId').selectOption('mod');
    await look(qa.page);
    await qa.page.getByRole('button', { name: 'Allocate the audit' }).click();
    await expect(banner(qa.page)).resolves.toMatch(/The audit is allocated/);
    const allocated = qa.page.locator('[data-test=audits] tbody tr', { hasText: CASE });
    await expect(allocated.textContent()).resolves.toMatch(new RegExp(`${CASE}\\s*Staff aud\\s*Staff mod\\s*In progress`));
    auditId = (await allocated.getByRole('link', { name: CASE, exact: true }).getAttribute('href'))!.split('/').pop()!;
    await look(qa.page, 'cycle', '#audits-section');
    await qa.close();
    auditUrl = `${t.baseUrl}/audits/${auditId}`;
  }

  async function completeEverySection() {
    const aud = await as('aud');
    const toDo = aud.page.locator('[data-test=my-work] tbody tr', { hasText: CASE });
    await expect(toDo.textContent()).resolves.toMatch(/Complete the audit/);
    await look(aud.page, 'my-work-auditor');
    await toDo.getByRole('link').click();
    await aud.page.waitForURL(auditUrl);
    const count = await aud.page.locator('.govuk-task-list__link').count();
    expect(count).toBeGreaterThan(5);
    await look(aud.page);
    await aud.page.locator('.govuk-task-list__link').first().click();
    for (let i = 0; i < count; i++) {
      if (await completeSection(aud.page, 'REQUIRES_IMPROVEMENT')) graded++;
      expect(await errorSummary(aud.page)).toEqual([]);
      if (i === 1) await look(aud.page, 'section');
    }
    await aud.page.waitForURL(`${auditUrl}/check-answers`);
    await expect(aud.page.getByText('Not answered').count()).resolves.toBe(0);
    await expect(aud.page.getByText('Not graded').count()).resolves.toBe(0);
    await look(aud.page, 'check-answers');
    await aud.close();
  }

  async function submitTheAudit() {
    const aud = await as('aud');
    await aud.page.goto(`${auditUrl}/check-answers`);

    // Refused: the work is below Good and no action brings it to Good (AUD-4); nothing is appended.
    const before = await t.eventCount();
    await aud.page.getByRole('button', { name: 'Submit the audit' }).click();
    await expect(aud.page.locator('.govuk-error-summary__list').textContent()).resolves.toMatch(/You cannot submit yet: work graded Requires improvement needs at least one case action that brings it to Good .*: agree one on the audit first/);
    await expect(aud.page.title()).resolves.toMatch(/^Error: /);
    expect(await t.eventCount()).toBe(before);
    await look(aud.page);

    // The SMART action, owned by the practitioner, with a real date.
    await aud.page.goto(auditUrl);
    await aud.page.getByRole('link', { name: 'Agree an action' }).click();
    await aud.page.getByLabel('What is to be done').fill('Review the plan with the family and record the child’s views');
    await aud.page.locator('input[name=owner][value=practitioner]').check();
    await fillDate(aud.page, 'dueOn', ['29', '1', '2027']);
    await look(aud.page);
    await aud.page.getByRole('button', { name: 'Agree the action' }).click();
    await expect(aud.page.locator('main').textContent()).resolves.toMatch(/agreed/i);
    const agreed = await t.eventCount();
    await aud.page.goto(auditUrl);
    await expect(aud.page.locator('main').textContent()).resolves.toMatch(/Review the plan with the family and record the child’s views\s*– due 29 January 2027/);

    // Still refused: no collaborative discussion (AUD-1).
    await aud.page.getByRole('button', { name: 'Check your answers and submit' }).click();
    await aud.page.getByRole('button', { name: 'Submit the audit' }).click();
    await expect(aud.page.locator('.govuk-error-summary__list').textContent()).resolves.toMatch(/You cannot submit yet: .*collaborative discussion/);
    expect(await t.eventCount()).toBe(agreed);

    // AUD-1 on its page, from the overview.
    await aud.page.goto(auditUrl);
    await aud.page.getByRole('link', { name: /Record\s+the collaborative discussion/ }).click();
    await aud.page.waitForURL(`${auditUrl}/discussion`);
    await fillDate(aud.page, 'discussedOn', ['4', '12', '2026']);
    await aud.page.locator(`input[name=withIds][value="${PRACTITIONER}"]`).check();
    await aud.page.locator('input[name=withIds][value=tm]').check();
    await look(aud.page, 'discussion');
    await aud.page.getByRole('button', { name: 'Record the discussion' }).click();
    await aud.page.waitForURL(auditUrl);
    await expect(aud.page.locator('[data-test=audit-summary]').textContent()).resolves.toMatch(new RegExp(`Collaborative discussion\\s*4 December 2026, with ${PRACTITIONER} and tm`));
    await look(aud.page, 'audit-overview');
    await aud.page.getByRole('button', { name: 'Check your answers and submit' }).click();
    await aud.page.getByRole('button', { name: 'Submit the audit' }).click();
    await aud.page.waitForURL(`${auditUrl}/submitted`);
    await expect(aud.page.locator('.govuk-panel__title').textContent()).resolves.toMatch(/Audit submitted/);
    await look(aud.page);
    await aud.close();
  }

  async function moderate() {
    const mod = await as('mod');
    const toModerate = mod.page.locator('[data-test=my-work] tbody tr', { hasText: CASE });
    await expect(toModerate.textContent()).resolves.toMatch(/Moderate the audit/);
    await toModerate.getByRole('link').click();
    await mod.page.waitForURL(auditUrl);
    await mod.page.locator('[data-test=case-links]').getByRole('link', { name: 'Moderation', exact: true }).click();
    await mod.page.waitForURL(`${auditUrl}/moderation`);
    const rows = mod.page.locator('[data-test=moderation] tbody tr');
    await expect(rows.first().textContent()).resolves.toMatch(/Requires improvement[\s\S]*Not moderated/);
    await look(mod.page);
    changedSection = ((await rows.first().locator('th').textContent()) ?? '').trim().replace(/: moderate$/, '');
    await rows.first().getByRole('link').click();
    await mod.page.locator('input[name=decision][value=CHANGE]').check();
    await mod.page.locator('input[name=grade][value=GOOD]').check();
    await mod.page.locator('textarea[name=rationale]').fill(MODERATION_RATIONALE);
    await look(mod.page);
    await mod.page.getByRole('button', { name: 'Save the moderation' }).click();
    await mod.page.waitForURL(`${auditUrl}/moderation`);
    await expect(rows.first().textContent()).resolves.toMatch(/Good[\s\S]*Changed[\s\S]*chronology is complete/);
    await rows.last().getByRole('link').click();
    await mod.page.locator('input[name=decision][value=AGREE]').check();
    await mod.page.locator('textarea[name=rationale]').fill('Agreed: the plan is not yet good enough.');
    await mod.page.getByRole('button', { name: 'Save the moderation' }).click();
    await mod.page.waitForURL(`${auditUrl}/moderation`);
    await expect(rows.last().textContent()).resolves.toMatch(/Requires improvement[\s\S]*Agreed/);
    await look(mod.page, 'moderation');
    await mod.page.getByRole('button', { name: 'Complete moderation' }).click();
    await expect(mod.page.locator('main').textContent()).resolves.toMatch(/Moderation is complete\. The moderated overall grade is Requires improvement/);
    await mod.close();
  }

  async function practitionerSeesTheOutcome() {
    const prac = await as(PRACTITIONER);
    const followUp = prac.page.locator('[data-test=my-work] tbody tr', { hasText: CASE });
    await expect(followUp.first().textContent()).resolves.toMatch(/Follow up the action[\s\S]*29 January 2027/);
    await look(prac.page, 'my-work');
    await followUp.first().getByRole('link').click();
    await prac.page.waitForURL(auditUrl);
    await expect(prac.page.locator('[data-test=audit-summary]').textContent()).resolves.toMatch(/Status\s*Moderated[\s\S]*Overall grade\s*Requires improvement/);
    // Moderated: the moderation deadline is met and no longer shown; the UoPP meeting's is.
    await expect(prac.page.locator('[data-test=audit-summary]').textContent()).resolves.not.toMatch(/Moderation due/);
    await expect(prac.page.locator('[data-test=audit-summary]').textContent()).resolves.toMatch(/UoPP meeting due\s*14 December 2026/);
    await expect(prac.page.locator('.govuk-task-list__item', { hasText: changedSection }).textContent()).resolves.toMatch(
      /Grade: Requires improvement, changed in moderation to Good/,
    );
    await look(prac.page, 'audit-outcome', '[data-test=audit-summary]');
    await prac.page.goto(`${t.baseUrl}/actions`);
    await expect(prac.page.locator('[data-test=actions]').textContent()).resolves.toMatch(/Review the plan with the family/);
    await look(prac.page, 'actions');
    await prac.close();
  }

  async function uoppRaisesTheGrade() {
    const chair = await as('aud');
    const meeting = chair.page.locator('[data-test=my-work] tbody tr', { hasText: CASE });
    await expect(meeting.textContent()).resolves.toMatch(/Hold the UoPP meeting/);
    await meeting.getByRole('link').click();
    await chair.page.waitForURL(auditUrl);
    await chair.page.locator('[data-test=case-links]').getByRole('link', { name: /^UoPP meeting/ }).click();
    await chair.page.waitForURL(`${auditUrl}/uopp`);
    await fillDate(chair.page, 'heldOn', ['7', '12', '2026']);
    for (const id of [PRACTITIONER, 'tm']) await chair.page.locator(`input[name=attendees][value="${id}"]`).check();
    await chair.page.locator('input[name=linkedPlan][value=EHA]').check();
    await chair.page.locator('input[name=revisedGrade][value=GOOD]').check();
    await chair.page.locator('textarea[name=rationale]').fill(UOPP_RATIONALE);
    await look(chair.page);
    await chair.page.getByRole('button', { name: 'Record the meeting' }).click();
    await chair.page.waitForURL(`${auditUrl}/uopp`);
    await expect(chair.page.locator('[data-test=uopp-meeting]').textContent()).resolves.toMatch(/Chaired by\s*aud\s*Attended\s*prac-j, tm\s*Linked plan\s*Early Help Assessment \(EHA\)\s*Grade\s*Requires improvement raised to Good/);
    await look(chair.page, 'uopp');
    await chair.close();
  }

  async function historyShowsEveryChange() {
    const prac = await as(PRACTITIONER);
    await prac.page.goto(auditUrl);
    await expect(prac.page.locator('[data-test=audit-summary]').textContent()).resolves.toMatch(/Overall grade\s*Good/);
    await expect(prac.page.locator('[data-test=audit-summary]').textContent()).resolves.not.toMatch(/UoPP meeting due/);
    await prac.page.locator('[data-test=case-links]').getByRole('link', { name: 'Grade history' }).click();
    await prac.page.waitForURL(`${auditUrl}/history`);
    const { audit } = await t.ok(Q.history, { id: auditId });
    const items = prac.page.locator('[data-test=grade-history] .moj-timeline__item');
    await expect(items.count()).resolves.toBe(audit.gradeHistory.length);
    const timeline = await items.allTextContents();
    // Newest first: the UoPP meeting, the moderator's agreement and change, then the auditor's grades.
    expect(timeline[0]).toMatch(/Overall grade: Requires improvement to Good[\s\S]*by aud \(UoPP meeting\)[\s\S]*7 December 2026[\s\S]*now records the child’s views/);
    expect(timeline[1]).toMatch(/Overall grade: Requires improvement, agreed[\s\S]*by mod \(Moderator\)/);
    expect(timeline[2]).toMatch(new RegExp(`${literal(changedSection)}: Requires improvement to Good[\\s\\S]*by mod \\(Moderator\\)[\\s\\S]*chronology is complete`));
    const byAuditor = timeline.slice(3);
    expect(byAuditor).toHaveLength(graded); // every graded section and the overall grade
    for (const entry of byAuditor) expect(entry).toMatch(/No grade to Requires improvement[\s\S]*by aud \(Auditor\)/);
    await look(prac.page, 'history');
    await prac.close();

    // What the API now holds.
    const { audit: held } = await t.ok(Q.audit, { id: auditId });
    expect(held).toMatchObject({ status: 'MODERATED', practitionerId: PRACTITIONER, initialGrade: 'REQUIRES_IMPROVEMENT', moderatedGrade: 'REQUIRES_IMPROVEMENT', currentGrade: 'GOOD', uoppHeld: true });
  }

  async function trackerShowsTheCase() {
    const qa = await as('qa');
    await qa.page.getByRole('link', { name: 'Tracker', exact: true }).click();
    await qa.page.waitForURL(`${t.baseUrl}/tracker`);
    await qa.page.locator('#cycleId').selectOption(cycleId);
    await qa.page.getByRole('button', { name: 'Apply filters' }).click();
    await qa.page.waitForURL((url) => url.searchParams.get('cycleId') === cycleId);
    await expect(qa.page.locator('h1').textContent()).resolves.toBe('Tracker: Early Help January 2027');
    await expect(qa.page.locator('[data-test=count]').textContent()).resolves.toMatch(/Showing 1 to 1 of 1 audit\./);
    // The moderated grade the tracker sorts and filters by, and beside it the grade the UoPP meeting raised it
    // to; Good again, its dip audit has ended (AFT-2), so no deadline is left open.
    const row = qa.page.locator('[data-test=tracker] tbody tr', { hasText: CASE });
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    expect(cells).toEqual([CASE, 'Team north', 'Jess Walker', 'Staff aud', 'Staff mod', 'Moderated', 'Requires improvement moderated; now Good', '–', 'Not overdue']);
    const downloads = qa.page.locator('[data-test=downloads]');
    await expect(downloads.getByRole('link', { name: 'Excel spreadsheet (XLSX)' }).getAttribute('href')).resolves.toBe(`/tracker/tracker.xlsx?cycleId=${cycleId}`);
    await look(qa.page, 'tracker', 'h1');

    // The CSV: the same row, as the tracker spreadsheet keeps it.
    const [csv] = await Promise.all([qa.page.waitForEvent('download'), downloads.getByRole('link', { name: /comma-separated values/ }).click()]);
    expect(csv.suggestedFilename()).toBe('tracker-early-help-2027-01.csv');
    const [headings, ...records]: string[][] = parse(readFileSync((await csv.path())!), { bom: true });
    const sheet = records.map((r) => Object.fromEntries(headings.map((h, i) => [h, r[i]])));
    expect(sheet).toEqual([
      expect.objectContaining({
        Cycle: 'Early Help January 2027', 'Case ref': CASE, Practitioner: 'Jess Walker', Auditor: 'Staff aud', Moderator: 'Staff mod',
        'Initial grade': 'Requires improvement', 'Moderated grade': 'Requires improvement', Actions: '1', 'UoPP held': 'Yes', 'UoPP chair': 'Staff aud', Status: 'Moderated',
      }),
    ]);
    await qa.close();
  }

  async function boardReportCountsIt() {
    const hos = await as('hos');
    await hos.page.getByRole('link', { name: 'Board report', exact: true }).click();
    await hos.page.waitForURL(`${t.baseUrl}/board-report`);
    await hos.page.locator('#cycleId').selectOption(cycleId);
    await hos.page.getByRole('button', { name: 'Show the report' }).click();
    await hos.page.waitForURL(`${t.baseUrl}/board-report?cycleId=${cycleId}`);
    await expect(hos.page.locator('h1').textContent()).resolves.toBe('Board report: Early Help January 2027');
    // The one audit: graded and moderated Requires improvement (the overall grade was agreed; the change was a
    // section's), its UoPP meeting held on time (due 14 December), its action open; below Good at moderation, its
    // dip audit ended when the meeting raised it to Good (AFT-2). One comparison, so a run shows every figure that differs.
    const summary = ((await hos.page.locator('.govuk-summary-list').first().innerText()) ?? '').replace(/\s+/g, ' ');
    expect({
      summary,
      grades: await table(hos.page, 'grades-table'),
      matrix: await table(hos.page, 'matrix-table'),
      moderation: await table(hos.page, 'moderation'),
      uopp: await table(hos.page, 'uopp'),
      actions: await table(hos.page, 'actions'),
      followUps: await table(hos.page, 'follow-ups'),
    }).toEqual({
      summary: expect.stringMatching(/^Audits that count 1 Moderated 1 Agreement with moderation 100% Weighted kappa – /),
      grades: [['Grade', 'January 2027'], ['Outstanding', '0'], ['Good', '0'], ['Requires improvement', '1'], ['Inadequate', '0']],
      matrix: [
        ['Initial grade', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate'],
        ['Outstanding', '0', '0', '0', '0'],
        ['Good', '0', '0', '0', '0'],
        ['Requires improvement', '0', '0', '1', '0'],
        ['Inadequate', '0', '0', '0', '0'],
      ],
      moderation: [
        ['Cycle', 'Moderated', 'Unchanged', 'Upgraded', 'Downgraded', 'Agreement', 'Weighted kappa'],
        ['January 2027', '1', '1', '0', '0', '100%', '–'],
      ],
      uopp: [['Cycle', 'Due', 'Held', 'Held on time', 'Overdue', 'Follow-ups due', 'Follow-ups held', 'Follow-ups on time', 'Follow-ups overdue'], ['January 2027', '1', '1', '1', '0', '0', '0', '0', '0']],
      actions: [['Cycle', 'Agreed', 'Completed', 'Completed on time', 'Open', 'Overdue', 'Dropped'], ['January 2027', '1', '0', '0', '1', '0', '0']],
      followUps: [
        ['Cycle', 'Below Good', 'Re-audit target', 'Dip audits due', 'Dip audits done', 'Reached Good at dip audit', 'Dip audits overdue', 'Re-audited', 'Reached Good at re-audit'],
        ['January 2027', '1', '1', '0', '0', '0', '0', '0', '0'],
      ],
    });
    // Raised to Good by the meeting, the work has no 4-month date left (AFT-2), and the page says why.
    await expect(hos.page.locator('[data-test="escalations"]').textContent()).resolves.toMatch(/raised to Good by a UoPP meeting/);
    // Aggregates only: neither the case nor the practitioner is named.
    await expect(hos.page.locator('main').textContent()).resolves.not.toMatch(new RegExp(`${CASE}|Jess Walker|${PRACTITIONER}`));
    await look(hos.page, 'board-report', '#moderation');
    await hos.close();
  }

  return [
    ['the audit team registers the practitioner, schedules the cycle with its KLOEs and records the KLOE meeting; the approvers approve; the case is sampled and allocated', setUpTheCycle],
    ['the auditor completes every section: the answers, the grade and its rationale', completeEverySection],
    ['the auditor is refused submission without an action to Good (AUD-4) and the collaborative discussion (AUD-1), records both and submits', submitTheAudit],
    ['the moderator changes a section grade with a rationale, agrees the overall grade and completes moderation', moderate],
    ['the practitioner sees the action on My work, and the grade and the moderation change on the audit', practitionerSeesTheOutcome],
    ['the auditor records the UoPP meeting, which raises the grade to Good', uoppRaisesTheGrade],
    ['the grade history shows every change: the auditor, the moderator and the UoPP meeting', historyShowsEveryChange],
    ["the audit team finds the case on the cycle's tracker, moderated Requires improvement and now Good, and downloads the cycle's tracker", trackerShowsTheCase],
    ["a head of service reads the cycle's board report: one audit, moderated and agreed, its UoPP meeting held", boardReportCountsIt],
  ];
}

/** A table's rows as the cells' texts. */
const table = (page: Page, test: string) =>
  page.locator(`[data-test=${test}] tr`).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Answers every question of the section on screen, grades it with a rationale if it is graded, and saves; whether it was. */
async function completeSection(page: Page, grade: string): Promise<boolean> {
  const names = await page.locator('input[type=radio][name^="answer-"]').evaluateAll((inputs) => [...new Set(inputs.map((i) => i.getAttribute('name') ?? ''))]);
  for (const name of names) {
    const partly = page.locator(`input[name="${name}"][value=PARTIALLY]`);
    await ((await partly.count()) > 0 ? partly : page.locator(`input[name="${name}"]`).first()).check();
  }
  for (const textarea of await page.locator('textarea[name^="narrative-"]').all()) await textarea.fill('What the file shows, in the auditor’s words.');
  const gradedHere = (await page.locator('input[name="grade"]').count()) > 0;
  if (gradedHere) {
    await page.locator(`input[name="grade"][value="${grade}"]`).check();
    await page.locator('textarea[name="rationale"]').fill(SECTION_RATIONALE);
  }
  await page.getByRole('button', { name: 'Save and continue' }).click();
  return gradedHere;
}
