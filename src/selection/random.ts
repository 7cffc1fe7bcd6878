import { createHash } from 'node:crypto';

/**
 * A seeded random number generator (sfc32, seeded from SHA-256 of the seed text), so a proposal
 * drawn from a seed is drawn the same way again from the same seed and inputs, on any machine.
 */
export function seededRandom(seed: string): () => number {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs, which sfc32 recommends to mix the state.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** `n` items drawn without replacement (a partial Fisher–Yates shuffle), in the order drawn. */
export function draw<T>(items: readonly T[], n: number, random: () => number): T[] {
  const pool = [...items];
  const count = Math.min(n, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}
