import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Browser tests of the web pages: real headless Chromium (Debian's, at CHROMIUM_PATH or
 * /usr/bin/chromium) through playwright-core, against a service started by startTestApp.
 *
 *   const browser = await launchBrowser();
 *   const { page } = await openPage(browser);                         // or { javaScript: false }
 *   await signIn(page, t.baseUrl, 'aud');
 *   await expectAccessible(page);                                     // only with JavaScript on
 *   await screenshot(page, 'my-work');                                // test-results/screenshots/my-work.png
 *
 * Every wait is bounded (ACTION_TIMEOUT_MS), so a broken page fails the test instead of hanging it.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ACTION_TIMEOUT_MS = 15_000;
/** A jest timeout for one browser test of a whole journey. */
export const JOURNEY_TIMEOUT_MS = 180_000;
export const SCREENSHOTS = path.resolve('test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/**
 * A page in a context of its own (its own cookies: one signed-in person). axe needs pages made this
 * way; with `javaScript: false` the page is as a browser with JavaScript off (axe cannot run there).
 */
export async function openPage(
  browser: Browser,
  options: { javaScript?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? true, viewport: options.viewport ?? { width: 1280, height: 900 } });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const errors: string[] = [];
  // Script errors and console errors (a CSP refusal is one), for browserErrors(page).
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  seen.set(page, errors);
  return { context, page };
}

const seen = new WeakMap<Page, string[]>();

/**
 * What went wrong in the page's scripts since it was opened: uncaught errors and console errors,
 * such as a script or style the Content-Security-Policy refused. Expect it to be empty.
 */
export function browserErrors(page: Page): string[] {
  return [...(seen.get(page) ?? [])];
}

/** Signs in through the dev sign-in page, as a person would, and lands on My work. */
export async function signIn(page: Page, baseUrl: string, staffId: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator(`input[name="staffId"][value="${staffId}"]`).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/my-work`);
}

/** A page of its own signed in as `staffId` through the sign-in page, and how to close it. */
export async function signedInPage(browser: Browser, baseUrl: string, staffId: string, javaScript = true): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await openPage(browser, { javaScript });
  await signIn(page, baseUrl, staffId);
  return { page, close: () => context.close() };
}

/** No serious or critical axe-core violation (WCAG 2.2 AA rules) on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  expect({ url: page.url(), violations: bad }).toEqual({ url: page.url(), violations: [] });
}

/**
 * A full-page screenshot under test-results/screenshots (git-ignored), to look at; `fullPage: false`
 * for what the window shows (small enough for the README). `name` may name a sub-folder: 'journey/cycle'.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
}

/** The error summary's links, as a person reads them. */
export async function errorSummary(page: Page): Promise<Array<{ text: string; href: string | null }>> {
  // After a click that posts a form the next page may still be loading: read the page it lands on.
  await page.waitForLoadState('load');
  return page.locator('.govuk-error-summary__list a').evaluateAll((links) =>
    links.map((a) => ({ text: (a.textContent ?? '').trim(), href: a.getAttribute('href') })),
  );
}
