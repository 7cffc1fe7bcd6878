import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { keyId, parsePrivateKey, publicJwk, publicPem, type Ed25519PublicJwk } from './keys.js';

/** Where a key generated outside production is kept, under DATA_DIR. */
export const GENERATED_KEY_FILE = 'audit-trail-signing-key.pem';

/** The deployment's trail signing key: what signs bundles and what verifiers are given. */
export class TrailSigningKey {
  readonly kid: string;
  readonly jwk: Ed25519PublicJwk;
  readonly pem: string;

  constructor(
    private readonly privateKey: KeyObject,
    /** Where it came from, for the start-up log: never the key itself. */
    readonly origin: string,
  ) {
    this.kid = keyId(privateKey);
    this.jwk = publicJwk(privateKey);
    this.pem = publicPem(privateKey);
  }

  /** Ed25519 signature over the bytes, base64url. */
  sign(bytes: string): string {
    return sign(null, Buffer.from(bytes, 'utf8'), this.privateKey).toString('base64url');
  }
}

/**
 * The key AUDIT_TRAIL_SIGNING_KEY configures; without one (never in production: settings refuse
 * it), the key kept under DATA_DIR, generated on first use. Two processes generating at once both
 * end up with the one that reached the disk first.
 */
export async function loadTrailSigningKey(configured: string | null, dataDir: string): Promise<TrailSigningKey> {
  if (configured) return new TrailSigningKey(parsePrivateKey(configured), 'AUDIT_TRAIL_SIGNING_KEY');

  const file = path.join(dataDir, GENERATED_KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  // Written whole to a file of its own, then linked into place: a reader never sees half a key.
  const draft = `${file}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, pem, { flag: 'wx', mode: 0o600 });
  try {
    await link(draft, file);
    return new TrailSigningKey(privateKey, `generated in ${file}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  return new TrailSigningKey(parsePrivateKey(await readFile(file, 'utf8'), file), file);
}
