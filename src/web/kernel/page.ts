import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type nunjucks from 'nunjucks';
import type { Settings } from '../../config/settings.js';
import { ApiFailure, idempotencyKey, type ApiError, type ApiFile, type GraphqlClient } from './graphql-client.js';
import type { WebSession } from './sessions.js';
import { navigationFor } from '../layout/navigation.js';

/** What a mutation sent from a form came to: its data, or the errors to show beside the fields. */
export type MutationResult<T> = { ok: true; data: T } | { ok: false; errors: ApiError[] };

/**
 * Codes a form shows beside its fields (or at the top of its error summary); any other error ends
 * the request with a page of its own (web-errors.filter.ts).
 */
const FORM_CODES = new Set(['BAD_USER_INPUT', 'CONFLICT']);

/**
 * One request to a web page: the signed-in person's session, their form, and the three things a
 * page does — ask the API, render a template, redirect. Handlers get it with `@Page()`.
 */
export class WebPage {
  constructor(
    readonly req: Request & { correlationId?: string },
    readonly res: Response,
    readonly session: WebSession,
    private readonly views: nunjucks.Environment,
    private readonly client: GraphqlClient,
    private readonly settings: Settings,
  ) {}

  /** The signed-in staff member's id (null on the sign-in pages). */
  get staffId(): string | null {
    return this.session.staffId;
  }

  /** The posted form's fields (urlencoded), as strings; empty for a GET. */
  get form(): Record<string, string> {
    const body = (this.req.body ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '')]));
  }

  /** A query as the signed-in person. Any error ends the request with its page (not found, not allowed, …). */
  async query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { data, errors } = await this.client.call<T>(document, variables, this.callOptions());
    if (errors.length > 0 || data === null) throw new ApiFailure(errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', errors);
    return data;
  }

  /**
   * A mutation as the signed-in person, with an Idempotency-Key made from the form's `_form` token,
   * so posting the same form twice does it once. BAD_USER_INPUT and CONFLICT come back for the form
   * to show (FormErrors.addApiErrors); any other error ends the request with its page.
   */
  async mutate<T>(document: string, variables: Record<string, unknown> = {}): Promise<MutationResult<T>> {
    const key = idempotencyKey(this.session.id, this.form._form || undefined, document, variables);
    const { data, errors } = await this.client.call<T>(document, variables, { ...this.callOptions(), idempotencyKey: key });
    if (errors.length === 0 && data !== null) return { ok: true, data };
    const code = errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (errors.every((e) => FORM_CODES.has(e.extensions?.code ?? ''))) return { ok: false, errors };
    throw new ApiFailure(code, errors);
  }

  /**
   * Renders a template of src/web with `context` and what every page needs: `signedIn` ({id, name, roles} or null), `csrfToken`,
   * `formToken` (a fresh `_form` for each form), `cspNonce`, `flash`, `serviceName`.
   */
  render(view: string, context: Record<string, unknown> = {}, status = 200): void {
    const common = this.common();
    const serviceNavigation = this.session.staffId ? navigationFor(this.session.roles ?? [], context.navigation) : [];
    const html = this.views.render(view, { ...common, serviceNavigation, ...context });
    this.res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
  }

  /**
   * Sends on a file of the API's export routes (`/exports/…`), fetched as the signed-in person: the
   * route's own guard and roles apply; a refusal ends the request with its page.
   */
  async sendFile(path: string): Promise<void> {
    const file = await this.client.file(path, this.callOptions());
    this.res.status(200).set('Content-Type', file.contentType).set('Cache-Control', 'no-store');
    if (file.disposition) this.res.set('Content-Disposition', file.disposition);
    this.res.send(file.bytes);
  }

  redirect(url: string): void {
    this.res.redirect(303, url);
  }

  common(): Record<string, unknown> {
    return {
      serviceName: 'Practice Audit',
      signedIn: this.session.staffId ? { id: this.session.staffId, name: this.session.name, roles: this.session.roles } : null,
      csrfToken: this.session.csrf,
      // Every form shown is a new one, a re-shown refused form too: only the very same POST sent again
      // (a double click, a browser resending it) carries the same token and so the same keys.
      formToken: randomBytes(16).toString('base64url'),
      cspNonce: this.res.locals.cspNonce,
      flash: this.session.flash,
      authMode: this.settings.authMode,
    };
  }

  private callOptions() {
    return { token: this.session.token, correlationId: this.req.correlationId };
  }
}
