import vm from 'node:vm';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getIntrospectionQuery, parse, specifiedRules, validate, type ValidationRule } from 'graphql';
import { startTestApp, type TestApp } from '../support/app.js';
import { loadSettings } from '../../src/config/settings.js';
import { apolloHardening } from '../../src/graphql/hardening.js';
import { Q, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * The GraphQL endpoint under abuse, outside production: depth, cost, alias, directive and token
 * limits; the body size limit; CSRF prevention; the per-staff mutation rate limit (RATE_LIMITED);
 * security headers; and GraphiQL served entirely from this server.
 */

let t: TestApp;
let a: Authority;

const post = (body: string, headers: Record<string, string>, token?: string) =>
  fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

/** A query nesting `reaudits` `levels` deep under audit(id). */
const nested = (levels: number) => `query { audit(id: "x") { ${'reaudits { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

describe('GraphQL hardening (outside production)', () => {
  beforeAll(async () => {
    t = await startTestApp();
    a = await setUpAuthority(t, ['2026-12']);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('limits at their defaults', () => {
    it("let every document the service's own clients send through, GraphiQL's introspection included", () => {
      const schema = t.app.get(GraphQLSchemaHost).schema;
      const rules = apolloHardening(loadSettings({})).validationRules as ValidationRule[];
      const documents = { ...Q, introspection: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) };
      for (const [name, document] of Object.entries(documents)) {
        const errors = validate(schema, parse(document, { maxTokens: loadSettings({}).limits.maxTokens }), [...specifiedRules, ...rules]);
        expect({ name, errors: errors.map((e) => e.message) }).toEqual({ name, errors: [] });
      }
    });

    it('refuse a query nested deeper than 8 before running it, with 400 and GRAPHQL_VALIDATION_FAILED', async () => {
      const ok = await t.gql(nested(6), {}, a.as.admin);
      expect(ok.errors).toBeUndefined();
      const response = await post(JSON.stringify({ query: nested(8) }), { 'content-type': 'application/json' }, a.as.admin);
      expect(response.status).toBe(400);
      const body = (await response.json()) as any;
      expect(body.errors.map((e: any) => ({ code: e.extensions.code, message: e.message }))).toEqual([
        { code: 'GRAPHQL_VALIDATION_FAILED', message: 'Syntax Error: Query depth limit of 8 exceeded, found 10.' },
      ]);
      expect(body.data).toBeUndefined();
    });

    it('refuse more than 15 aliases', async () => {
      const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
      expect((await t.gql(aliases(15), {}, a.as.admin)).errors).toBeUndefined();
      const result = await t.gql(aliases(16), {}, a.as.admin);
      expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['GRAPHQL_VALIDATION_FAILED', 'Syntax Error: Aliases limit of 15 exceeded, found 16.']]);
    });

    it('refuse more than 20 directives', async () => {
      const directives = (n: number) => `{ me { ${'__typename @skip(if: false) '.repeat(n)} } }`;
      expect((await t.gql(directives(20), {}, a.as.admin)).errors).toBeUndefined();
      const result = await t.gql(directives(21), {}, a.as.admin);
      expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['GRAPHQL_VALIDATION_FAILED', 'Syntax Error: Directives limit of 20 exceeded, found 21.']]);
    });

    it('stop parsing a document of more than 2000 tokens', async () => {
      const result = await t.gql(`{ me { ${'id '.repeat(2000)} } }`, {}, a.as.admin);
      expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['GRAPHQL_PARSE_FAILED', 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.'],
      ]);
    });

    it('refuse a request body over 100 KB with 413, before GraphQL sees it', async () => {
      const before = await t.eventCount();
      const padding = '#'.repeat(101 * 1024);
      const big = JSON.stringify({ query: `mutation { registerTeam(input: {id: "big", name: "Big", service: "Early Help"}) { id } }\n${padding}` });
      const response = await post(big, { 'content-type': 'application/json' }, a.as.admin);
      expect(response.status).toBe(413);
      expect(await t.eventCount()).toBe(before);
      const justUnder = JSON.stringify({ query: `{ me { id } }\n${'#'.repeat(99 * 1024)}` });
      const under = await post(justUnder, { 'content-type': 'application/json' }, a.as.admin);
      expect({ status: under.status, body: await under.json() }).toEqual({ status: 200, body: { data: { me: { id: 'admin' } } } });
    });
  });

  it('keeps field suggestions outside production (production hides them: hardening-production.test.ts)', async () => {
    const result = await t.gql(`{ aud(id: "x") { id } }`, {}, a.as.admin);
    expect(result.errors?.[0]?.message).toMatch(/Did you mean "audit"/);
  });

  describe('CSRF prevention', () => {
    const mutation = JSON.stringify({ query: `mutation { registerTeam(input: {id: "csrf", name: "Csrf", service: "Early Help"}) { id } }` });

    it('refuses simple requests a browser would send cross-site without a preflight: text/plain, form and multipart POSTs, and a GET', async () => {
      const before = await t.eventCount();
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const response = await post(mutation, { 'content-type': contentType }, a.as.admin);
        expect({ contentType, status: response.status, text: await response.text() }).toEqual({
          contentType,
          status: 400,
          text: expect.stringContaining('This operation has been blocked as a potential Cross-Site Request Forgery (CSRF)'),
        });
      }
      const get = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${a.as.admin}` } });
      expect(get.status).toBe(400);
      expect(await get.text()).toContain('Cross-Site Request Forgery');
      expect(await t.eventCount()).toBe(before);
    });

    it('answers the same requests once they carry a header that forces a preflight (or are JSON)', async () => {
      const get = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ me { id } }')}`, {
        headers: { authorization: `Bearer ${a.as.admin}`, 'apollo-require-preflight': 'true' },
      });
      expect(get.status).toBe(200);
      expect(((await get.json()) as any).data.me.id).toBe('admin');
      const json = await post(JSON.stringify({ query: '{ me { id } }' }), { 'content-type': 'application/json' }, a.as.admin);
      expect(json.status).toBe(200);
    });
  });

  describe('security headers', () => {
    it('sets a Content-Security-Policy that allows scripts from this server only (and the one inline script carrying its nonce), and the usual protections', async () => {
      const response = await fetch(`${t.baseUrl}/health`);
      const csp = Object.fromEntries(
        (response.headers.get('content-security-policy') ?? '').split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(csp).toMatchObject({
        'default-src': "'self'",
        'script-src': expect.stringMatching(/^'self' 'nonce-[A-Za-z0-9+/]{22}=='$/),
        'connect-src': "'self'",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
        'base-uri': "'none'",
      });
      // A new nonce for every response, so a page's nonce is no use to an injected script on another.
      const again = (await fetch(`${t.baseUrl}/health`)).headers.get('content-security-policy');
      expect(again).not.toBe(response.headers.get('content-security-policy'));
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('x-powered-by')).toBeNull();
      // Outside production the service may be reached over plain http: no HSTS, no upgrade.
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(csp['upgrade-insecure-requests']).toBeUndefined();
    });
  });

  describe('GraphiQL at GET /graphql, offline', () => {
    let page: string;
    let pageResponse: Response;

    beforeAll(async () => {
      pageResponse = await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
      page = await pageResponse.text();
    });

    it('serves the page to a browser, with no inline script and nothing from another origin', () => {
      expect(pageResponse.status).toBe(200);
      expect(pageResponse.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page).toContain('<div id="graphiql">');
      expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    });

    it('every script and stylesheet the page references loads from this server', async () => {
      const references = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(references).toEqual([
        '/graphql-ide/graphiql.min.css',
        '/graphql-ide/page.css',
        '/graphql-ide/react.production.min.js',
        '/graphql-ide/react-dom.production.min.js',
        '/graphql-ide/graphiql.min.js',
        '/graphql-ide/start.js',
      ]);
      const loaded: Record<string, string> = {};
      for (const reference of references) {
        const response = await fetch(`${t.baseUrl}${reference}`);
        const body = await response.text();
        expect({ reference, status: response.status, type: response.headers.get('content-type'), size: body.length > 0 }).toEqual({
          reference,
          status: 200,
          type: reference.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
          size: true,
        });
        loaded[reference] = body;
      }
      // The UMD builds define the globals start.js uses: React, ReactDOM.createRoot and GraphiQL.createFetcher.
      expect(loaded['/graphql-ide/react.production.min.js']).toContain('@license React');
      expect(loaded['/graphql-ide/react-dom.production.min.js']).toContain('createRoot');
      expect(loaded['/graphql-ide/graphiql.min.js']).toContain('window.GraphiQL = ');
      expect(loaded['/graphql-ide/graphiql.min.js']).toContain('module.exports = window["React"]');
      const start = loaded['/graphql-ide/start.js'];
      expect(() => new vm.Script(start)).not.toThrow();
      expect(start).toContain('GraphiQL.createFetcher({ url: "/graphql" })');
      expect(start).toContain('ReactDOM.createRoot(');
    });

    it('start.js renders GraphiQL with the fetcher for /graphql when run against the globals it expects', () => {
      const rendered: unknown[] = [];
      const sandbox = {
        GraphiQL: Object.assign(function GraphiQL() {}, { createFetcher: (options: unknown) => ({ fetcherFor: options }) }),
        React: { createElement: (type: unknown, props: unknown) => ({ type, props }) },
        ReactDOM: { createRoot: (element: unknown) => ({ render: (tree: unknown) => rendered.push({ element, tree }) }) },
        document: { getElementById: (id: string) => `#${id}` },
        JSON,
      };
      return fetch(`${t.baseUrl}/graphql-ide/start.js`)
        .then((r) => r.text())
        .then((start) => {
          vm.runInNewContext(start, sandbox);
          expect(rendered).toEqual([
            {
              element: '#graphiql',
              tree: { type: sandbox.GraphiQL, props: expect.objectContaining({ fetcher: { fetcherFor: { url: '/graphql' } }, isHeadersEditorEnabled: true }) },
            },
          ]);
        });
    });

    it("answers GraphiQL's introspection without a token (the IDE's first request), and GraphQL clients still reach Apollo", async () => {
      const introspection = await post(JSON.stringify({ query: getIntrospectionQuery() }), { 'content-type': 'application/json' });
      expect(introspection.status).toBe(200);
      expect(((await introspection.json()) as any).data.__schema.queryType.name).toBe('Query');
      const asJson = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
      });
      expect(await asJson.json()).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe('tighter limits from the environment', () => {
    beforeAll(async () => {
      t = await t.restart({ GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COST: '15', GRAPHQL_MAX_ALIASES: '1', GRAPHQL_MAX_TOKENS: '60', REQUEST_BODY_LIMIT_KB: '2', RATE_LIMIT_MUTATIONS: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
      for (const id of ['admin', 'qa', 'prac', 'board']) a.as[id] = await t.login(id);
      // Hits are kept in PostgreSQL across restarts (and shared by instances): these tests start the window empty.
      await t.infra.dataSource.query('DELETE FROM mutation_rate_hit');
    });

    it('applies each limit as configured', async () => {
      const codes = async (query: string) => (await t.gql(query, {}, a.as.admin)).errors?.map((e) => `${e.extensions?.code}: ${e.message}`);
      expect(await codes(nested(2))).toEqual(['GRAPHQL_VALIDATION_FAILED: Syntax Error: Query depth limit of 3 exceeded, found 4.']);
      expect(await codes(`{ a: me { id } b: me { id } }`)).toEqual(['GRAPHQL_VALIDATION_FAILED: Syntax Error: Aliases limit of 1 exceeded, found 2.']);
      expect(await codes(`{ cycles { id name service month kloes audits { id caseRef status } } }`)).toEqual([
        expect.stringMatching(/^GRAPHQL_VALIDATION_FAILED: Syntax Error: Query Cost limit of 15 exceeded, found 19\.25\.$/),
      ]);
      expect(await codes(`{ me { ${'id '.repeat(60)} } }`)).toEqual(['GRAPHQL_PARSE_FAILED: Syntax Error: Document contains more that 60 tokens. Parsing aborted.']);
      const response = await post(JSON.stringify({ query: `{ me { id } }`, pad: 'x'.repeat(3 * 1024) }), { 'content-type': 'application/json' }, a.as.admin);
      expect(response.status).toBe(413);
    });

    it('limits each staff member to 3 mutations a window: the 4th is RATE_LIMITED, appends nothing, and says when to retry', async () => {
      const register = `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`;
      for (const n of [1, 2, 3]) await t.ok(register, { input: { id: `rl-${n}`, name: `Rate ${n}`, service: 'Early Help' } }, a.as.qa);
      const before = await t.eventCount();
      const response = await post(JSON.stringify({ query: register, variables: { input: { id: 'rl-4', name: 'Rate 4', service: 'Early Help' } } }), { 'content-type': 'application/json' }, a.as.qa);
      const body = (await response.json()) as any;
      expect(body.data).toBeNull();
      expect(body.errors).toEqual([
        {
          message: expect.stringMatching(/^rate limit: at most 3 changes per 60 seconds for each staff member; try again in \d+ seconds$/),
          path: ['registerTeam'],
          locations: expect.any(Array),
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(response.headers.get('retry-after')) },
        },
      ]);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await t.eventCount()).toBe(before);
      // Reading is not limited; another staff member is counted on their own.
      expect((await t.ok(`{ teams { id } }`, {}, a.as.qa)).teams.length).toBeGreaterThan(3);
      await t.ok(register, { input: { id: 'rl-admin', name: 'By admin', service: 'Early Help' } }, a.as.admin);
    });

    it('counts every mutation field in one request, and does not count refusals of the role guard', async () => {
      const two = `mutation { a: registerTeam(input: {id: "rl-a", name: "A", service: "EH"}) { id } b: registerTeam(input: {id: "rl-b", name: "B", service: "EH"}) { id } }`;
      await t.restart({ GRAPHQL_MAX_ALIASES: '15' }).then(async (fresh) => {
        t = fresh;
        for (const id of ['admin', 'prac']) a.as[id] = await t.login(id);
      });
      // RATE_LIMIT_MUTATIONS=3 is kept across the restart; so are the hits (PostgreSQL): the window starts empty here.
      await t.infra.dataSource.query('DELETE FROM mutation_rate_hit');
      const first = await t.gql(two, {}, a.as.admin);
      expect(first.errors).toBeUndefined();
      const second = await t.gql(two.replace('rl-a', 'rl-c').replace('rl-b', 'rl-d'), {}, a.as.admin);
      expect(second.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['b', 'RATE_LIMITED']]);
      // Mutations run one after another: the third change was made, the fourth was not.
      const teams = (await t.ok(`{ teams { id } }`, {}, a.as.admin)).teams.map((team: { id: string }) => team.id);
      expect({ c: teams.includes('rl-c'), d: teams.includes('rl-d') }).toEqual({ c: true, d: false });
      for (let i = 0; i < 5; i++) {
        const refused = await t.gql(`mutation { registerTeam(input: {id: "p${i}", name: "P", service: "EH"}) { id } }`, {}, a.as.prac);
        expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    });
  });
});
