import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { errorSummary, expectAccessible, JOURNEY_TIMEOUT_MS, launchBrowser, openPage, screenshot, signIn } from '../../../test/support/browser.js';
import { setUpAuthority } from '../../../test/e2e/lifecycle-fixtures.js';
import { webVisitor } from '../../../test/support/web-visitor.js';

/** Signing in and out of the web pages, the session cookie, CSRF and the idle timeout. */

describe('signing in and out', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ WEB_SESSION_SECRET: 'a-secret-every-instance-shares' });
    await setUpAuthority(t, ['2026-12']);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('/ is the sign-in page, listing the registered staff; the session cookie is HttpOnly, SameSite=Lax and signed', async () => {
    const v = webVisitor(t.baseUrl);
    const { status, response, html, setCookie } = await v.get('/');
    expect(status).toBe(200);
    expect(html).toMatch(/<h1 class="govuk-fieldset__heading">\s*Sign in as/);
    for (const id of ['admin', 'aud', 'prac', 'mod']) expect(html).toContain(`value="${id}"`);
    expect(setCookie).toMatch(/^pa_session=s%3A[\w-]+\.[\w%]+; Path=\/; HttpOnly; SameSite=Lax$/);
    // The page's one inline script carries this response's nonce, and nothing else is inline.
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html.match(/<script(?![^>]*\ssrc=)/g)).toHaveLength(1);
    // Forms go to this server only (no identity provider to sign out at).
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self';");
  });

  it('refuses a sign-in without its CSRF token, and one choosing nobody, keeping the person signed out', async () => {
    const v = webVisitor(t.baseUrl);
    await v.get('/sign-in');
    const forged = await v.post('/sign-in', { staffId: 'admin' });
    expect(forged.status).toBe(403);
    expect(forged.html).toMatch(/Your form could not be sent/);

    const page = await v.get('/sign-in');
    const nobody = await v.post('/sign-in', { _csrf: v.csrf(page.html), staffId: '' });
    expect(nobody.status).toBe(400);
    expect(nobody.html).toMatch(/<a href="#staffId">Select who you are signing in as<\/a>/);
    expect((await v.get('/my-work')).location).toBe('/sign-in');

    const again = await v.get('/sign-in');
    const unknown = await v.post('/sign-in', { _csrf: v.csrf(again.html), staffId: 'nobody-here' });
    expect(unknown.status).toBe(400);
  });

  it('a new session id at sign-in; signed in, a form POST still needs the CSRF token', async () => {
    const v = webVisitor(t.baseUrl);
    const before = await v.get('/sign-in');
    const anonymousCookie = before.setCookie!.split(';')[0];
    const signedIn = await v.post('/sign-in', { _csrf: v.csrf(before.html), staffId: 'aud' });
    expect([signedIn.status, signedIn.location]).toEqual([303, '/my-work']);
    expect(signedIn.setCookie!.split(';')[0]).not.toBe(anonymousCookie);
    const myWork = await v.get('/my-work');
    expect(myWork.status).toBe(200);
    expect(myWork.html).toMatch(/Signed in as <strong>Staff aud<\/strong>/);
    expect((await v.post('/sign-out', { _csrf: 'not-the-token' })).status).toBe(403);
    expect((await v.get('/my-work')).status).toBe(200);
  });

  it('a session idle for longer than WEB_SESSION_IDLE_MINUTES is signed out, and the sign-in page says why', async () => {
    const v = webVisitor(t.baseUrl);
    const page = await v.get('/sign-in');
    await v.post('/sign-in', { _csrf: v.csrf(page.html), staffId: 'aud' });
    expect((await v.get('/my-work')).status).toBe(200);
    // Nobody used it for 31 minutes (the default idle timeout is 30).
    await t.infra.dataSource.query(`UPDATE web_session SET last_seen = now() - interval '31 minutes'`);
    const after = await v.get('/my-work');
    expect([after.status, after.location]).toEqual([303, '/sign-in']);
    expect((await v.get('/sign-in')).html).toMatch(/You were signed out because you had not used the service for a while/);
  });

  it(
    'in the browser: an error summary when nobody is chosen, sign in, sign out, and the pages are closed again',
    async () => {
      const { context, page } = await openPage(browser);
      await page.goto(`${t.baseUrl}/sign-in`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(errorSummary(page)).resolves.toEqual([{ text: 'Select who you are signing in as', href: '#staffId' }]);
      await expectAccessible(page);
      await screenshot(page, 'sign-in-error');
      await signIn(page, t.baseUrl, 'prac');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${t.baseUrl}/sign-in`);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/You have signed out/);
      await expectAccessible(page);
      await page.goto(`${t.baseUrl}/my-work`);
      await expect(page.url()).toBe(`${t.baseUrl}/sign-in`);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it('sessions outlive the process (they are in PostgreSQL); a token the restarted service no longer accepts signs the person out, saying so', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('aud');
    // Dev tokens are signed with a key of the process: after a restart the session is found, its token refused.
    t = await t.restart({ WEB_SESSION_SECRET: 'a-secret-every-instance-shares' });
    const after = await fetch(`${t.baseUrl}/my-work`, { redirect: 'manual', headers: { cookie: v.cookie() } });
    expect([after.status, after.headers.get('location')]).toEqual([303, '/sign-in']);
    const next = after.headers.get('set-cookie')!.split(';')[0];
    const page = await (await fetch(`${t.baseUrl}/sign-in`, { headers: { cookie: next } })).text();
    expect(page).toMatch(/Your sign-in has ended. Sign in again to carry on./);
  });
});
