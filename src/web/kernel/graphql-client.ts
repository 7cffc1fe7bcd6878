import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** One error as the API sends it (shared/api/README.md, "Error codes"). */
export interface ApiError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; field?: string; retryAfterSeconds?: number };
}

/**
 * The API answered with an error a page cannot put beside a field: the web error filter
 * (web-errors.filter.ts) turns it into a plain-language page.
 */
export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    readonly errors: ApiError[],
  ) {
    super(errors[0]?.message ?? code);
    this.name = 'ApiFailure';
  }
}

export interface CallOptions {
  token: string | null;
  correlationId?: string;
  /** Sent as the Idempotency-Key header (mutations from forms). */
  idempotencyKey?: string;
}

/**
 * The pages' only road to the data: the public GraphQL API over HTTP on this same server, so every
 * guard, rate limit, log line and error applies to a page exactly as to any other client.
 */
@Injectable()
export class GraphqlClient {
  constructor(private readonly http: HttpAdapterHost) {}

  private url(path = '/graphql'): string {
    const address = this.http.httpAdapter.getHttpServer().address() as AddressInfo | null;
    if (!address) throw new ApiFailure('SERVICE_UNAVAILABLE', [{ message: 'the service is not listening yet' }]);
    return `http://127.0.0.1:${address.port}${path}`;
  }

  /** POST /auth/dev-login: a bearer token for a registered staff member, or null when refused. */
  async devLogin(staffId: string, correlationId?: string): Promise<string | null> {
    let response: Response;
    try {
      response = await fetch(this.url('/auth/dev-login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(correlationId ? { 'x-correlation-id': correlationId } : {}) },
        body: JSON.stringify({ userId: staffId }),
      });
    } catch {
      throw new ApiFailure('SERVICE_UNAVAILABLE', [{ message: 'the service could not be reached' }]);
    }
    if (response.status !== 200) return null;
    return ((await response.json()) as { token?: string }).token ?? null;
  }

  /** data and errors as the API answered them; a network failure or a non-JSON answer is SERVICE_UNAVAILABLE. */
  async call<T>(query: string, variables: Record<string, unknown>, options: CallOptions): Promise<{ data: T | null; errors: ApiError[] }> {
    let response: Response;
    try {
      response = await fetch(this.url(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.correlationId ? { 'x-correlation-id': options.correlationId } : {}),
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new ApiFailure('SERVICE_UNAVAILABLE', [{ message: 'the service could not be reached' }]);
    }
    const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: ApiError[] } | null;
    if (!body) {
      const code = response.status === 429 ? 'RATE_LIMITED' : 'SERVICE_UNAVAILABLE';
      throw new ApiFailure(code, [{ message: `the service answered ${response.status}` }]);
    }
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }

  /**
   * GET a file of the API's plain HTTP routes (e.g. /exports/audit.docx) as the caller; a refusal
   * (`{ error, message }`) becomes an ApiFailure with the API's code and message.
   */
  async download(path: string, options: CallOptions): Promise<ApiFile> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.correlationId ? { 'x-correlation-id': options.correlationId } : {}),
        },
      });
    } catch {
      throw new ApiFailure('SERVICE_UNAVAILABLE', [{ message: 'the service could not be reached' }]);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.status === 200) {
      return { contentType: response.headers.get('content-type') ?? 'application/octet-stream', disposition: response.headers.get('content-disposition'), bytes };
    }
    const body = (() => {
      try {
        return JSON.parse(bytes.toString('utf8')) as { error?: string; message?: string };
      } catch {
        return null;
      }
    })();
    const code = body?.error ?? (response.status === 429 ? 'RATE_LIMITED' : 'SERVICE_UNAVAILABLE');
    throw new ApiFailure(code, [{ message: body?.message ?? `the service answered ${response.status}`, extensions: { code } }]);
  }
}

/** A file the API gave (GET /exports/…): its type, the name it is saved under, its bytes. */
export interface ApiFile {
  contentType: string;
  disposition: string | null;
  bytes: Buffer;
}

/**
 * The Idempotency-Key of one mutation sent by one form: the form's token (rendered into the form
 * when it was shown), the session, and what is sent. Posting the same form again sends the same
 * keys, so nothing is done twice; changing a field and posting again is a new mutation.
 */
export function idempotencyKey(sessionId: string, formToken: string | undefined, query: string, variables: Record<string, unknown>): string {
  if (!formToken) return randomUUID();
  return createHash('sha256').update(JSON.stringify([sessionId, formToken, query, variables])).digest('base64url');
}
