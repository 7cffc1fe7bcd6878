import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { Settings } from '../../config/settings.js';
import type { WebSession } from './sessions.js';

export const SESSION_COOKIE = 'pa_session';
/** The Nunjucks environment (views.ts), injected under this token. */
export const VIEWS = Symbol('VIEWS');

/** Sent to the sign-in page, with a message for it (web-errors.filter.ts). */
export class SignInRequired extends Error {
  constructor(readonly flash: string | null = null) {
    super('sign-in required');
  }
}

/** A form POST without its session's CSRF token. */
export class CsrfRefused extends Error {}

/** Sets the signed session cookie: HttpOnly, SameSite=Lax, Secure outside development and test. */
export function setSessionCookie(res: Response, settings: Settings, session: WebSession | null): void {
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: settings.web.secureCookies, signed: true, path: '/' };
  if (session) res.cookie(SESSION_COOKIE, session.id, options);
  else res.clearCookie(SESSION_COOKIE, options);
}

/** The cookie secret: WEB_SESSION_SECRET, or one made for this process. */
export const cookieSecret = (settings: Settings) => settings.web.sessionSecret ?? randomBytes(32).toString('hex');
