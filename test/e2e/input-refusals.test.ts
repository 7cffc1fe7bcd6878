import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startTestApp, expectRefused, type TestApp } from '../support/app.js';
import { allocate, Q, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Input no one should send, sent anyway: text PostgreSQL cannot store (NUL bytes, unpaired UTF-16
 * surrogates) in any argument or HTTP parameter, impossible dates, brackets nested thousands deep,
 * values of the wrong type. Each is refused with the contract's code and a message naming the field,
 * never a 500, never the value quoted back, and nothing is appended.
 */

let t: TestApp;
let a: Authority;
let auditId: string;

const NUL = 'rationale\u0000with a NUL';
const LONE_HIGH = 'team \uD800 name';
const LONE_LOW = 'x\uDC00';

async function postRaw(path: string, body: string, token: string | null) {
  const response = await fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('input refusals', () => {
  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-14T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    auditId = await allocate(t, a, a.cycles['2026-12']);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('text that cannot be stored', () => {
    const rule = /must not contain NUL bytes or unpaired surrogates$/;

    it('is BAD_USER_INPUT naming the field, in an input object, a top-level id and a list, and appends nothing', async () => {
      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        [Q.setGrade, { input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: NUL } }, 'aud', 'input.rationale'],
        [Q.recordAnswer, { input: { auditId, section: 'S2_WHY_HELP', question: 'q1', answer: 'YES', comment: LONE_LOW } }, 'aud', 'input.comment'],
        [`mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`, { input: { id: 'east', name: LONE_HIGH, service: 'Early Help' } }, 'admin', 'input.name'],
        [Q.submit, { auditId: 'a\u0000b' }, 'aud', 'auditId'],
        [Q.audit, { id: '\uDBFF' }, 'qa', 'id'],
        [`query($c: ID!) { tracker(cycleId: $c) { caseRef } }`, { c: 'cycle\u0000' }, 'qa', 'cycleId'],
        [Q.uopp, { input: { auditId, heldOn: '2026-12-14', chairId: 'aud', attendeeIds: ['prac', 'tm\u0000'] } }, 'aud', 'input.attendeeIds.1'],
      ];
      for (const [query, variables, as, field] of cases) {
        const result = await expectRefused(t, query, variables, a.as[as], 'BAD_USER_INPUT', new RegExp(`^${field.replace(/\./g, '\\.')}: ${rule.source}`));
        expect(result.errors?.[0]?.extensions?.field).toBe(field);
      }
    });

    it('is refused in a literal of the document too (a \\u0000 escape), naming the argument', async () => {
      const result = await expectRefused(t, `query { audit(id: "a\\u0000") { id } }`, {}, a.as.qa, 'BAD_USER_INPUT', /^id: must not contain NUL/);
      expect(result.errors?.[0]?.extensions?.field).toBe('id');
    });

    it('keeps a well-formed pair of surrogates (an emoji is text)', async () => {
      const result = await t.ok(Q.setGrade, { input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: 'the family were happy 😀' } }, a.as.aud);
      expect(result.setGrade.id).toBe(auditId);
    });

    it('is 400 BAD_USER_INPUT on the dev login, naming userId', async () => {
      for (const userId of ['admin\u0000', '\uD83D']) {
        const response = await postRaw('/auth/dev-login', JSON.stringify({ userId }), null);
        expect({ status: response.status, body: JSON.parse(response.text) }).toEqual({
          status: 400,
          body: { error: 'BAD_USER_INPUT', message: 'userId: must not contain NUL bytes or unpaired surrogates', field: 'userId' },
        });
      }
    });

    it('is 400 BAD_USER_INPUT in an HTTP query or route parameter', async () => {
      const headers = { authorization: `Bearer ${a.as.qa}` };
      const exported = await fetch(`${t.baseUrl}/exports/tracker.csv?cycleId=${encodeURIComponent('c\u0000')}`, { headers });
      expect({ status: exported.status, body: await exported.json() }).toEqual({
        status: 400,
        body: { error: 'BAD_USER_INPUT', message: 'cycleId: must not contain NUL bytes or unpaired surrogates', field: 'cycleId' },
      });
      await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
        input: { id: 'gov', name: 'Gov Reader', email: 'gov@council.example', teamId: null, roles: ['GOVERNANCE'] },
      });
      const trail = await fetch(`${t.baseUrl}/trails/a%00b`, { headers: { authorization: `Bearer ${await t.login('gov')}` } });
      expect({ status: trail.status, body: await trail.json() }).toEqual({
        status: 400,
        body: { error: 'BAD_USER_INPUT', message: 'auditId: must not contain NUL bytes or unpaired surrogates', field: 'auditId' },
      });
    });
  });

  describe('HTTP requests Express refuses', () => {
    it('say what is wrong without quoting the body or the path', async () => {
      for (const path of ['/auth/dev-login', '/graphql']) {
        for (const body of ['{"userId": "SECRET', '"SECRET"']) {
          const response = await postRaw(path, body, a.as.qa);
          expect({ path, body, status: response.status, answer: JSON.parse(response.text) }).toEqual({ path, body, status: 400, answer: { error: 'BAD_USER_INPUT', message: 'body: must be valid JSON' } });
        }
      }
      const badEncoding = await fetch(`${t.baseUrl}/trails/%FF%FE`, { headers: { authorization: `Bearer ${a.as.qa}` } });
      expect({ status: badEncoding.status, body: await badEncoding.json() }).toEqual({ status: 400, body: { error: 'BAD_USER_INPUT', message: 'path: must be valid percent-encoding' } });
      const nowhere = await fetch(`${t.baseUrl}/SECRET-PATH`, { method: 'POST' });
      expect({ status: nowhere.status, body: await nowhere.json() }).toEqual({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'nothing is served at this path' } });
    });
  });

  describe('dates', () => {
    const CHANGES = `query($since: DateTime, $until: DateTime) { gradeChanges(since: $since, until: $until) { changedAt } }`;

    it('refuses an impossible instant rather than rolling it over into the next month, as a variable or a literal', async () => {
      for (const since of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-12-01T24:00:00Z', '2026-12-01', 'yesterday']) {
        const response = await postRaw('/graphql', JSON.stringify({ query: CHANGES, variables: { since } }), a.as.qa);
        const body = JSON.parse(response.text);
        expect({ since, status: response.status, errors: body.errors }).toEqual({
          since,
          status: 400,
          errors: [{ message: expect.stringMatching(/^since: must be an instant written ISO 8601/), extensions: { code: 'BAD_USER_INPUT', field: 'since' } }],
        });
      }
      const literal = await t.gql(`{ gradeChanges(since: "2026-02-30T00:00:00Z") { changedAt } }`, {}, a.as.qa);
      expect(literal.errors?.map((e: any) => [e.extensions?.code, e.message, e.locations])).toEqual([
        ['GRAPHQL_VALIDATION_FAILED', expect.stringMatching(/^DateTime must be an instant written ISO 8601/), [{ line: 1, column: 23 }]],
      ]);
    });

    it('accepts a real instant with any offset, and the last day of February in a leap year', async () => {
      for (const since of ['2026-02-28T23:59:59Z', '2028-02-29T00:00:00.000+01:00', '2026-12-01T09:00:00.123456Z']) {
        expect((await t.gql(CHANGES, { since }, a.as.qa)).errors).toBeUndefined();
      }
    });

    it('refuses an impossible calendar date (LocalDate) without quoting it', async () => {
      const result = await expectRefused(t, Q.uopp, { input: { auditId, heldOn: '2026-02-30', chairId: 'aud', attendeeIds: ['prac'] } }, a.as.aud, 'BAD_USER_INPUT', /^input\.heldOn: must be a real date written YYYY-MM-DD$/);
      expect(JSON.stringify(result)).not.toContain('2026-02-30');
    });
  });

  describe('documents and values of the wrong shape', () => {
    it('answers 5,000 nested brackets with 400 GRAPHQL_PARSE_FAILED, not a stack overflow', async () => {
      for (const open of ['[', '{', '(']) {
        const response = await postRaw('/graphql', JSON.stringify({ query: `{ tracker(cycleId: ${open.repeat(5000)}) { caseRef } }` }), a.as.qa);
        expect({ status: response.status, body: JSON.parse(response.text) }).toEqual({
          status: 400,
          body: { errors: [{ message: 'Syntax Error: Document nests brackets deeper than 64 levels. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] },
        });
      }
      // A variable nested as deep is JSON, not GraphQL: refused by its type, naming it.
      const deep = `{"query":"mutation($ids: [ID!]!) { recordUoPPMeeting(input: {auditId: \\"x\\", heldOn: \\"2026-12-14\\", chairId: \\"aud\\", attendeeIds: $ids}) { id } }","variables":{"ids":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
      const variable = await postRaw('/graphql', deep, a.as.qa);
      expect({ status: variable.status, body: JSON.parse(variable.text) }).toEqual({
        status: 400,
        body: { errors: [{ message: 'input.attendeeIds.0: must be an id (text)', extensions: { code: 'BAD_USER_INPUT', field: 'input.attendeeIds.0' } }] },
      });
    });

    it('says what a variable must be, naming it, without quoting what was sent', async () => {
      const secret = 'SECRET-VALUE-'.repeat(500);
      const cases: Array<[string, Record<string, unknown>, string]> = [
        [Q.setGrade, { input: { auditId, section: 'OVERALL', grade: secret, rationale: 'r' } }, 'input.grade: must be one of GOOD, INADEQUATE, OUTSTANDING, REQUIRES_IMPROVEMENT'],
        [Q.setGrade, { input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: 7 } }, 'input.rationale: must be text'],
        [Q.setGrade, { input: { auditId, section: 'OVERALL', rationale: secret } }, 'input.grade: is required'],
        [Q.setGrade, { input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: 'r', [secret.slice(0, 40)]: 1 } }, 'input: has a field SetGradeInput does not define'],
        [Q.setGrade, { input: secret }, 'input: must be an object (SetGradeInput)'],
        [Q.submit, {}, 'auditId: is required'],
        [`query($n: Int) { trackerPage(first: $n) { totalCount } }`, { n: secret }, 'first: must be a whole number from -2147483648 to 2147483647'],
      ];
      for (const [query, variables, message] of cases) {
        const before = await t.eventCount();
        const response = await postRaw('/graphql', JSON.stringify({ query, variables }), a.as.aud);
        const body = JSON.parse(response.text);
        expect({ status: response.status, errors: body.errors }).toEqual({
          status: 400,
          errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field: message.split(':')[0] } }],
        });
        expect(response.text).not.toContain('SECRET-VALUE');
        expect(await t.eventCount()).toBe(before);
      }
    });

    it('does not quote a literal of the wrong type back', async () => {
      const result = await t.gql(`{ trackerPage(first: "SECRET-LITERAL") { totalCount } }`, {}, a.as.qa);
      expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['GRAPHQL_VALIDATION_FAILED', 'Expected value of type "Int": must be a whole number from -2147483648 to 2147483647.']]);
    });

    it('names an id it does not recognise only when it is shaped like one', async () => {
      await expectRefused(t, `query($c: ID!) { tracker(cycleId: $c) { caseRef } }`, { c: 'no-such-cycle' }, a.as.qa, 'NOT_FOUND', /^cycle no-such-cycle does not exist$/);
      const result = await expectRefused(t, `query($c: ID!) { tracker(cycleId: $c) { caseRef } }`, { c: '<script>SECRET</script>' }, a.as.qa, 'NOT_FOUND', /^no cycle has that id$/);
      expect(JSON.stringify(result)).not.toContain('SECRET');
    });
  });
});
