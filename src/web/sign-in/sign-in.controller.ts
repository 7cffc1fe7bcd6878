import { Get, Inject, Post } from '@nestjs/common';
import { SETTINGS } from '../../app.tokens.js';
import { StaffDirectory } from '../../auth/staff-directory.js';
import type { Settings } from '../../config/settings.js';
import { FormErrors } from '../kernel/form-errors.js';
import { GraphqlClient } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { setSessionCookie } from '../kernel/session-cookie.js';
import { SessionStore } from '../kernel/sessions.js';
import { Anonymous, Page, WebController } from '../kernel/web-controller.js';

const ME = `query { me { id name roles } }`;

/**
 * Signing in and out. AUTH_MODE=dev: a list of the registered staff; choosing one asks POST
 * /auth/dev-login for their token. AUTH_MODE=oidc: the link "Sign in with your council account"
 * leads to /sign-in/oidc, where the authorization code flow with PKCE belongs (not built yet:
 * it answers with a page saying so). Either way the session is made by `signedIn` below.
 */
@WebController()
export class SignInController {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly client: GraphqlClient,
    private readonly sessions: SessionStore,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  @Anonymous()
  @Get()
  home(@Page() page: WebPage) {
    return page.staffId ? page.redirect('/my-work') : this.signInPage(page);
  }

  @Anonymous()
  @Get('sign-in')
  async signInPage(@Page() page: WebPage, errors = new FormErrors()) {
    if (this.settings.authMode === 'oidc') return page.render('sign-in/sign-in-oidc.njk', { pageTitle: 'Sign in' });
    const staff = await this.directory.all();
    page.render('sign-in/sign-in.njk', { pageTitle: 'Sign in', staff, errors, chosen: page.form.staffId }, errors.any ? 400 : 200);
  }

  @Anonymous()
  @Post('sign-in')
  async signIn(@Page() page: WebPage) {
    if (this.settings.authMode !== 'dev') return page.redirect('/sign-in');
    const staffId = page.form.staffId ?? '';
    const token = staffId ? await this.client.devLogin(staffId, page.req.correlationId) : null;
    if (!token) return this.signInPage(page, new FormErrors().add('staffId', 'Select who you are signing in as'));
    const { data } = await this.client.call<{ me: { id: string; name: string; roles: string[] } }>(ME, {}, { token });
    if (!data) return this.signInPage(page, new FormErrors().add('staffId', 'That person cannot sign in'));
    await this.signedIn(page, data.me, token);
    page.redirect('/my-work');
  }

  @Anonymous()
  @Get('sign-in/oidc')
  oidc(@Page() page: WebPage) {
    page.render(
      'layout/error.njk',
      { pageTitle: 'Sign in', title: 'Signing in with your council account is not available yet', paragraphs: ['Ask the audit team how to sign in.'] },
      501,
    );
  }

  @Post('sign-out')
  async signOut(@Page() page: WebPage) {
    await this.sessions.destroy(page.session.id);
    setSessionCookie(page.res, this.settings, await this.sessions.create(null, 'You have signed out'));
    page.redirect('/sign-in');
  }

  /** A new session for the person (a new id: one chosen before sign-in is never reused after it). */
  private async signedIn(page: WebPage, me: { id: string; name: string; roles: string[] }, token: string) {
    await this.sessions.destroy(page.session.id);
    setSessionCookie(page.res, this.settings, await this.sessions.create({ staffId: me.id, name: me.name, roles: me.roles, token }));
  }
}
