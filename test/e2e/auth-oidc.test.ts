import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestIssuer, type TestIssuer } from './auth-issuer.js';
import { ensureBootstrapAdmin } from '../../src/auth/dev-admin.js';

/**
 * AUTH_MODE=oidc against a stand-in identity provider on 127.0.0.1: bearer JWTs verified against its
 * key set (signature and algorithm, issuer, audience, expiry), the staff member named by the token
 * and registered here, roles from the token's `roles` claim (Entra ID app roles).
 */

const ME = `{ me { id roles } }`;
const TEAMS = `{ teams { id } }`;
const REGISTER_TEAM = `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`;

let issuer: TestIssuer;
let t: TestApp;

async function expectUnauthenticated(token: string | null, query = ME, variables: Record<string, unknown> = {}) {
  const before = await t.eventCount();
  const result = await t.gql(query, variables, token);
  expect({ code: result.errors?.[0]?.extensions?.code, data: result.data ?? null }).toEqual({ code: 'UNAUTHENTICATED', data: null });
  expect(await t.eventCount()).toBe(before);
  return result.errors![0].message;
}

describe('OIDC bearer tokens (AUTH_MODE=oidc)', () => {
  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startTestApp(issuer.env);
    // `admin` is registered at start (test harness); its roles come from the token.
    const admin = await issuer.token({ sub: 'admin', roles: ['AUDIT_TEAM'] });
    await t.ok(REGISTER_TEAM, { input: { id: 'north', name: 'North Early Help', service: 'Early Help' } }, admin);
    const staff = `mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`;
    await t.ok(staff, { input: { id: 'prac', name: 'Pat Practitioner', email: 'Pat.Practitioner@Council.example', teamId: 'north', roles: ['PRACTITIONER'] } }, admin);
    await t.ok(staff, { input: { id: 'aud', name: 'Ari Auditor', email: 'ari.auditor@council.example', teamId: null, roles: ['AUDITOR'] } }, admin);
  });

  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  describe('a good token', () => {
    it('signs in the registered staff member it names, with the roles its roles claim gives', async () => {
      const data = await t.ok(ME, {}, await issuer.token({ sub: 'prac', roles: ['Practitioner'] }));
      expect(data.me).toEqual({ id: 'prac', roles: ['PRACTITIONER'] });
      expect(issuer.jwksRequests()).toBeGreaterThan(0);
    });

    it('takes the roles from the token, not from the registration: the identity provider decides', async () => {
      const asTeam = await issuer.token({ sub: 'prac', roles: ['Audit.Team'] });
      expect((await t.ok(ME, {}, asTeam)).me.roles).toEqual(['AUDIT_TEAM']);
      expect((await t.ok(TEAMS, {}, asTeam)).teams).toEqual([{ id: 'north' }]);
      const result = await t.gql(TEAMS, {}, await issuer.token({ sub: 'prac', roles: ['PRACTITIONER'] }));
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('reads app role values whatever their case and separators, and ignores values that are no role here', async () => {
      const token = await issuer.token({ sub: 'aud', roles: ['auditor', 'moderator', 'Directory.Read.All', 'AUDITOR'] });
      expect((await t.ok(ME, {}, token)).me.roles).toEqual(['AUDITOR', 'MODERATOR']);
    });

    it('accepts a token that expired within the clock tolerance (30 s by default)', async () => {
      const token = await issuer.token({ sub: 'prac', roles: ['PRACTITIONER'] }, { expiresIn: -5 });
      expect((await t.ok(ME, {}, token)).me.id).toBe('prac');
    });
  });

  describe('tokens that are refused with UNAUTHENTICATED, appending nothing', () => {
    const claims = { sub: 'admin', roles: ['AUDIT_TEAM'] };
    const cases: Array<[string, () => Promise<string>]> = [
      ['from another issuer', () => issuer.token(claims, { issuer: 'https://login.example.com/other-tenant/v2.0' })],
      ['for another audience', () => issuer.token(claims, { audience: 'api://some-other-app' })],
      ['expired (an hour ago)', () => issuer.token(claims, { expiresIn: -3600 })],
      ['expired beyond the tolerance (two minutes ago)', () => issuer.token(claims, { expiresIn: -120 })],
      ['without an expiry', () => issuer.token(claims, { expiresIn: null })],
      ['signed HS256 with the public key as the secret', () => issuer.hs256WithPublicKey(claims)],
      ['unsigned (alg none)', async () => issuer.unsigned(claims)],
      ['signed by a key the issuer never published (unknown kid)', () => issuer.token(claims, { unknownKey: true })],
      ['signed ES256, an algorithm the service does not accept by default', () => issuer.token(claims, { ec: true })],
      ['with its payload altered after signing', async () => tamper(await issuer.token({ sub: 'prac', roles: ['PRACTITIONER'] }), claims)],
      ['with the header of a good token but another signature', async () => swapSignature(await issuer.token(claims), await issuer.token({ sub: 'prac', roles: ['PRACTITIONER'] }))],
      ['that is not a JWT at all', async () => 'not-a-jwt'],
    ];

    cases.forEach(([name, make], i) => {
      it(`a token ${name}`, async () => {
        const token = await make();
        const message = await expectUnauthenticated(token, REGISTER_TEAM, { input: { id: `forged-${i}`, name: 'Forged', service: 'Early Help' } });
        expect(message).toBe('the token is invalid or has expired');
        const teams = await t.ok(TEAMS, {}, await issuer.token({ sub: 'admin', roles: ['AUDIT_TEAM'] }));
        expect(teams.teams.map((team: { id: string }) => team.id)).not.toContain(`forged-${i}`);
      });
    });

    it('no token, or not a bearer token', async () => {
      expect(await expectUnauthenticated(null)).toMatch(/Authorization: a bearer token is required/);
      const response = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
        body: JSON.stringify({ query: ME }),
      });
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('a good token naming nobody registered here, without echoing who it named', async () => {
      const message = await expectUnauthenticated(await issuer.token({ sub: 'stranger-8c1f', roles: ['AUDIT_TEAM'] }));
      expect(message).toBe("the token's sub claim does not name a registered staff member");
      expect(message).not.toContain('stranger-8c1f');
    });

    it('a token shaped like a dev login token: there is no dev login in oidc mode', async () => {
      const response = await fetch(`${t.baseUrl}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'admin' }) });
      expect(response.status).toBe(403);
      const devShaped = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setIssuer('practice-audit-dev').setExpirationTime('1h').sign(new TextEncoder().encode('guess'));
      await expectUnauthenticated(devShaped);
    });
  });

  describe('tokens without a role of this service are FORBIDDEN', () => {
    it('a roles claim of other applications only, or none at all', async () => {
      for (const claims of [{ sub: 'prac', roles: ['Directory.Read.All', 'Admin'] }, { sub: 'prac' }, { sub: 'prac', roles: 'AUDIT_TEAM_LEAD' }]) {
        const before = await t.eventCount();
        const result = await t.gql(REGISTER_TEAM, { input: { id: 'no-roles', name: 'No roles', service: 'Early Help' } }, await issuer.token(claims));
        expect({ code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message, data: result.data ?? null }).toEqual({
          code: 'FORBIDDEN',
          message: "the token's roles claim carries no role of this service",
          data: null,
        });
        expect(await t.eventCount()).toBe(before);
      }
    });
  });

  describe('configuration', () => {
    it('AUTH_STAFF_CLAIM=preferred_username names the staff member by registered email, ignoring case; sub no longer counts', async () => {
      t = await t.restart({ AUTH_STAFF_CLAIM: 'preferred_username' });
      const byUpn = await issuer.token({ sub: 'a9d2-oid', preferred_username: 'pat.practitioner@council.EXAMPLE', roles: ['Practitioner'] });
      expect((await t.ok(ME, {}, byUpn)).me).toEqual({ id: 'prac', roles: ['PRACTITIONER'] });
      const bySubOnly = await issuer.token({ sub: 'prac', preferred_username: 'someone.else@council.example', roles: ['Practitioner'] });
      expect(await expectUnauthenticated(bySubOnly)).toBe("the token's preferred_username claim does not name a registered staff member");
      await expectUnauthenticated(await issuer.token({ sub: 'prac', roles: ['Practitioner'] }));
    });

    it('AUTH_STAFF_CLAIM=oid matches the claim to the staff id', async () => {
      t = await t.restart({ AUTH_STAFF_CLAIM: 'oid' });
      expect((await t.ok(ME, {}, await issuer.token({ sub: 'x', oid: 'aud', roles: ['Auditor'] }))).me.id).toBe('aud');
    });

    it('AUTH_BOOTSTRAP_ADMIN registers the person who sets up an empty store, once, found by email under an email claim', async () => {
      t = await t.restart({ AUTH_STAFF_CLAIM: 'preferred_username' });
      const before = await t.eventCount();
      await ensureBootstrapAdmin(t.app, { id: 'boot-admin', email: 'Boot.Admin@council.example' });
      await ensureBootstrapAdmin(t.app, { id: 'boot-admin', email: 'Boot.Admin@council.example' });
      expect(await t.eventCount()).toBe(before + 1);
      const token = await issuer.token({ sub: 'x', preferred_username: 'boot.admin@council.example', roles: ['AuditTeam'] });
      expect((await t.ok(ME, {}, token)).me).toEqual({ id: 'boot-admin', roles: ['AUDIT_TEAM'] });
    });

    it('AUTH_ALGORITHMS decides which signature algorithms are accepted: ES256 once listed', async () => {
      t = await t.restart({ AUTH_STAFF_CLAIM: 'sub', AUTH_ALGORITHMS: 'RS256,ES256' });
      expect((await t.ok(ME, {}, await issuer.token({ sub: 'aud', roles: ['Auditor'] }, { ec: true }))).me.id).toBe('aud');
      // Still never HS256 or none, whatever is listed.
      await expectUnauthenticated(await issuer.hs256WithPublicKey({ sub: 'aud', roles: ['Auditor'] }));
      await expectUnauthenticated(issuer.unsigned({ sub: 'aud', roles: ['Auditor'] }));
    });
  });
});

/** The same header and signature over a payload saying something else. */
function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const original = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  return [header, Buffer.from(JSON.stringify({ ...original, ...claims })).toString('base64url'), signature].join('.');
}

function swapSignature(token: string, other: string): string {
  return [...token.split('.').slice(0, 2), other.split('.')[2]].join('.');
}
