import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/app.js';
import { expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, signIn } from '../../support/browser.js';
import { allocate, moderatedAudit, setUpAuthority, type Authority } from '../lifecycle-fixtures.js';

/**
 * Each role is refused what it may not see, in real Chromium: the refusal page's heading and
 * message, its status (403, 404 or 409 as the service answers, never 500), no form on it, and no
 * serious or critical axe violation; someone signed out is sent to sign in from every page. One row
 * of REFUSALS a refusal and a test: add a row to test another.
 */

/** What each audit of the fixtures is: `moderated` (prac, tm, aud, mod; Good), `inProgress` (aud, not yet submitted). */
type Audits = { moderated: string; inProgress: string; cycle: string };

interface Refusal {
  who: string;
  /** What they open; `{moderated}`, `{inProgress}` and `{cycle}` are replaced by the fixtures' ids. */
  path: string;
  status: 403 | 404 | 409;
  heading: RegExp;
  message: RegExp;
}

const FORBIDDEN = /You cannot see or change this/;
const NOT_FOUND = /Page not found/;
const TRACKER = /Only the audit team, audit managers, heads of service and governance can see the tracker/;
const BOARD_REPORT = /Only the board, oversight and the audit team can see the board report/;

const REFUSALS: Refusal[] = [
  { who: 'prac2', path: '/audits/{moderated}', status: 403, heading: FORBIDDEN, message: /You may not read this audit/ },
  { who: 'prac2', path: '/audits/{moderated}/history', status: 403, heading: FORBIDDEN, message: /You may not read this audit/ },
  { who: 'aud2', path: '/audits/{moderated}/moderation', status: 403, heading: FORBIDDEN, message: /You may not read this audit/ },
  { who: 'aud2', path: '/audits/{inProgress}/sections/S2_WHY_HELP', status: 403, heading: FORBIDDEN, message: /You may not read this audit/ },
  { who: 'prac', path: '/audits/{inProgress}/discussion', status: 403, heading: FORBIDDEN, message: /Only the audit's auditor can record the collaborative discussion/ },
  { who: 'tm', path: '/audits/{moderated}/moderation', status: 403, heading: FORBIDDEN, message: /Only the audit's moderator can moderate it/ },
  { who: 'mod', path: '/audits/{moderated}/return', status: 403, heading: FORBIDDEN, message: /Only the audit team can return an audit for rectification/ },
  { who: 'board', path: '/audits/{moderated}', status: 403, heading: FORBIDDEN, message: /You may not read this audit/ },
  { who: 'board', path: '/audits/{moderated}/history', status: 403, heading: FORBIDDEN, message: /You may not read this audit/ },
  { who: 'tm', path: '/audit-team', status: 403, heading: FORBIDDEN, message: /Only the audit team can see the audit team’s pages/ },
  { who: 'tm', path: '/audit-team/people', status: 403, heading: FORBIDDEN, message: /Only someone whose role is audit team, head of service, audit manager or governance can see or do this/ },
  { who: 'aud', path: '/cycles/{cycle}/allocate', status: 403, heading: FORBIDDEN, message: /Only the audit team allocates audits/ },
  { who: 'aud', path: '/cycles/{cycle}/sample', status: 403, heading: FORBIDDEN, message: /Only someone whose role is audit team, audit manager, head of service or governance can see or do this/ },
  { who: 'prac', path: '/actions/tracker', status: 403, heading: FORBIDDEN, message: /Only the audit team can read the action tracker/ },
  // The tracker is the audit team's and oversight's (trackerPage): case-level, so not the board's either.
  ...['prac', 'tm', 'aud', 'mod', 'coord', 'dd', 'board'].map((who) => ({ who, path: '/tracker', status: 403 as const, heading: FORBIDDEN, message: TRACKER })),
  { who: 'board', path: '/tracker/tracker.csv?cycleId={cycle}', status: 403, heading: FORBIDDEN, message: TRACKER },
  { who: 'tm', path: '/tracker/tracker.xlsx?cycleId={cycle}', status: 403, heading: FORBIDDEN, message: TRACKER },
  // The board report is aggregates for the board and oversight (boardReport): not for the roles that work on cases.
  ...['prac', 'tm', 'aud', 'mod', 'coord'].map((who) => ({ who, path: '/board-report', status: 403 as const, heading: FORBIDDEN, message: BOARD_REPORT })),
  { who: 'aud', path: '/board-report/board-report.docx?cycleId={cycle}', status: 403, heading: FORBIDDEN, message: BOARD_REPORT },
  { who: 'board', path: '/board-report?cycleId=no-such-cycle', status: 404, heading: NOT_FOUND, message: /There is no such cycle/ },
  { who: 'aud', path: '/audits/no-such-audit', status: 404, heading: NOT_FOUND, message: /This audit does not exist, or you cannot see it/ },
  { who: 'aud', path: '/audits/{moderated}/sections/S2_WHY_HELP', status: 409, heading: /This cannot be done now/, message: /This audit has been submitted: its answers and grades can no longer be changed here/ },
];

/** One page, and signing in the first time a person has a row. */
const ROW_TIMEOUT_MS = 60_000;

/** Every page someone signed out might open: each sends them to sign in. */
const SIGNED_OUT = ['/my-work', '/audits/{moderated}', '/audits/{moderated}/history', '/cycles', '/cycles/{cycle}', '/audit-team', '/audit-team/people', '/actions', '/notifications', '/tracker', '/board-report'];

describe('each role is refused what it may not see', () => {
  let t: TestApp;
  let a: Authority;
  let browser: Browser;
  const audits = {} as Audits;
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    audits.cycle = a.cycles['2026-12'];
    audits.moderated = await moderatedAudit(t, a, audits.cycle, 'GOOD', { caseRef: 'EH-8001' });
    audits.inProgress = await allocate(t, a, audits.cycle, { caseRef: 'EH-8002' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const url = (path: string) => t.baseUrl + path.replace(/\{(\w+)\}/g, (_, key: keyof Audits) => audits[key]);
  /** One signed-in browser per person, kept for their rows. */
  const as = async (staffId: string): Promise<Page> => {
    if (!pages.has(staffId)) {
      const { page } = await openPage(browser);
      await signIn(page, t.baseUrl, staffId);
      pages.set(staffId, page);
    }
    return pages.get(staffId)!;
  };

  // One test a row, each with its own timeout: a run names every row that is not refused as the table says.
  for (const row of REFUSALS) {
    it(
      `refuses ${row.who} ${row.path} with ${row.status} and its message, a page with no form and no serious axe violation`,
      async () => {
        const page = await as(row.who);
        const response = await page.goto(url(row.path));
        const heading = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
        const message = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ').trim();
        const forms = await page.locator('main form[method=post]').count();
        expect({ status: response?.status(), heading, message, forms }).toEqual({
          status: row.status,
          heading: expect.stringMatching(row.heading),
          message: expect.stringMatching(row.message),
          forms: 0,
        });
        await expectAccessible(page);
      },
      ROW_TIMEOUT_MS,
    );
  }

  it(
    'sends someone signed out to the sign-in page from every page, and back to nothing else',
    async () => {
      const { context, page } = await openPage(browser);
      for (const path of SIGNED_OUT) {
        const response = await page.goto(url(path));
        const first = response?.request().redirectedFrom()?.response();
        const redirect = first ? await first : null;
        expect({ path, redirect: redirect?.status(), landed: page.url(), status: response?.status() }).toEqual({ path, redirect: 303, landed: `${t.baseUrl}/sign-in`, status: 200 });
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Sign in/);
      }
      await expectAccessible(page);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
