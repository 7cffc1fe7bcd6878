import { generateKeyPairSync } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { getIntrospectionQuery } from 'graphql';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestIssuer, type TestIssuer } from './auth-issuer.js';

/**
 * NODE_ENV=production (so OIDC): no introspection, no field suggestions that would spell out the
 * schema, no IDE at GET /graphql and none of its files, HSTS and upgrade-insecure-requests on.
 */

let issuer: TestIssuer;
let t: TestApp;
let admin: string;

describe('GraphQL hardening in production', () => {
  beforeAll(async () => {
    issuer = await startTestIssuer();
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    t = await startTestApp({ NODE_ENV: 'production', ...issuer.env, AUDIT_TRAIL_SIGNING_KEY: signingKey });
    admin = await issuer.token({ sub: 'admin', roles: ['AUDIT_TEAM'] });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  it('serves ordinary queries', async () => {
    expect(await t.ok(`{ me { id roles } }`, {}, admin)).toEqual({ me: { id: 'admin', roles: ['AUDIT_TEAM'] } });
  });

  it('refuses introspection, with or without a token', async () => {
    for (const token of [null, admin]) {
      for (const query of [getIntrospectionQuery(), `{ __schema { types { name } } }`, `{ __type(name: "Audit") { fields { name } } }`]) {
        const result = await t.gql(query, {}, token);
        expect({ data: result.data ?? null, code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message }).toEqual({
          data: null,
          code: 'GRAPHQL_VALIDATION_FAILED',
          message: expect.stringMatching(/introspection is not allowed/i),
        });
      }
    }
  });

  it('hides field suggestions, which would otherwise spell out the schema', async () => {
    const result = await t.gql(`{ aud(id: "x") { id } }`, {}, admin);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(result.errors?.[0]?.message).not.toContain('"audit"');
  });

  it('serves no IDE at GET /graphql and none of its files', async () => {
    const page = await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    const body = await page.text();
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(body).not.toMatch(/<html|graphiql/i);
    for (const file of ['graphiql.min.js', 'react.production.min.js', 'start.js', 'graphiql.min.css']) {
      expect({ file, status: (await fetch(`${t.baseUrl}/graphql-ide/${file}`)).status }).toEqual({ file, status: 404 });
    }
  });

  it('asks browsers to keep to https', async () => {
    const response = await fetch(`${t.baseUrl}/health`);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});
