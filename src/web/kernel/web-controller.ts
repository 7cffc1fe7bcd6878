import {
  applyDecorators,
  Controller,
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  UseFilters,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { SETTINGS } from '../../app.tokens.js';
import { Public } from '../../auth/decorators.js';
import type { Settings } from '../../config/settings.js';
import { GraphqlClient } from './graphql-client.js';
import { WebPage } from './page.js';
import { csrfMatches, SessionStore } from './sessions.js';
import { WebErrorsFilter } from './web-errors.filter.js';
import { CsrfRefused, SESSION_COOKIE, setSessionCookie, SignInRequired, VIEWS } from './session-cookie.js';

const ANONYMOUS_KEY = 'web:anonymous';

/** Nobody is signed in (the sign-in page): the guard still makes a session, for its CSRF token. */
export const Anonymous = () => SetMetadata(ANONYMOUS_KEY, true);

/**
 * A controller of web pages. Its handlers are public to the API's guard (a page has no bearer
 * token of its own) and guarded by the session instead: signed in (unless @Anonymous()), and every
 * POST carrying the session's `_csrf`. Errors become plain-language pages.
 */
export const WebController = (prefix = '') => applyDecorators(Controller(prefix), Public(), UseGuards(WebSessionGuard), UseFilters(WebErrorsFilter));

/** The request's WebPage: `handler(@Page() page: WebPage)`. */
export const Page = createParamDecorator((_: unknown, context: ExecutionContext): WebPage => {
  const page = context.switchToHttp().getRequest<Request & { webPage?: WebPage }>().webPage;
  if (!page) throw new Error('@Page() outside a @WebController');
  return page;
});

@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly client: GraphqlClient,
    @Inject(VIEWS) private readonly views: nunjucks.Environment,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { webPage?: WebPage; signedCookies?: Record<string, unknown> }>();
    const res = http.getResponse<Response>();
    const anonymous = this.reflector.getAllAndOverride<boolean>(ANONYMOUS_KEY, [context.getHandler(), context.getClass()]) ?? false;

    const cookie = req.signedCookies?.[SESSION_COOKIE];
    let session = typeof cookie === 'string' ? await this.sessions.find(cookie) : null;
    if (!anonymous && !session?.token) throw new SignInRequired(cookie && !session ? 'You were signed out because you had not used the service for a while' : null);
    if (!session) {
      session = await this.sessions.create();
      setSessionCookie(res, this.settings, session);
    }
    if (req.method === 'POST' && !csrfMatches(session, (req.body as Record<string, unknown> | undefined)?._csrf)) throw new CsrfRefused();
    req.webPage = new WebPage(req, res, session, this.views, this.client, this.settings);
    return true;
  }
}
