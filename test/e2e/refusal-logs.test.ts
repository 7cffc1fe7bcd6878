import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { loadSettings } from '../../src/config/settings.js';
import { JsonLogger } from '../../src/config/json-logger.js';
import { createApp, startInfrastructure, type Infrastructure } from '../../src/app.js';
import { ensureDevAdmin } from '../../src/auth/dev-admin.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * What the log says about a refusal and about a fault, read from the JSON lines the service writes
 * (the logger main.ts installs, writing into a buffer). A refusal — a DomainError of any code,
 * RATE_LIMITED, a document or variable refused before it runs, an HTTP route's 4xx — is one line at
 * `info` with its code, never its message, never a stack. A fault is a line at `error` with its
 * stack under the request's correlation id. Nothing else is logged at `error`.
 */

let db: TestDatabase;
let infra: Infrastructure;
let app: INestApplication;
let baseUrl: string;
const lines: string[] = [];
const tokens: Record<string, string> = {};

/** Every message a refusal below answers with (or a piece of it): none may reach the log. */
const REFUSAL_TEXT = /already registered|must not be empty|does not exist|ghost|must not contain|needs one of the roles|no registered staff|is required|Cannot query field|too many|Internal error|SECRET/i;

async function gql(query: string, variables: Record<string, unknown>, as: string, correlationId: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[as]}`, 'x-correlation-id': correlationId },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

async function http(path: string, as: string | null, correlationId: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}), 'x-correlation-id': correlationId },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const logged = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
const about = (correlationId: string) => logged().filter((line) => line.correlationId === correlationId);

describe('refusals and faults in the log', () => {
  beforeAll(async () => {
    db = await createTestDatabase('logs');
    const logger = new JsonLogger((line) => lines.push(line), ['log', 'warn', 'error', 'fatal']);
    const settings = loadSettings({ NODE_ENV: 'test', AUTH_MODE: 'dev', SEED_DEMO: 'false', DATABASE_URL: db.url, RATE_LIMIT_MUTATIONS: '5' });
    infra = await startInfrastructure(settings, logger);
    app = await createApp(infra, { logger });
    await ensureDevAdmin(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = async (id: string) => {
      const response = await fetch(`${baseUrl}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: id }) });
      tokens[id] = ((await response.json()) as { token: string }).token;
    };
    await login('admin');
    await gql(`mutation { registerTeam(input: {id: "north", name: "North", service: "Early Help"}) { id } }`, {}, 'admin', 'setup');
    const staff = `mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`;
    for (const [id, role] of [['aud', 'AUDITOR'], ['gov', 'GOVERNANCE']]) {
      await gql(staff, { input: { id, name: `Staff ${id}`, email: `${id}@council.example`, teamId: null, roles: [role] } }, 'admin', 'setup');
      await login(id);
    }
    lines.length = 0;
  });

  afterAll(async () => {
    await app?.close();
    await infra?.close();
    await db?.drop();
  });

  describe('GraphQL refusals', () => {
    const setGrade = `mutation($input: SetGradeInput!) { setGrade(input: $input) { id } }`;
    const answers: Record<string, string | undefined> = {};

    beforeAll(async () => {
      const sent: Array<[string, string, Record<string, unknown>, string]> = [
        ['conflict', `mutation { registerTeam(input: {id: "north", name: "North", service: "Early Help"}) { id } }`, {}, 'admin'],
        ['forbidden', `mutation { registerTeam(input: {id: "south", name: "South", service: "Early Help"}) { id } }`, {}, 'aud'],
        ['not-found', setGrade, { input: { auditId: 'ghost', section: 'OVERALL', grade: 'GOOD', rationale: 'SECRET rationale' } }, 'aud'],
        ['bad-input', setGrade, { input: { auditId: 'ghost', section: 'OVERALL', grade: 'GOOD', rationale: 'SECRET\u0000' } }, 'aud'],
        ['bad-input-validated', setGrade, { input: { auditId: 'ghost', section: 'OVERALL', grade: 'GOOD', rationale: ' ' } }, 'aud'],
        ['bad-variable', setGrade, { input: { auditId: 'ghost', section: 'OVERALL', rationale: 'SECRET rationale' } }, 'aud'],
        ['validation', `{ me { id secretField } }`, {}, 'aud'],
        ['nested-too-deep', `{ tracker(cycleId: ${'['.repeat(5000)}) { caseRef } }`, {}, 'aud'],
        ['not-found-2', setGrade, { input: { auditId: 'ghost', section: 'OVERALL', grade: 'GOOD', rationale: 'r' } }, 'aud'],
        ['not-found-3', setGrade, { input: { auditId: 'ghost', section: 'OVERALL', grade: 'GOOD', rationale: 'r' } }, 'aud'],
        ['rate-limited', setGrade, { input: { auditId: 'ghost', section: 'OVERALL', grade: 'GOOD', rationale: 'r' } }, 'aud'],
      ];
      for (const [correlationId, query, variables, as] of sent) answers[correlationId] = (await gql(query, variables, as, correlationId)).errors?.[0]?.extensions?.code;
    });

    it('were refused with the code each is about', () => {
      expect(answers).toEqual({
        conflict: 'CONFLICT',
        forbidden: 'FORBIDDEN',
        'not-found': 'NOT_FOUND',
        'bad-input': 'BAD_USER_INPUT',
        'bad-input-validated': 'BAD_USER_INPUT',
        'bad-variable': 'BAD_USER_INPUT',
        validation: 'GRAPHQL_VALIDATION_FAILED',
        'nested-too-deep': 'GRAPHQL_PARSE_FAILED',
        'not-found-2': 'NOT_FOUND',
        'not-found-3': 'NOT_FOUND',
        'rate-limited': 'RATE_LIMITED',
      });
    });

    it('are each one line at info with the code, and nothing more: no message, no stack', () => {
      for (const [correlationId, code] of Object.entries(answers)) {
        expect({ correlationId, lines: about(correlationId) }).toEqual({
          correlationId,
          lines: [expect.objectContaining({ level: 'info', context: 'GraphQL', msg: 'graphql', errorCodes: [code] })],
        });
      }
    });
  });

  describe('HTTP refusals', () => {
    const answers: Record<string, { status: number; error: unknown }> = {};
    const callers: Record<string, string | null> = {};

    beforeAll(async () => {
      const sent: Array<[string, string, string | null, RequestInit?]> = [
        ['http-bad-input', '/exports/tracker.csv', 'gov'],
        ['http-forbidden', '/exports/tracker.csv?cycleId=c1', 'aud'],
        ['http-not-found', '/trails/ghost', 'gov'],
        ['http-unauthenticated', '/trails/ghost', null],
        ['http-import-forbidden', '/imports/tracker', 'aud', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'SECRET' }],
        ['dev-login-unknown', '/auth/dev-login', null, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'ghost' }) }],
        ['dev-login-nul', '/auth/dev-login', null, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'SECRET\u0000' }) }],
      ];
      for (const [correlationId, path, as, init] of sent) {
        const { status, body } = await http(path, as, correlationId, init);
        answers[correlationId] = { status, error: body.error };
        callers[correlationId] = as;
      }
    });

    it('were answered with their status and code', () => {
      expect(answers).toEqual({
        'http-bad-input': { status: 400, error: 'BAD_USER_INPUT' },
        'http-forbidden': { status: 403, error: 'FORBIDDEN' },
        'http-not-found': { status: 404, error: 'NOT_FOUND' },
        'http-unauthenticated': { status: 401, error: 'UNAUTHENTICATED' },
        'http-import-forbidden': { status: 403, error: 'FORBIDDEN' },
        'dev-login-unknown': { status: 401, error: 'UNAUTHENTICATED' },
        'dev-login-nul': { status: 400, error: 'BAD_USER_INPUT' },
      });
    });

    it('are each one line at info with the route pattern, caller, status and code: never the path, the message or a stack', () => {
      for (const [correlationId, { status, error }] of Object.entries(answers)) {
        const [line, ...more] = about(correlationId);
        expect({ correlationId, line, more }).toEqual({
          correlationId,
          line: { time: expect.any(String), level: 'info', context: 'HTTP', correlationId, msg: 'http refused', method: expect.any(String), route: expect.any(String), staffId: callers[correlationId], status, code: error },
          more: [],
        });
      }
      expect(about('http-not-found')[0]).toMatchObject({ route: '/trails/:auditId', staffId: 'gov' });
    });
  });

  describe('faults', () => {
    let graphqlAnswer: unknown;
    let httpAnswer: { status: number; body: unknown };

    beforeAll(async () => {
      // The staff directory briefly unreadable: signing a request in fails unexpectedly.
      await infra.dataSource.query('ALTER TABLE staff RENAME TO staff_away');
      try {
        graphqlAnswer = await gql(`{ me { id } }`, {}, 'aud', 'fault-graphql');
        httpAnswer = await http('/exports/tracker.csv?cycleId=c1', 'gov', 'fault-http');
      } finally {
        await infra.dataSource.query('ALTER TABLE staff_away RENAME TO staff');
      }
    });

    it('are answered without detail', () => {
      expect(graphqlAnswer).toEqual({ data: null, errors: [{ message: 'Internal error', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      expect(httpAnswer).toEqual({ status: 500, body: { error: 'INTERNAL_SERVER_ERROR', message: 'Internal error' } });
    });

    it('are logged at error with their stack under the correlation id', () => {
      expect(about('fault-graphql')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 'error', context: 'GraphQL', msg: 'unexpected error', correlationId: 'fault-graphql', stack: expect.stringMatching(/staff[\s\S]*\n\s+at /) }),
          expect.objectContaining({ level: 'info', msg: 'graphql', errorCodes: ['INTERNAL_SERVER_ERROR'] }),
        ]),
      );
      expect(about('fault-http')).toEqual([
        expect.objectContaining({ level: 'error', context: 'HTTP', msg: 'unexpected error', route: '/exports/tracker.csv', stack: expect.stringMatching(/staff[\s\S]*\n\s+at /) }),
      ]);
    });
  });

  describe('the whole log', () => {
    it('has nothing at error but the two faults, no stack elsewhere, and none of the refusals\' words', () => {
      const all = logged();
      expect(all.length).toBeGreaterThanOrEqual(18);
      expect(all.filter((line) => line.level === 'error' || line.level === 'fatal').map((line) => line.correlationId)).toEqual(['fault-graphql', 'fault-http']);
      expect(all.filter((line) => line.stack !== undefined).map((line) => line.correlationId)).toEqual(['fault-graphql', 'fault-http']);
      expect(lines.filter((line) => REFUSAL_TEXT.test(line.replace(/"stack":"(?:[^"\\]|\\.)*"/, '')))).toEqual([]);
      expect(lines.filter((line) => /"message"|ExceptionsHandler|DomainError/.test(line))).toEqual([]);
    });
  });
});
