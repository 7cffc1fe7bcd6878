import { Catch, HttpException, Inject, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { SETTINGS } from '../../app.tokens.js';
import type { Settings } from '../../config/settings.js';
import { DomainError } from '../../shared/errors.js';
import { ROLE_LABELS } from './filters.js';
import { plainMessage } from './form-errors.js';
import { ApiFailure } from './graphql-client.js';
import { SessionStore } from './sessions.js';
import * as cookies from './session-cookie.js';

const log = new Logger('Web');

export interface ErrorPage {
  status: number;
  title: string;
  paragraphs: string[];
}

/**
 * The API's role check names the roles by their codes ("this operation needs one of the roles
 * AUDIT_TEAM, GOVERNANCE"); the person reads who may, in words.
 */
export function rolesInWords(message: string): string {
  const m = /^this operation needs one of the roles (.+)$/i.exec(message.trim());
  if (!m) return message;
  const roles = m[1].split(/,\s*/).map((code) => (ROLE_LABELS[code] ?? code).toLowerCase());
  const list = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}` : roles[0];
  return `Only someone whose role is ${list} can see or do this`;
}

/** What each refusal of the API means to the person, in plain words; never a code or a stack. */
export function pageFor(failure: ApiFailure): ErrorPage {
  const said = failure.errors[0]?.message ? plainMessage(rolesInWords(failure.errors[0].message)) : null;
  switch (failure.code) {
    case 'FORBIDDEN':
      return { status: 403, title: 'You cannot see or change this', paragraphs: [said ?? 'Your role does not allow it.', 'If you think you should, speak to the audit team.'] };
    case 'NOT_FOUND':
      return { status: 404, title: 'Page not found', paragraphs: [said ?? 'It may have been moved or never existed.', 'Check the address, or go back to your work.'] };
    case 'RATE_LIMITED': {
      const seconds = failure.errors[0]?.extensions?.retryAfterSeconds;
      return {
        status: 429,
        title: 'You have made a lot of changes in a short time',
        paragraphs: [`Nothing more was saved. Wait ${seconds ? `${seconds} seconds` : 'a minute'}, then go back and try again.`],
      };
    }
    case 'CONFLICT':
      return { status: 409, title: 'This cannot be done now', paragraphs: [said ?? 'Someone may have changed it since you opened the page.', 'Go back and reload the page to see it as it is now.'] };
    case 'SERVICE_UNAVAILABLE':
      return { status: 503, title: 'Sorry, the service is unavailable', paragraphs: ['Nothing you have not already seen saved was saved. Try again in a few minutes.'] };
    default:
      return { status: 500, title: 'Sorry, there is a problem with the service', paragraphs: ['Try again later.'] };
  }
}

/** Turns whatever ends a web request early into a redirect to sign-in or a plain page. */
@Catch()
@Injectable()
export class WebErrorsFilter implements ExceptionFilter {
  constructor(
    @Inject(cookies.VIEWS) private readonly views: nunjucks.Environment,
    private readonly sessions: SessionStore,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async catch(error: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request & { correlationId?: string; signedCookies?: Record<string, unknown> }>();
    const res = host.switchToHttp().getResponse<Response>();
    try {
      if (error instanceof cookies.SignInRequired || (error instanceof ApiFailure && error.code === 'UNAUTHENTICATED')) {
        const flash = error instanceof cookies.SignInRequired ? error.flash : 'Your sign-in has ended. Sign in again to carry on.';
        const cookie = req.signedCookies?.[cookies.SESSION_COOKIE];
        if (typeof cookie === 'string') await this.sessions.destroy(cookie);
        cookies.setSessionCookie(res, this.settings, await this.sessions.create(null, flash));
        return res.redirect(303, '/sign-in');
      }
      let page: ErrorPage;
      if (error instanceof cookies.CsrfRefused) {
        page = { status: 403, title: 'Your form could not be sent', paragraphs: ['It may have been open for too long. Go back, reload the page and try again.'] };
      } else if (error instanceof ApiFailure) {
        page = pageFor(error);
        if (page.status >= 500) log.error(`GraphQL ${error.code} while serving ${req.method} ${req.path}`);
      } else if ((error instanceof HttpException && error.getStatus() === 404) || (error instanceof DomainError && error.code === 'BAD_USER_INPUT')) {
        // A BAD_USER_INPUT here is an address with text no id can hold (TextInputPipe): no such page.
        page = { status: 404, title: 'Page not found', paragraphs: ['Check the address, or go back to your work.'] };
      } else {
        log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        page = pageFor(new ApiFailure('INTERNAL_SERVER_ERROR', []));
      }
      const signedIn = (req as { webPage?: { common(): Record<string, unknown> } }).webPage?.common() ?? { cspNonce: res.locals.cspNonce, serviceName: 'Practice Audit' };
      const html = this.views.render('layout/error.njk', { ...signedIn, ...page, correlationId: req.correlationId });
      res.status(page.status).type('html').set('Cache-Control', 'no-store').send(html);
    } catch (failure) {
      log.error(`while showing an error page: ${failure instanceof Error ? failure.stack : failure}`);
      if (!res.headersSent) res.status(500).type('text').send('Sorry, there is a problem with the service. Try again later.');
    }
  }
}
