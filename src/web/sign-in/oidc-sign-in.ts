import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { SETTINGS } from '../../app.tokens.js';
import type { OidcWebSignIn, Settings } from '../../config/settings.js';

const log = new Logger('OidcSignIn');

/** What the browser brings back to the callback, checked against what the session kept. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The identity provider could not be reached, or answered in a way no sign-in can come of. */
export class ProviderFailure extends Error {
  constructor(readonly step: 'discovery' | 'token', cause: unknown) {
    super(`the identity provider failed at ${step}: ${cause instanceof Error ? ((cause as { code?: string }).code ?? cause.name) : 'unknown'}`);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The web pages as a client of the council's identity provider (AUTH_MODE=oidc with AUTH_CLIENT_ID):
 * the authorization code flow with PKCE (S256), a state and a nonce, through `openid-client`.
 * The provider's metadata is discovered from AUTH_ISSUER on first use and kept; a failed discovery
 * is tried again on the next sign-in.
 */
@Injectable()
export class OidcSignIn {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  /** The web sign-in's settings, or null when the pages do not sign in with the identity provider. */
  get web(): OidcWebSignIn | null {
    return this.settings.authMode === 'oidc' ? this.settings.oidc.webSignIn : null;
  }

  /** The address to send the browser to, and what the session must keep until it comes back. */
  async start(): Promise<{ url: string; pending: PendingSignIn }> {
    const web = this.web!;
    const config = await this.config();
    const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: web.redirectUri,
      scope: web.scope,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Exchanges the code of a callback whose state already matched (`search` is its query string) for
   * the tokens: the access token and the ID token, whose signature, issuer, audience and nonce
   * openid-client has checked.
   */
  async finish(search: string, pending: PendingSignIn): Promise<{ accessToken: string; idToken: string | null }> {
    const config = await this.config();
    const callback = new URL(this.web!.redirectUri);
    callback.search = search;
    try {
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      return { accessToken: tokens.access_token, idToken: tokens.id_token ?? null };
    } catch (error) {
      log.warn(new ProviderFailure('token', error).message);
      throw new ProviderFailure('token', error);
    }
  }

  /** The provider's end-session address for this ID token, or null when it has none (or cannot be reached). */
  async endSessionUrl(idToken: string | null): Promise<string | null> {
    const web = this.web;
    if (!web) return null;
    try {
      const config = await this.config();
      if (!config.serverMetadata().end_session_endpoint) return null;
      const parameters: Record<string, string> = { post_logout_redirect_uri: web.postLogoutRedirectUri, client_id: web.clientId };
      if (idToken) parameters.id_token_hint = idToken;
      return client.buildEndSessionUrl(config, parameters).href;
    } catch {
      return null;
    }
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error) => {
      this.configuration = null;
      log.warn(new ProviderFailure('discovery', error).message);
      throw new ProviderFailure('discovery', error);
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const web = this.web!;
    const issuer = new URL(this.settings.oidc.issuer!);
    // Plain http only for a provider on this machine, outside production (a local provider in development and tests).
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname) && !this.settings.production;
    const auth = web.clientSecret ? client.ClientSecretPost(web.clientSecret) : client.None();
    const metadata = { [client.clockTolerance]: this.settings.oidc.clockToleranceSeconds };
    return client.discovery(issuer, web.clientId, metadata, auth, { execute: insecure ? [client.allowInsecureRequests] : [], timeout: 5 });
  }
}
