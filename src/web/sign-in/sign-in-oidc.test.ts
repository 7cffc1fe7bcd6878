import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { browserErrors, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot } from '../../../test/support/browser.js';
import { startIdentityProvider, type IdentityProvider } from '../../../test/support/identity-provider.js';
import { freePort } from '../../../test/support/service-process.js';
import { webVisitor } from '../../../test/support/web-visitor.js';

/**
 * Signing in with a council account (AUTH_MODE=oidc) in real Chromium against a real OpenID provider
 * on 127.0.0.1: the authorization code flow with PKCE, sign-out there too, a refused consent, a
 * forged state and a person the staff directory does not know, each told plainly.
 */

const REGISTER_STAFF = `mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`;
/** The app roles the provider gives each login name (Entra ID app roles). */
const ROLES: Record<string, string[]> = { aud: ['Auditor'], admin: ['Audit.Team'], prac: ['Directory.Read.All'] };

describe('signing in with a council account', () => {
  let idp: IdentityProvider;
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider(baseUrl, (login) => ROLES[login] ?? ['Auditor']);
    t = await startTestApp({ ...idp.env, PORT: String(port) });
    const admin = await idp.token('admin', ['AUDIT_TEAM']);
    await t.ok(REGISTER_STAFF, { input: { id: 'aud', name: 'Ari Auditor', email: 'ari.auditor@council.example', teamId: null, roles: ['AUDITOR'] } }, admin);
    await t.ok(REGISTER_STAFF, { input: { id: 'prac', name: 'Pat Practitioner', email: 'pat@council.example', teamId: null, roles: ['AUDITOR'] } }, admin);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await idp?.close();
  });

  /** A context whose provider pages do not reach for web fonts (the machine is offline). */
  async function open(javaScript = true): Promise<{ context: BrowserContext; page: Page }> {
    const opened = await openPage(browser, { javaScript });
    await opened.context.route('https://fonts.googleapis.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }));
    return opened;
  }

  /** What went wrong in the page's scripts, less the console's note of each page answered 4xx on purpose. */
  const scriptErrors = (page: Page) => browserErrors(page).filter((e) => !/^console: Failed to load resource: the server responded with a status of 40[03]/.test(e));

  /** From our sign-in page to the provider's, signing in there as `login`; stops at its consent page. */
  async function signInAtProvider(page: Page, login: string) {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with your council account' }).click();
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).waitFor();
  }

  it('the sign-in page offers the council account and no dev picker; the flow starts with PKCE, state and nonce kept in the session', async () => {
    const v = webVisitor(baseUrl);
    const page = await v.get('/sign-in');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<a class="govuk-link govuk-!-font-weight-bold" href="/sign-in/oidc">Sign in with your council account</a>');
    expect(page.html).not.toContain('name="staffId"');
    expect(page.setCookie).toMatch(/^pa_session=s%3A[\w-]+\.[\w%]+; Path=\/; HttpOnly; SameSite=Lax$/);
    // form-action lets the sign-out form go on to the provider's end-session page.
    expect(page.response.headers.get('content-security-policy')).toContain(`form-action 'self' ${idp.issuer}`);
    // Nobody can sign in by naming a person here (the page has no form, so not even a CSRF token to send).
    const named = await v.post('/sign-in', { _csrf: v.csrf(page.html), staffId: 'admin' });
    expect(named.status).toBe(403);
    expect((await v.get('/my-work')).location).toBe('/sign-in');

    const started = await v.get('/sign-in/oidc');
    expect(started.status).toBe(303);
    const authorize = new URL(started.location!);
    expect(authorize.origin).toBe(idp.issuer);
    const q = Object.fromEntries(authorize.searchParams);
    expect(q).toMatchObject({ client_id: 'practice-audit-web', response_type: 'code', code_challenge_method: 'S256', redirect_uri: `${baseUrl}/sign-in/oidc/callback` });
    expect(q.scope).toBe('openid profile practice-audit');
    const [{ oidc }] = await t.infra.dataSource.query(`SELECT oidc FROM web_session WHERE oidc IS NOT NULL`);
    expect(oidc).toEqual({ state: q.state, nonce: q.nonce, codeVerifier: expect.stringMatching(/^[\w-]{43}$/) });
    expect(q.code_challenge).not.toBe(oidc.codeVerifier);
    await t.infra.dataSource.query(`DELETE FROM web_session`);
  });

  it(
    'in the browser: signs in at the provider, lands on My work with the name from the staff directory, and signs out there too',
    async () => {
      const { context, page } = await open();
      await page.goto(`${baseUrl}/sign-in`);
      await expectAccessible(page);
      await screenshot(page, 'sign-in-oidc');
      await signInAtProvider(page, 'aud');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${baseUrl}/my-work`);
      await expect(page.locator('.app-signed-in').textContent()).resolves.toMatch(/Signed in as Ari Auditor/);
      const cookie = (await context.cookies(baseUrl)).find((c) => c.name === 'pa_session')!;
      expect({ httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }).toEqual({ httpOnly: true, sameSite: 'Lax' });
      // The sign-in's state is spent; the session keeps the ID token for signing out.
      const rows: Array<{ oidc: Record<string, string> }> = await t.infra.dataSource.query(`SELECT oidc FROM web_session WHERE staff_id = 'aud'`);
      expect(rows.map((r) => Object.keys(r.oidc))).toEqual([['idToken']]);

      const before = idp.endSessionRequests();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`${baseUrl}/sign-in**`);
      expect(idp.endSessionRequests()).toBe(before + 1);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/You have signed out/);
      expect(await t.infra.dataSource.query(`SELECT 1 FROM web_session WHERE staff_id = 'aud'`)).toEqual([]);
      await page.goto(`${baseUrl}/my-work`);
      expect(page.url()).toBe(`${baseUrl}/sign-in`);
      expect(scriptErrors(page)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'with JavaScript off: signs in and out the same way',
    async () => {
      const { context, page } = await open(false);
      await signInAtProvider(page, 'aud');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${baseUrl}/my-work`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`${baseUrl}/sign-in**`);
      await page.goto(`${baseUrl}/my-work`);
      expect(page.url()).toBe(`${baseUrl}/sign-in`);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'a refused consent is told plainly, and nobody is signed in',
    async () => {
      const { context, page } = await open();
      await signInAtProvider(page, 'aud');
      const callback = page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/sign-in/oidc/callback`));
      await page.getByRole('link', { name: '[ Cancel ]' }).click();
      expect((await callback).status()).toBe(403);
      expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
      await expect(page.locator('h1').textContent()).resolves.toBe('You have not been signed in');
      await expect(page.locator('main').textContent()).resolves.toMatch(/agree when your council account asks/);
      await expectAccessible(page);
      await screenshot(page, 'sign-in-oidc-denied');
      await page.goto(`${baseUrl}/my-work`);
      expect(page.url()).toBe(`${baseUrl}/sign-in`);
      expect(scriptErrors(page)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "a callback whose state is not the one the session holds is refused (a real code; a forged state), and cannot be tried again",
    async () => {
      const { context, page } = await open();
      await signInAtProvider(page, 'aud');
      // A second sign-in started in another tab: this browser's session now expects that one's state.
      const other = await context.newPage();
      await other.goto(`${baseUrl}/sign-in/oidc`);
      await other.close();
      const callbackUrls: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(`${baseUrl}/sign-in/oidc/callback`)) callbackUrls.push(request.url());
      });
      const callback = page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/sign-in/oidc/callback`));
      await page.getByRole('button', { name: 'Continue' }).click();
      expect((await callback).status()).toBe(400);
      await expect(page.locator('h1').textContent()).resolves.toBe('Your sign-in could not be finished');
      await expect(page.locator('main').textContent()).resolves.toMatch(/started in another tab or browser/);
      await expectAccessible(page);
      await screenshot(page, 'sign-in-oidc-bad-state');
      // The genuine address, code and all, signs nobody in a second time, with its state or a forged one.
      const genuine = new URL(callbackUrls[0]);
      const code = genuine.searchParams.get('code');
      expect(code).toBeTruthy();
      expect((await page.goto(genuine.href))?.status()).toBe(400);
      genuine.searchParams.set('state', 'a-state-this-browser-never-sent');
      expect((await page.goto(genuine.href))?.status()).toBe(400);
      await page.goto(`${baseUrl}/my-work`);
      expect(page.url()).toBe(`${baseUrl}/sign-in`);
      // No callback without a sign-in started here: a stranger's address signs nobody in.
      const stranger = await webVisitor(baseUrl).get(`/sign-in/oidc/callback?code=${code}&state=anything`);
      expect([stranger.status, stranger.html.includes('Your sign-in could not be finished')]).toEqual([400, true]);
      expect(scriptErrors(page)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'someone the provider knows but the staff directory does not is told so, and is not signed in',
    async () => {
      const { context, page } = await open();
      await signInAtProvider(page, 'nobody-here');
      const callback = page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/sign-in/oidc/callback`));
      await page.getByRole('button', { name: 'Continue' }).click();
      expect((await callback).status()).toBe(403);
      await expect(page.locator('h1').textContent()).resolves.toBe('Your council account is not registered with Practice Audit');
      await expect(page.locator('main').textContent()).resolves.toMatch(/Ask the audit team to register you/);
      await expectAccessible(page);
      await screenshot(page, 'sign-in-oidc-unknown-person');
      expect(await t.infra.dataSource.query(`SELECT 1 FROM web_session WHERE staff_id IS NOT NULL`)).toEqual([]);
      await page.goto(`${baseUrl}/my-work`);
      expect(page.url()).toBe(`${baseUrl}/sign-in`);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'someone registered whose council account gives no role of this service is told so, and is not signed in',
    async () => {
      const { context, page } = await open();
      await signInAtProvider(page, 'prac');
      const callback = page.waitForResponse((r) => r.url().startsWith(`${baseUrl}/sign-in/oidc/callback`));
      await page.getByRole('button', { name: 'Continue' }).click();
      expect((await callback).status()).toBe(403);
      await expect(page.locator('h1').textContent()).resolves.toBe('Your council account has no role in Practice Audit');
      await page.goto(`${baseUrl}/my-work`);
      expect(page.url()).toBe(`${baseUrl}/sign-in`);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it('a provider that cannot be reached is a page saying so (503), not an error of the service', async () => {
    const unreachable = await startTestApp({ ...idp.env, AUTH_ISSUER: `http://127.0.0.1:${await freePort()}`, PUBLIC_URL: 'http://127.0.0.1:1' });
    try {
      const started = await webVisitor(unreachable.baseUrl).get('/sign-in/oidc');
      expect(started.status).toBe(503);
      expect(started.html).toMatch(/The council&#39;s sign-in service cannot be reached/);
    } finally {
      await unreachable.close();
    }
  }, 60_000);
});
