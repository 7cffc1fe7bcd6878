import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { calculateJwkThumbprint } from 'jose';
import { SettingsError, loadSettings } from '../src/config/settings.js';
import { GENESIS_HASH, chainHash, verifyChain, verifyTrail, type WitnessedHash } from '../src/event-store/hash-chain.js';
import { TRAIL_BUNDLE_FORMAT, describeReport, signBundle, verifyBundle, type TrailBundle, type TrailBundleEvent } from '../src/trail/bundle.js';
import { keyId, parsePrivateKey, parsePublicKey, TrailKeyError } from '../src/trail/keys.js';
import { GENERATED_KEY_FILE, TrailSigningKey, loadTrailSigningKey } from '../src/trail/signing-key.js';

/**
 * The trail's pure parts without a service: the chain checked against the witness, the signing key,
 * the signed bundle, and the offline `verify-trail` script run as a real process.
 */

const STREAM = 'audit-6a1f0c52-1b9e-4a7e-9a55-0c7a4e2f8d31';

/** A stream of `n` events hashed exactly as the stores hash them. */
function chain(n: number): TrailBundleEvent[] {
  const events: TrailBundleEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let revision = 0; revision < n; revision++) {
    const content = {
      id: randomUUID(),
      streamId: STREAM,
      revision,
      type: revision === 0 ? 'AuditAllocated' : 'GradeSet',
      data: { section: `S${revision}`, grade: 'GOOD', rationale: `evidence ${revision}` },
      metadata: {
        occurredAt: new Date(Date.UTC(2026, 11, 1, 9, revision)).toISOString(),
        actor: { staffId: 'aud', role: 'AUDITOR' },
        correlationId: randomUUID(),
        causationId: null,
        schemaVersion: 1,
      },
    };
    const hash = chainHash(prevHash, content);
    events.push({ ...content, position: 100 + revision, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

const witnessOf = (events: TrailBundleEvent[]): WitnessedHash[] => events.map(({ revision, hash }) => ({ revision, hash }));

/** Recomputes the hashes from `from` on, as someone rewriting history would. */
function rehash(events: TrailBundleEvent[], from: number): TrailBundleEvent[] {
  const out = events.map((e) => ({ ...e }));
  for (let i = from; i < out.length; i++) {
    out[i].prevHash = i === 0 ? GENESIS_HASH : out[i - 1].hash;
    out[i].hash = chainHash(out[i].prevHash, out[i]);
  }
  return out;
}

/** A bundle of these events as the service signs it. */
function signed(key: TrailSigningKey, events: TrailBundleEvent[], witness = witnessOf(events)): TrailBundle {
  return signBundle(
    {
      format: TRAIL_BUNDLE_FORMAT,
      header: { alg: 'EdDSA', crv: 'Ed25519', kid: key.kid, publicKey: key.jwk, canonicalization: 'RFC 8785', signs: 'the bundle without its signature member' },
      auditId: STREAM.slice('audit-'.length),
      streamId: STREAM,
      exportedAt: '2026-12-07T10:00:00.000Z',
      exportedBy: { staffId: 'gov', roles: ['GOVERNANCE'] },
      verification: { streamId: STREAM, ...verifyTrail(events, witness) },
      witness,
      events,
    },
    (bytes) => key.sign(bytes),
  );
}

describe('verifyTrail: the chain checked against the witness', () => {
  const events = chain(6);
  const witness = witnessOf(events);

  it('holds for an intact stream, fully or partly witnessed', () => {
    expect(verifyTrail(events, witness)).toEqual({ events: 6, witnessed: 6, valid: true, firstInvalidRevision: null, problem: null });
    // The witness follows the store and may be a little behind: what it has not seen yet is the chain's alone.
    expect(verifyTrail(events, witness.slice(0, 4))).toMatchObject({ valid: true, witnessed: 4 });
  });

  it('finds the last event cut off, which the chain alone cannot', () => {
    const cut = events.slice(0, 5);
    expect(verifyChain(cut).valid).toBe(true);
    expect(verifyTrail(cut, witness)).toEqual({
      events: 5,
      witnessed: 6,
      valid: false,
      firstInvalidRevision: 5,
      problem: 'revision 5 was witnessed when it was appended but is no longer in the stream',
    });
  });

  it('finds a chain recomputed from an altered event onwards, at that event', () => {
    const altered = events.map((e) => ({ ...e }));
    altered[2] = { ...altered[2], data: { section: 'S2', grade: 'OUTSTANDING', rationale: 'evidence 2' } };
    const rewritten = rehash(altered, 2);
    expect(verifyChain(rewritten).valid).toBe(true);
    expect(verifyTrail(rewritten, witness)).toMatchObject({
      valid: false,
      firstInvalidRevision: 2,
      problem: 'revision 2 does not match the hash witnessed when it was appended',
    });
  });

  it.each([
    ['an altered event', (e: TrailBundleEvent[]) => e.map((x, i) => (i === 3 ? { ...x, type: 'ModerationChanged' } : x)), 3, 'revision 3 does not match its hash: its content or its hash was changed'],
    ['a changed hash alone', (e: TrailBundleEvent[]) => e.map((x, i) => (i === 3 ? { ...x, hash: 'f'.repeat(64) } : x)), 3, 'revision 3 does not match its hash: its content or its hash was changed'],
    ['a changed link alone', (e: TrailBundleEvent[]) => e.map((x, i) => (i === 3 ? { ...x, prevHash: GENESIS_HASH } : x)), 3, 'revision 3 does not link to the hash of the revision before it'],
    ['a middle event removed', (e: TrailBundleEvent[]) => e.filter((x) => x.revision !== 2), 2, 'revision 2 is missing: the next event is revision 3'],
    ['two events swapped', (e: TrailBundleEvent[]) => [e[0], e[1], e[3], e[2], e[4], e[5]], 2, 'revision 2 is out of order: revision 3 is where it belongs'],
  ])('reports %s at its revision', (_what, tamper, revision, problem) => {
    const tampered = tamper(events);
    expect(verifyTrail(tampered, witness)).toMatchObject({ valid: false, firstInvalidRevision: revision, problem });
    expect(verifyChain(tampered).firstInvalidRevision).toBe(revision);
  });
});

describe('the trail signing key', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'trail-key-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ed25519 = () => generateKeyPairSync('ed25519');

  it('reads a PEM, the same PEM on one line with \\n escapes, and a JWK, to the same key id', async () => {
    const { privateKey } = ed25519();
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    const kid = keyId(privateKey);

    for (const text of [pem, pem.replace(/\n/g, '\\n'), jwk]) {
      expect((await loadTrailSigningKey(text, dir)).kid).toBe(kid);
    }
    // The key id is the RFC 7638 thumbprint, as an independent implementation computes it.
    expect(kid).toBe(await calculateJwkThumbprint(privateKey.export({ format: 'jwk' }) as never, 'sha256'));
  });

  it.each([
    ['garbage', 'not a key', 'AUDIT_TRAIL_SIGNING_KEY: not a private key in PEM or JWK form'],
    ['a public key', () => ed25519().publicKey.export({ format: 'pem', type: 'spki' }).toString(), 'AUDIT_TRAIL_SIGNING_KEY: not a private key in PEM or JWK form'],
    ['an RSA key', () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'AUDIT_TRAIL_SIGNING_KEY: must be an Ed25519 key, not rsa'],
    ['an X25519 key', () => generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'AUDIT_TRAIL_SIGNING_KEY: must be an Ed25519 key, not x25519'],
  ])('refuses %s', (_what, text, message) => {
    const value = typeof text === 'function' ? text() : text;
    expect(() => parsePrivateKey(value)).toThrow(new TrailKeyError(message));
  });

  it('without one configured, generates a key under DATA_DIR readable by its owner only, and keeps it', async () => {
    const dataDir = path.join(dir, 'generated');
    const [a, b, c] = await Promise.all([loadTrailSigningKey(null, dataDir), loadTrailSigningKey(null, dataDir), loadTrailSigningKey(null, dataDir)]);
    const file = path.join(dataDir, GENERATED_KEY_FILE);

    expect(new Set([a.kid, b.kid, c.kid]).size).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(keyId(parsePrivateKey(readFileSync(file, 'utf8')))).toBe(a.kid);
    expect((await loadTrailSigningKey(null, dataDir)).kid).toBe(a.kid);
  });

  it('is required in production, and read from AUDIT_TRAIL_SIGNING_KEY', () => {
    const production = { NODE_ENV: 'production', AUTH_MODE: 'oidc', AUTH_JWKS_URL: 'https://idp.example/keys', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'practice-audit' };
    expect(() => loadSettings(production)).toThrow(
      new SettingsError('AUDIT_TRAIL_SIGNING_KEY is required when NODE_ENV=production: the Ed25519 private key (PEM or JWK) that signs exported audit trails'),
    );
    expect(() => loadSettings({ ...production, AUDIT_TRAIL_SIGNING_KEY: '  ' })).toThrow(SettingsError);
    expect(loadSettings({ ...production, AUDIT_TRAIL_SIGNING_KEY: ' key ' }).auditTrailSigningKey).toBe('key');
    expect(loadSettings({ NODE_ENV: 'development' }).auditTrailSigningKey).toBeNull();
  });
});

describe('the signed bundle', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = new TrailSigningKey(privateKey, 'test');
  const publicKey = parsePublicKey(key.pem);
  const events = chain(5);

  const bundle = (over: Partial<TrailBundle> = {}): TrailBundle =>
    signBundle(
      {
        format: TRAIL_BUNDLE_FORMAT,
        header: { alg: 'EdDSA', crv: 'Ed25519', kid: key.kid, publicKey: key.jwk, canonicalization: 'RFC 8785', signs: 'the bundle without its signature member' },
        auditId: STREAM.slice('audit-'.length),
        streamId: STREAM,
        exportedAt: '2026-12-07T10:00:00.000Z',
        exportedBy: { staffId: 'gov', roles: ['GOVERNANCE'] },
        verification: { streamId: STREAM, ...verifyTrail(events, witnessOf(events)) },
        witness: witnessOf(events),
        events,
        ...over,
      },
      (bytes) => key.sign(bytes),
    );

  /** What a verifier reads back from the file. */
  const roundTrip = (b: unknown, space?: number) => JSON.parse(JSON.stringify(b, null, space)) as TrailBundle;

  it('verifies against the given public key, however the file is laid out', () => {
    const report = verifyBundle(roundTrip(bundle(), 2), publicKey);
    expect(report).toMatchObject({ ok: true, signature: { valid: true, kid: key.kid, checkedWith: 'given', problem: null }, trail: { valid: true, events: 5, witnessed: 5 } });
    expect(verifyBundle(roundTrip(bundle()), publicKey).ok).toBe(true);

    const reordered = Object.fromEntries(Object.entries(roundTrip(bundle())).reverse());
    expect(verifyBundle(reordered, publicKey).ok).toBe(true);
  });

  it('without a public key, checks against the key inside and says that proves integrity only', () => {
    const report = verifyBundle(roundTrip(bundle()));
    expect(report.signature).toEqual({ valid: true, kid: key.kid, checkedWith: 'bundle', problem: null });
    expect(describeReport(report).join('\n')).toMatch(/proves the bundle is intact, not who signed it/);
  });

  it('reports one byte of an event changed in the file at that revision, and the signature broken', () => {
    const text = JSON.stringify(bundle(), null, 2).replace('"evidence 3"', '"evidence 8"');
    const report = verifyBundle(JSON.parse(text), publicKey);
    expect(report).toMatchObject({
      ok: false,
      signature: { valid: false, problem: "the signature does not match the bundle's content" },
      trail: { valid: false, firstInvalidRevision: 3, problem: 'revision 3 does not match its hash: its content or its hash was changed' },
    });
  });

  it('reports a changed signature, with the chain still intact', () => {
    const b = roundTrip(bundle());
    const bytes = Buffer.from(b.signature, 'base64url');
    bytes[10] ^= 0x01;
    const report = verifyBundle({ ...b, signature: bytes.toString('base64url') }, publicKey);
    expect(report).toMatchObject({ ok: false, signature: { valid: false, problem: "the signature does not match the bundle's content" }, trail: { valid: true } });
  });

  it.each([
    ['a middle event', 2, 2, 'revision 2 is missing: the next event is revision 3'],
    ['the last event', 4, 4, 'revision 4 was witnessed when it was appended but is no longer in the stream'],
  ])('detects %s removed from the file', (_what, removed, revision, problem) => {
    const b = roundTrip(bundle());
    const report = verifyBundle({ ...b, events: b.events.filter((e) => e.revision !== removed) }, publicKey);
    expect(report).toMatchObject({ ok: false, signature: { valid: false }, trail: { valid: false, firstInvalidRevision: revision, problem } });
  });

  it('refuses a bundle signed with another key than the one given', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    const report = verifyBundle(roundTrip(bundle()), other);
    expect(report.signature).toEqual({ valid: false, kid: key.kid, checkedWith: 'given', problem: `the bundle names key ${key.kid}, not the given key ${keyId(other)}` });
    expect(report.ok).toBe(false);
  });

  it('refuses a bundle re-signed with a key of its own that claims the real key id', () => {
    const forger = new TrailSigningKey(generateKeyPairSync('ed25519').privateKey, 'forger');
    const forged = signBundle({ ...roundTrip(bundle()), header: { ...bundle().header, publicKey: forger.jwk } }, (bytes) => forger.sign(bytes));
    expect(verifyBundle(roundTrip(forged)).signature).toMatchObject({ valid: false, problem: `header.kid ${key.kid} is not the thumbprint of header.publicKey` });
    expect(verifyBundle(roundTrip(forged), publicKey).signature).toMatchObject({ valid: false, problem: "the signature does not match the bundle's content" });
  });

  it('fails a correctly signed bundle of a trail the service already found invalid', () => {
    const cut = events.slice(0, 4);
    const report = verifyBundle(roundTrip(bundle({ events: cut, verification: { streamId: STREAM, ...verifyTrail(cut, witnessOf(events)) } })), publicKey);
    expect(report).toMatchObject({
      ok: false,
      signature: { valid: true },
      trail: { valid: false, firstInvalidRevision: 4 },
      recorded: { valid: false, firstInvalidRevision: 4 },
    });
  });

  it.each([
    ['not an object', [], 'not a JSON object'],
    ['another format', { format: 'x' }, `format is not ${TRAIL_BUNDLE_FORMAT}`],
    ['events that are not events', { ...bundle(), events: [{ revision: 0 }] }, 'events[0] is not an event with revision, prevHash and hash'],
  ])('reports a file that is %s as no bundle', (_what, parsed, malformed) => {
    expect(verifyBundle(parsed, publicKey)).toMatchObject({ ok: false, malformed });
  });
});

describe('npm run verify-trail (scripts/verify-trail.ts)', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = new TrailSigningKey(privateKey, 'test');
  const events = chain(4);
  let dir: string;
  let file: string;
  let keyFile: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'verify-trail-'));
    const b = signed(key, events);
    file = path.join(dir, 'trail.json');
    writeFileSync(file, JSON.stringify(b, null, 2));
    keyFile = path.join(dir, 'public-key.json');
    writeFileSync(keyFile, JSON.stringify({ kid: key.kid, jwk: key.jwk, pem: key.pem }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on an intact bundle and says what it checked', async () => {
    const run = await verifyTrailScript([file, '--public-key', keyFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Signature: valid, key ${key.kid} (checked with the public key given)`);
    expect(run.stdout).toContain('Chain: valid, 4 events, 4 of them witnessed when appended');
    expect(run.stdout).toContain('Result: OK');
  });

  it('exits 1 naming the revision when one byte of an event is changed', async () => {
    const tampered = path.join(dir, 'tampered.json');
    writeFileSync(tampered, readFileSync(file, 'utf8').replace('"evidence 1"', '"evidence 7"'));
    const run = await verifyTrailScript([tampered, `--public-key=${keyFile}`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Signature: INVALID: the signature does not match the bundle's content");
    expect(run.stdout).toContain('Chain: INVALID at revision 1: revision 1 does not match its hash: its content or its hash was changed');
    expect(run.stdout).toContain('Result: FAILED');
  });

  describe('--against an earlier bundle kept elsewhere', () => {
    // Five events now; the earlier export, kept by governance, held the first four.
    const now = chain(5);
    const write = (name: string, b: TrailBundle) => {
      const f = path.join(dir, name);
      writeFileSync(f, JSON.stringify(b, null, 2));
      return f;
    };

    it('passes a later bundle that holds every earlier event unchanged', async () => {
      const run = await verifyTrailScript([write('later.json', signed(key, now)), '--public-key', keyFile, '--against', write('earlier.json', signed(key, now.slice(0, 4)))]);
      expect(run.stdout).toContain('Against the earlier bundle exported 2026-12-07T10:00:00.000Z: all 4 of its events still there, unchanged');
      expect({ code: run.code, result: run.stdout.trim().split('\n').pop() }).toEqual({ code: 0, result: 'Result: OK' });
    });

    it('fails a later bundle cut back, even when the service signed it and its own witness agrees', async () => {
      const cut = now.slice(0, 3);
      const later = write('later-cut.json', signed(key, cut, witnessOf(cut)));
      expect((await verifyTrailScript([later, '--public-key', keyFile])).code).toBe(0);

      const run = await verifyTrailScript([later, '--public-key', keyFile, '--against', write('earlier.json', signed(key, now.slice(0, 4)))]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('Against the earlier bundle exported 2026-12-07T10:00:00.000Z: INVALID at revision 3: revision 3 was in the earlier bundle but is no longer in the stream');
      expect(run.stdout).toContain('Result: FAILED');
    });

    it('fails a later bundle whose chain was recomputed from an altered event', async () => {
      const altered = now.map((e, i) => (i === 1 ? { ...e, data: { section: 'S1', grade: 'OUTSTANDING', rationale: 'evidence 1' } } : e));
      const rewritten = rehash(altered, 1);
      const run = await verifyTrailScript([write('later-rewritten.json', signed(key, rewritten)), '--public-key', keyFile, '--against', write('earlier.json', signed(key, now.slice(0, 4)))]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('INVALID at revision 1: revision 1 does not match the hash in the earlier bundle');
    });

    it('refuses an earlier bundle whose signature does not hold', async () => {
      const earlier = { ...signed(key, now.slice(0, 4)), exportedAt: '2026-12-01T00:00:00.000Z' };
      const run = await verifyTrailScript([write('later.json', signed(key, now)), '--public-key', keyFile, '--against', write('earlier-forged.json', earlier)]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("UNUSABLE: the signature does not match the bundle's content");
    });
  });

  it('exits 2 when it is not told what to check or cannot read it', async () => {
    expect(await verifyTrailScript([])).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run verify-trail') });
    expect(await verifyTrailScript([path.join(dir, 'nothing.json')])).toMatchObject({ code: 2, stderr: expect.stringContaining('Cannot read') });
    expect(await verifyTrailScript([file, '--public-key', file])).toMatchObject({ code: 2, stderr: expect.stringContaining('not a public key') });
  });
});

/** The script as npm runs it, from TypeScript sources (no build needed). */
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
