import { expect } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { loadSettings } from '../../src/config/settings.js';
import { createApp, startInfrastructure, type Infrastructure } from '../../src/app.js';
import { ensureDevAdmin } from '../../src/auth/dev-admin.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; field?: string } }>;
}

/**
 * The whole service over HTTP on a random port, on a fresh database of its own on the test run's
 * real PostgreSQL, in dev auth mode, with `admin` registered.
 */
export interface TestApp {
  baseUrl: string;
  app: INestApplication;
  infra: Infrastructure;
  db: TestDatabase;
  login(staffId: string): Promise<string>;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  /** gql that fails the test on any error; returns data. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  /** Events in the store, to prove a refused command appended nothing. */
  eventCount(): Promise<number>;
  /**
   * Stops this process and serves the same database again with other settings (e.g. a later
   * APP_CLOCK). Dev tokens are per process, so callers log in again.
   */
  restart(env: Record<string, string>): Promise<TestApp>;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  return serve(await createTestDatabase('e2e'), env);
}

/**
 * The service on `db` (made by startTestApp, or kept from a process restarted with other settings).
 * Also a second service on the database of a running one: close it with `app.close()` and
 * `infra.close()`, since its `close()` would drop the shared database.
 */
export async function serve(db: TestDatabase, env: Record<string, string>): Promise<TestApp> {
  // Mail is sent and reminders fired only when a test asks (OutboxSender.drain, ReminderScheduler.tick).
  const settings = loadSettings({ NODE_ENV: 'test', AUTH_MODE: 'dev', SEED_DEMO: 'false', DATABASE_URL: db.url, PORT: '0', MAIL_POLL_MS: '0', REMINDER_POLL_MS: '0', ...env });
  const infra = await startInfrastructure(settings, silentLogger);
  const app = await createApp(infra, { logger: false });
  await ensureDevAdmin(app);
  await app.listen(settings.port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const tokens = new Map<string, string>();
  const stop = async () => {
    await app.close();
    await infra.close();
  };

  const login = async (staffId: string) => {
    const cached = tokens.get(staffId);
    if (cached) return cached;
    const response = await fetch(`${baseUrl}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: staffId }),
    });
    if (response.status !== 200) throw new Error(`dev-login ${staffId}: ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    tokens.set(staffId, token);
    return token;
  };

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string | null) => {
    const bearer = token === undefined ? await login('admin') : token;
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };

  return {
    baseUrl,
    app,
    infra,
    db,
    login,
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, token?: string | null) {
      const result = await gql<T>(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    eventCount: async () => (await infra.store.readAll({ maxCount: 1_000_000 })).length,
    async restart(restartEnv: Record<string, string>) {
      await stop();
      return serve(db, { ...env, ...restartEnv });
    },
    async close() {
      await stop();
      await db.drop();
    },
  };
}

/**
 * The command is refused with `code`, the message names the field or rule (`mentions`), no data
 * came back, and not one event was appended.
 */
export async function expectRefused(
  t: TestApp,
  query: string,
  variables: Record<string, unknown>,
  token: string | null | undefined,
  code: string,
  mentions: RegExp,
): Promise<GraphQLResponse> {
  const before = await t.eventCount();
  const result = await t.gql(query, variables, token);
  expect({ code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message }).toEqual({
    code,
    message: expect.stringMatching(mentions),
  });
  expect(result.data?.[Object.keys(result.data ?? {})[0]] ?? null).toBeNull();
  expect(await t.eventCount()).toBe(before);
  return result;
}

const silentLogger = { log() {}, error() {}, warn() {}, debug() {}, verbose() {} };
