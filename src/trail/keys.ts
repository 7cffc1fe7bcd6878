import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** An Ed25519 public key as a JWK (RFC 8037). */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

export class TrailKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrailKeyError';
  }
}

/**
 * An Ed25519 private key from PEM (PKCS#8) or a JWK (`{"kty":"OKP","crv":"Ed25519","d":…,"x":…}`).
 * Environment files often carry a PEM on one line with `\n` escapes; those are accepted too.
 */
export function parsePrivateKey(text: string, name = 'AUDIT_TRAIL_SIGNING_KEY'): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('{')) {
      key = createPrivateKey({ key: JSON.parse(trimmed) as import('node:crypto').JsonWebKey, format: 'jwk' });
    } else {
      key = createPrivateKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' });
    }
  } catch {
    throw new TrailKeyError(`${name}: not a private key in PEM or JWK form`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new TrailKeyError(`${name}: must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/**
 * A verifier's public key: PEM (public, or a private key it is derived from), a JWK, or the JSON
 * that GET /trails/public-key answers (`{"kid","jwk","pem"}`).
 */
export function parsePublicKey(text: string, name = 'public key'): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('{')) {
      const json = JSON.parse(trimmed) as { kty?: string; jwk?: unknown };
      const jwk = (json.kty ? json : json.jwk) as import('node:crypto').JsonWebKey;
      key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    } else {
      key = createPublicKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' });
    }
  } catch {
    throw new TrailKeyError(`${name}: not a public key in PEM or JWK form`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new TrailKeyError(`${name}: must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

export function publicJwk(key: KeyObject): Ed25519PublicJwk {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new TrailKeyError('not an Ed25519 key');
  return { kty: 'OKP', crv: 'Ed25519', x };
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the key id bundles name their signing key by. */
export function keyId(key: KeyObject): string {
  const { crv, kty, x } = publicJwk(key);
  // The required members in lexicographic order, no whitespace, as RFC 7638 §3 prescribes.
  return createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
}

export function publicPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}
