import { verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata } from '../event-store/event-store.port.js';
import { verifyTrail, type TrailCheck, type WitnessedHash } from '../event-store/hash-chain.js';
import { keyId, parsePublicKey, type Ed25519PublicJwk } from './keys.js';

/**
 * A signed, self-contained copy of one audit's trail that governance can keep and check offline
 * (`npm run verify-trail -- <file>`), without the service or its database.
 *
 * The signature is Ed25519 over the RFC 8785 canonical JSON of the bundle without its `signature`
 * member, so the file can be pretty-printed or its keys reordered without breaking it, while any
 * change to a value does. The witness hashes in it let the chain be checked against what was
 * recorded when each event was appended, so an event cut off the end shows up even though the
 * remaining chain still links.
 */
export const TRAIL_BUNDLE_FORMAT = 'practice-audit/trail-bundle@1';

export interface TrailBundleEvent {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  prevHash: string;
  hash: string;
}

export interface TrailBundleHeader {
  alg: 'EdDSA';
  crv: 'Ed25519';
  /** RFC 7638 thumbprint of the signing key: compare with GET /trails/public-key. */
  kid: string;
  publicKey: Ed25519PublicJwk;
  canonicalization: 'RFC 8785';
  signs: 'the bundle without its signature member';
}

export interface UnsignedTrailBundle {
  format: typeof TRAIL_BUNDLE_FORMAT;
  header: TrailBundleHeader;
  auditId: string;
  streamId: string;
  exportedAt: string;
  exportedBy: { staffId: string; roles: string[] };
  /** The service's verification at export time, witness included. */
  verification: TrailCheck & { streamId: string };
  /** The hash of each revision as recorded when it was appended (see src/trail/trail-witness.ts). */
  witness: WitnessedHash[];
  events: TrailBundleEvent[];
}

export interface TrailBundle extends UnsignedTrailBundle {
  /** Ed25519 signature, base64url. */
  signature: string;
}

/** The bytes a bundle's signature covers. */
export function signedContent(bundle: Record<string, unknown>): string {
  const { signature: _signature, ...content } = bundle;
  const text = canonicalize(content);
  if (text === undefined) throw new Error('the bundle cannot be canonicalised');
  return text;
}

export function signBundle(content: UnsignedTrailBundle, sign: (bytes: string) => string): TrailBundle {
  return { ...content, signature: sign(signedContent(content as unknown as Record<string, unknown>)) };
}

export interface BundleReport {
  ok: boolean;
  /** Set when the file is not a trail bundle at all; nothing else is then checked. */
  malformed: string | null;
  auditId: string | null;
  streamId: string | null;
  exportedAt: string | null;
  exportedBy: string | null;
  signature: {
    valid: boolean;
    /** The key id the bundle names. */
    kid: string | null;
    /** 'given': checked against the verifier's own copy of the public key; 'bundle': against the key the bundle carries. */
    checkedWith: 'given' | 'bundle' | null;
    problem: string | null;
  };
  /** The chain and witness recomputed from the bundle's events. */
  trail: TrailCheck | null;
  /** What the service found when it exported. */
  recorded: { valid: boolean; firstInvalidRevision: number | null; problem: string | null } | null;
}

/**
 * Checks a bundle as parsed from its file: the signature (against `trustedKey` when given, else
 * against the key the bundle carries, which proves integrity but not who signed), then the chain
 * and the witness, recomputed from the events. Never throws on bad content: it reports it.
 */
export function verifyBundle(parsed: unknown, trustedKey?: KeyObject): BundleReport {
  const report: BundleReport = {
    ok: false,
    malformed: null,
    auditId: null,
    streamId: null,
    exportedAt: null,
    exportedBy: null,
    signature: { valid: false, kid: null, checkedWith: null, problem: null },
    trail: null,
    recorded: null,
  };
  const malformed = shapeProblem(parsed);
  if (malformed) return { ...report, malformed };
  const bundle = parsed as TrailBundle;
  report.auditId = bundle.auditId;
  report.streamId = bundle.streamId;
  report.exportedAt = bundle.exportedAt;
  report.exportedBy = bundle.exportedBy?.staffId ?? null;
  report.signature = checkSignature(bundle, trustedKey);
  report.trail = verifyTrail(bundle.events, bundle.witness);
  const recorded = bundle.verification;
  report.recorded = recorded
    ? { valid: recorded.valid === true, firstInvalidRevision: recorded.firstInvalidRevision ?? null, problem: recorded.problem ?? null }
    : null;
  report.ok = report.signature.valid && report.trail.valid && report.recorded?.valid === true;
  return report;
}

function checkSignature(bundle: TrailBundle, trustedKey: KeyObject | undefined): BundleReport['signature'] {
  const kid = typeof bundle.header.kid === 'string' ? bundle.header.kid : null;
  const result = (valid: boolean, checkedWith: 'given' | 'bundle' | null, problem: string | null) => ({ valid, kid, checkedWith, problem });

  let key: KeyObject;
  if (trustedKey) {
    const trustedKid = keyId(trustedKey);
    if (kid !== trustedKid) return result(false, 'given', `the bundle names key ${kid}, not the given key ${trustedKid}`);
    key = trustedKey;
  } else {
    try {
      key = parsePublicKey(JSON.stringify(bundle.header.publicKey), 'header.publicKey');
    } catch (error) {
      return result(false, 'bundle', (error as Error).message);
    }
    if (keyId(key) !== kid) return result(false, 'bundle', `header.kid ${kid} is not the thumbprint of header.publicKey`);
  }

  let valid = false;
  try {
    valid = verify(null, Buffer.from(signedContent(bundle as unknown as Record<string, unknown>), 'utf8'), key, Buffer.from(bundle.signature, 'base64url'));
  } catch {
    valid = false;
  }
  const checkedWith = trustedKey ? 'given' : 'bundle';
  return valid ? result(true, checkedWith, null) : result(false, checkedWith, "the signature does not match the bundle's content");
}

/** Enough structure to check anything at all; everything finer is the chain's and the signature's job. */
function shapeProblem(parsed: unknown): string | null {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a JSON object';
  const bundle = parsed as Partial<Record<keyof TrailBundle, unknown>>;
  if (bundle.format !== TRAIL_BUNDLE_FORMAT) return `format is not ${TRAIL_BUNDLE_FORMAT}`;
  if (typeof bundle.header !== 'object' || bundle.header === null) return 'header is missing';
  if (typeof bundle.signature !== 'string') return 'signature is missing';
  if (!Array.isArray(bundle.witness)) return 'witness is not a list';
  if (!Array.isArray(bundle.events)) return 'events is not a list';
  const badEvent = bundle.events.findIndex(
    (e: unknown) =>
      typeof e !== 'object' ||
      e === null ||
      typeof (e as TrailBundleEvent).revision !== 'number' ||
      typeof (e as TrailBundleEvent).hash !== 'string' ||
      typeof (e as TrailBundleEvent).prevHash !== 'string',
  );
  if (badEvent >= 0) return `events[${badEvent}] is not an event with revision, prevHash and hash`;
  const badWitness = bundle.witness.findIndex(
    (w: unknown) => typeof w !== 'object' || w === null || typeof (w as WitnessedHash).revision !== 'number' || typeof (w as WitnessedHash).hash !== 'string',
  );
  if (badWitness >= 0) return `witness[${badWitness}] is not a revision with a hash`;
  return null;
}

/** The report as lines for a person reading a terminal. */
export function describeReport(report: BundleReport): string[] {
  if (report.malformed) return [`Not a trail bundle: ${report.malformed}`, 'Result: FAILED'];
  const lines = [
    `Trail of audit ${report.auditId} (stream ${report.streamId}), exported ${report.exportedAt} by ${report.exportedBy}`,
  ];
  const s = report.signature;
  const against = s.checkedWith === 'given' ? 'the public key given' : 'the public key inside the bundle';
  lines.push(s.valid ? `Signature: valid, key ${s.kid} (checked with ${against})` : `Signature: INVALID: ${s.problem}`);
  if (s.valid && s.checkedWith === 'bundle') {
    lines.push('  This proves the bundle is intact, not who signed it: pass --public-key with the key from GET /trails/public-key to check that.');
  }
  const t = report.trail!;
  lines.push(
    t.valid
      ? `Chain: valid, ${t.events} events, ${t.witnessed} of them witnessed when appended`
      : `Chain: INVALID at revision ${t.firstInvalidRevision}: ${t.problem}`,
  );
  const r = report.recorded;
  lines.push(
    !r
      ? 'Verification recorded at export: MISSING'
      : r.valid
        ? 'Verification recorded at export: valid'
        : `Verification recorded at export: INVALID at revision ${r.firstInvalidRevision}: ${r.problem}`,
  );
  lines.push(`Result: ${report.ok ? 'OK' : 'FAILED'}`);
  return lines;
}

/**
 * Whether a later bundle still holds everything an earlier one (kept elsewhere) did: the earlier
 * bundle's hashes act as a witness for the later bundle's events. This catches a trail cut back or
 * rewritten between two exports even by someone who could also alter the service's own witness.
 */
export function continuesFrom(later: TrailBundle, earlier: TrailBundle): TrailCheck | { valid: false; problem: string; firstInvalidRevision: null } {
  if (later.streamId !== earlier.streamId) {
    return { valid: false, firstInvalidRevision: null, problem: `the earlier bundle is of ${earlier.streamId}, not ${later.streamId}` };
  }
  const hashes = new Map<number, string>();
  for (const { revision, hash } of [...earlier.witness, ...earlier.events]) hashes.set(revision, hash);
  return verifyTrail(later.events, [...hashes].map(([revision, hash]) => ({ revision, hash })), 'in the earlier bundle');
}
