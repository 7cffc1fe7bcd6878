import { Get, Inject, Logger, Post } from '@nestjs/common';
import { SETTINGS } from '../../app.tokens.js';
import { StaffDirectory } from '../../auth/staff-directory.js';
import type { Settings } from '../../config/settings.js';
import { FormErrors } from '../kernel/form-errors.js';
import { GraphqlClient } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { setSessionCookie } from '../kernel/session-cookie.js';
import { SessionStore, type OidcSessionState } from '../kernel/sessions.js';
import { Anonymous, Page, WebController } from '../kernel/web-controller.js';
import { OidcSignIn, ProviderFailure } from './oidc-sign-in.js';
import { problemFromRefusals, SIGN_IN_PROBLEMS, stateMatches, type SignInProblem } from './sign-in-problems.js';

const ME = `query { me { id name roles } }`;
const log = new Logger('SignIn');

/**
 * Signing in and out. AUTH_MODE=dev: a list of the registered staff; choosing one asks POST
 * /auth/dev-login for their token. AUTH_MODE=oidc: the link "Sign in with your council account"
 * leads to /sign-in/oidc, the authorization code flow with PKCE (oidc-sign-in.ts); its callback
 * takes the token the API accepts and asks `me`. Either way the session is made by `signedIn` below.
 */
@WebController()
export class SignInController {
  constructor(
    private readonly directory: StaffDirectory,
    private readonly client: GraphqlClient,
    private readonly sessions: SessionStore,
    private readonly oidcSignIn: OidcSignIn,
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
  async oidc(@Page() page: WebPage) {
    if (!this.oidcSignIn.web) {
      const paragraphs = ['Ask the audit team how to sign in.'];
      return page.render('layout/error.njk', { pageTitle: 'Sign in', title: 'Signing in with your council account is not set up here', paragraphs }, 501);
    }
    if (page.staffId) return page.redirect('/my-work');
    let started: Awaited<ReturnType<OidcSignIn['start']>>;
    try {
      started = await this.oidcSignIn.start();
    } catch (error) {
      if (error instanceof ProviderFailure) return this.problem(page, 'unreachable');
      throw error;
    }
    // State, nonce and PKCE verifier stay here, in this browser's session, until the provider sends it back.
    await this.sessions.setOidc(page.session.id, started.pending);
    page.redirect(started.url);
  }

  @Anonymous()
  @Get('sign-in/oidc/callback')
  async oidcCallback(@Page() page: WebPage) {
    if (!this.oidcSignIn.web) return page.redirect('/sign-in');
    const kept = page.session.oidc;
    const pending = kept && 'state' in kept ? kept : null;
    // One callback per sign-in: a second one (a reload, a replayed address) finds nothing to match.
    if (pending) await this.sessions.setOidc(page.session.id, null);
    const search = new URL(page.req.originalUrl, 'http://callback.invalid').search;
    const params = new URLSearchParams(search);
    if (!pending || !stateMatches(pending.state, params.get('state'))) return this.problem(page, 'state');
    const error = params.get('error');
    if (error) return this.problem(page, error === 'access_denied' ? 'denied' : 'provider-error');

    let tokens: { accessToken: string; idToken: string | null };
    try {
      tokens = await this.oidcSignIn.finish(search, pending);
    } catch (failure) {
      if (failure instanceof ProviderFailure) return this.problem(page, failure.step === 'discovery' ? 'unreachable' : 'token');
      throw failure;
    }
    // The access token when the API accepts it (its audience is AUTH_AUDIENCE), else the ID token
    // (an identity provider whose app is its own API: AUTH_AUDIENCE is the client id).
    const refusals = [];
    for (const token of new Set([tokens.accessToken, tokens.idToken].filter((t): t is string => !!t))) {
      const { data, errors } = await this.client.call<{ me: { id: string; name: string; roles: string[] } }>(ME, {}, { token, correlationId: page.req.correlationId });
      if (data?.me) {
        await this.signedIn(page, data.me, token, tokens.idToken ? { idToken: tokens.idToken } : undefined);
        return page.redirect('/my-work');
      }
      refusals.push(...errors);
    }
    const problem = problemFromRefusals(refusals);
    if (problem === 'not-accepted') log.warn(`no token from the identity provider was accepted: ${refusals.map((e) => e.message).join('; ')}`);
    return this.problem(page, problem);
  }

  /** Ends the session here, then at the identity provider when it has an end-session endpoint. */
  @Post('sign-out')
  async signOut(@Page() page: WebPage) {
    const kept = page.session.oidc;
    const idToken = kept && 'idToken' in kept ? kept.idToken : null;
    await this.sessions.destroy(page.session.id);
    setSessionCookie(page.res, this.settings, await this.sessions.create(null, 'You have signed out'));
    page.redirect((await this.oidcSignIn.endSessionUrl(idToken)) ?? '/sign-in');
  }

  private problem(page: WebPage, problem: SignInProblem) {
    const { status, title, paragraphs } = SIGN_IN_PROBLEMS[problem];
    page.render('sign-in/sign-in-problem.njk', { title, paragraphs, status, correlationId: page.req.correlationId }, status);
  }

  /** A new session for the person (a new id: one chosen before sign-in is never reused after it). */
  private async signedIn(page: WebPage, me: { id: string; name: string; roles: string[] }, token: string, oidc?: OidcSessionState) {
    await this.sessions.destroy(page.session.id);
    setSessionCookie(page.res, this.settings, await this.sessions.create({ staffId: me.id, name: me.name, roles: me.roles, token, oidc }));
  }
}
