import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadSettings } from '../../src/config/settings.js';
import { createApp, startInfrastructure } from '../../src/app.js';
import { verifyBundle, type TrailBundle } from '../../src/trail/bundle.js';
import { keyId, parsePublicKey } from '../../src/trail/keys.js';
import { GENERATED_KEY_FILE } from '../../src/trail/signing-key.js';
import { expectRefused, startTestApp, type TestApp } from '../support/app.js';
import { moderatedAudit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * The verifiable audit trail over HTTP: verifyAuditTrail for governance and the audit team,
 * exportAuditTrail and GET /trails/:auditId for governance, the public key for anyone, and the
 * exported bundle checked offline by `npm run verify-trail`. Tampering with stored events is in
 * trail-tamper.test.ts.
 */

const VERIFY = `query($auditId: ID!) { verifyAuditTrail(auditId: $auditId) { streamId events valid firstInvalidRevision witnessedEvents problem } }`;
const EXPORT = `mutation($auditId: ID!) { exportAuditTrail(auditId: $auditId) }`;

const UNKNOWN_AUDIT = '0b7e3c1a-5f1e-4c55-9a0e-000000000000';

describe('verifiable audit trail over HTTP', () => {
  let t: TestApp;
  let a: Authority;
  let auditId: string;
  let dataDir: string;
  let storedEvents: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'trail-e2e-'));
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z', DATA_DIR: dataDir });
    a = await setUpAuthority(t, ['2026-12']);
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'gov', name: 'Staff gov', email: 'gov@council.example', roles: ['GOVERNANCE'] },
    });
    a.as.gov = await t.login('gov');
    auditId = await moderatedAudit(t, a, a.cycles['2026-12'], 'REQUIRES_IMPROVEMENT');
    storedEvents = (await t.infra.store.readStream(`audit-${auditId}`)).length;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('verifyAuditTrail', () => {
    it.each(['gov', 'qa'])('recomputes the chain from the store for %s', async (who) => {
      const { verifyAuditTrail } = await t.ok(VERIFY, { auditId }, a.as[who]);
      expect(storedEvents).toBeGreaterThan(10);
      expect(verifyAuditTrail).toEqual({
        streamId: `audit-${auditId}`,
        events: storedEvents,
        valid: true,
        firstInvalidRevision: null,
        witnessedEvents: storedEvents,
        problem: null,
      });
    });

    it.each(['prac', 'tm', 'aud', 'mod', 'am', 'hos', 'board'])('is refused to %s', async (who) => {
      await expectRefused(t, VERIFY, { auditId }, a.as[who], 'FORBIDDEN', /^this operation needs one of the roles GOVERNANCE, AUDIT_TEAM$/);
    });

    it('is refused without a token', async () => {
      await expectRefused(t, VERIFY, { auditId }, null, 'UNAUTHENTICATED', /token/i);
    });

    it('answers NOT_FOUND for an audit that never existed, and BAD_USER_INPUT for an id that cannot be one', async () => {
      await expectRefused(t, VERIFY, { auditId: UNKNOWN_AUDIT }, a.as.gov, 'NOT_FOUND', new RegExp(`^audit ${UNKNOWN_AUDIT} does not exist$`));
      await expectRefused(t, VERIFY, { auditId: 'x/../../staff-admin' }, a.as.gov, 'BAD_USER_INPUT', /^auditId: must be 1–64 letters, digits, '.', '_' or '-'$/);
    });

    it('does not mistake another kind of stream for an audit', async () => {
      // staff-admin exists, but audit-… streams are the only ones this looks at.
      await expectRefused(t, VERIFY, { auditId: 'admin' }, a.as.gov, 'NOT_FOUND', /^audit admin does not exist$/);
    });
  });

  describe('exportAuditTrail', () => {
    let bundle: TrailBundle;
    let publicKeyAnswer: { kid: string; alg: string; jwk: { kty: string; crv: string; x: string }; pem: string };

    beforeAll(async () => {
      const before = await t.eventCount();
      bundle = JSON.parse((await t.ok(EXPORT, { auditId }, a.as.gov)).exportAuditTrail);
      expect(await t.eventCount()).toBe(before);
      const response = await fetch(`${t.baseUrl}/trails/public-key`);
      expect(response.status).toBe(200);
      publicKeyAnswer = (await response.json()) as typeof publicKeyAnswer;
    });

    it('holds every event as stored, the verification, the exporter and the time, signed with the deployment key', async () => {
      const stored = await t.infra.store.readStream(`audit-${auditId}`);
      expect(bundle.events).toEqual(stored);
      expect(bundle).toMatchObject({
        format: 'practice-audit/trail-bundle@1',
        auditId,
        streamId: `audit-${auditId}`,
        exportedBy: { staffId: 'gov', roles: ['GOVERNANCE'] },
        verification: { streamId: `audit-${auditId}`, events: stored.length, valid: true, firstInvalidRevision: null, witnessed: stored.length },
        header: { alg: 'EdDSA', kid: publicKeyAnswer.kid, publicKey: publicKeyAnswer.jwk },
      });
      expect(bundle.witness).toEqual(stored.map(({ revision, hash }) => ({ revision, hash })));
      // The service clock (APP_CLOCK) runs on from Monday 21 December 2026.
      expect(bundle.exportedAt.startsWith('2026-12-21T')).toBe(true);
      expect(typeof bundle.signature).toBe('string');
    });

    it('verifies with the public key the service publishes, in each of its forms', () => {
      expect(keyId(parsePublicKey(publicKeyAnswer.pem))).toBe(publicKeyAnswer.kid);
      for (const form of [publicKeyAnswer.pem, JSON.stringify(publicKeyAnswer.jwk), JSON.stringify(publicKeyAnswer)]) {
        expect(verifyBundle(bundle, parsePublicKey(form))).toMatchObject({ ok: true, signature: { valid: true, checkedWith: 'given' } });
      }
    });

    it('signs with a key generated under DATA_DIR when none is configured', () => {
      const kept = readFileSync(path.join(dataDir, GENERATED_KEY_FILE), 'utf8');
      expect(keyId(parsePublicKey(kept))).toBe(publicKeyAnswer.kid);
    });

    it('checks out offline with npm run verify-trail, and fails there when one byte of an event is changed', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'trail-export-'));
      try {
        const file = path.join(dir, 'trail.json');
        const keyFile = path.join(dir, 'public-key.json');
        writeFileSync(file, JSON.stringify(bundle, null, 2));
        writeFileSync(keyFile, JSON.stringify(publicKeyAnswer));

        const ok = await verifyTrailScript([file, '--public-key', keyFile]);
        expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
        expect(ok.stdout).toContain(`Chain: valid, ${storedEvents} events, ${storedEvents} of them witnessed when appended`);
        expect(ok.stdout).toContain('Result: OK');

        // One character of the overall grade's rationale, in the event that carries it.
        const target = bundle.events.find((e) => (e.data as { rationale?: string }).rationale === 'overall: weighed across the sections')!;
        const text = JSON.stringify(bundle, null, 2).replace('"overall: weighed across the sections"', '"overall: weighed across the sectionS"');
        writeFileSync(file, text);
        const bad = await verifyTrailScript([file, '--public-key', keyFile]);
        expect(bad.code).toBe(1);
        expect(bad.stdout).toContain(`Chain: INVALID at revision ${target.revision}: revision ${target.revision} does not match its hash`);
        expect(bad.stdout).toContain('Signature: INVALID');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it.each(['qa', 'prac', 'tm', 'aud', 'mod', 'am', 'hos', 'board'])('is refused to %s', async (who) => {
      await expectRefused(t, EXPORT, { auditId }, a.as[who], 'FORBIDDEN', /^this operation needs one of the roles GOVERNANCE$/);
    });

    it('answers NOT_FOUND for an unknown audit', async () => {
      await expectRefused(t, EXPORT, { auditId: UNKNOWN_AUDIT }, a.as.gov, 'NOT_FOUND', new RegExp(`^audit ${UNKNOWN_AUDIT} does not exist$`));
    });
  });

  describe('GET /trails/:auditId', () => {
    const get = (id: string, token: string | null) =>
      fetch(`${t.baseUrl}/trails/${encodeURIComponent(id)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('gives governance the signed bundle as a file', async () => {
      const response = await get(auditId, a.as.gov);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="trail-${auditId}.json"`);
      const bundle = (await response.json()) as TrailBundle;
      const key = (await (await fetch(`${t.baseUrl}/trails/public-key`)).json()) as { pem: string };
      expect(verifyBundle(bundle, parsePublicKey(key.pem))).toMatchObject({ ok: true, trail: { events: storedEvents } });
      expect(bundle.exportedBy.staffId).toBe('gov');
    });

    it.each([
      ['the audit team', 'qa', 403, { error: 'FORBIDDEN', message: 'this operation needs one of the roles GOVERNANCE' }],
      ['a board reader', 'board', 403, { error: 'FORBIDDEN', message: 'this operation needs one of the roles GOVERNANCE' }],
      ['a caller without a token', null, 401, { error: 'UNAUTHENTICATED' }],
    ])('refuses %s', async (_who, who, status, body) => {
      const before = await t.eventCount();
      const response = await get(auditId, who ? a.as[who] : null);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject(body);
      expect(await t.eventCount()).toBe(before);
    });

    it('answers 404 for an unknown audit and 400 for an id that cannot be one', async () => {
      const unknown = await get(UNKNOWN_AUDIT, a.as.gov);
      expect({ status: unknown.status, body: await unknown.json() }).toEqual({
        status: 404,
        body: { error: 'NOT_FOUND', message: `audit ${UNKNOWN_AUDIT} does not exist` },
      });
      const bad = await get('bad id!', a.as.gov);
      expect({ status: bad.status, body: await bad.json() }).toEqual({
        status: 400,
        body: { error: 'BAD_USER_INPUT', message: "auditId: must be 1–64 letters, digits, '.', '_' or '-'", field: 'auditId' },
      });
    });
  });

  describe('the configured signing key', () => {
    it('signs with AUDIT_TRAIL_SIGNING_KEY when set, and the witness carries on across the restart', async () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
      t = await t.restart({ AUDIT_TRAIL_SIGNING_KEY: jwk });
      const gov = await t.login('gov');
      const qa = await t.login('qa');

      const key = (await (await fetch(`${t.baseUrl}/trails/public-key`)).json()) as { kid: string; pem: string };
      expect(key.kid).toBe(keyId(privateKey));
      const bundle = JSON.parse((await t.ok(EXPORT, { auditId }, gov)).exportAuditTrail) as TrailBundle;
      expect(verifyBundle(bundle, parsePublicKey(key.pem))).toMatchObject({ ok: true });

      // Appended after the restart: witnessed from where the witness stopped.
      await t.ok(`mutation($input: RaiseModerationDisputeInput!) { raiseModerationDispute(input: $input) { id } }`, {
        input: { auditId, reason: 'Good is fairer' },
      }, await t.login('prac'));
      const { verifyAuditTrail } = await t.ok(VERIFY, { auditId }, qa);
      expect(verifyAuditTrail).toMatchObject({ events: storedEvents + 1, witnessedEvents: storedEvents + 1, valid: true });
    });

    it('refuses to start with a configured key that is not an Ed25519 private key', async () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const settings = loadSettings({ NODE_ENV: 'test', AUTH_MODE: 'dev', SEED_DEMO: 'false', DATABASE_URL: t.db.url, PORT: '0', AUDIT_TRAIL_SIGNING_KEY: rsa });
      const infra = await startInfrastructure(settings, { log() {}, error() {}, warn() {} });
      try {
        await expect(createApp(infra, { logger: false })).rejects.toThrow('AUDIT_TRAIL_SIGNING_KEY: must be an Ed25519 key, not rsa');
      } finally {
        await infra.close();
      }
    });
  });
});

/** `npm run verify-trail` from TypeScript sources (no build needed). */
function verifyTrailScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'scripts/verify-trail.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
