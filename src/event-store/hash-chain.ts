import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata } from './event-store.port.js';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The parts of an event the chain covers: everything but its global position, which the store assigns. */
export interface ChainedEventContent {
  id: string;
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/** RFC 8785 (JCS) canonical JSON, so the same event always hashes the same whatever its key order. */
export function canonicalEvent(event: ChainedEventContent): string {
  const text = canonicalize({
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
  if (text === undefined) throw new Error(`Event ${event.id} cannot be canonicalised`);
  return text;
}

/** hash = SHA-256 over the previous hash and the canonical event, hex. */
export function chainHash(prevHash: string, event: ChainedEventContent): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(event)).digest('hex');
}

export interface ChainVerification {
  events: number;
  valid: boolean;
  /** Revision of the first event that fails: altered, out of order, or following a removed one. */
  firstInvalidRevision: number | null;
}

/** Recomputes a stream's chain from its stored events (in revision order). */
export function verifyChain(events: ReadonlyArray<ChainedEventContent & { prevHash: string; hash: string }>): ChainVerification {
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    // A removed event shows up as a revision gap or a prevHash that no longer links.
    if (event.revision !== i || event.prevHash !== prevHash || chainHash(prevHash, event) !== event.hash) {
      return { events: events.length, valid: false, firstInvalidRevision: i };
    }
    prevHash = event.hash;
  }
  return { events: events.length, valid: true, firstInvalidRevision: null };
}

/** A hash recorded for a stream revision somewhere the stream's own rows cannot vouch for (see src/trail/trail-witness.ts). */
export interface WitnessedHash {
  revision: number;
  hash: string;
}

export interface TrailCheck extends ChainVerification {
  /** How many revisions the witness vouches for. */
  witnessed: number;
  /** What is wrong at firstInvalidRevision, in words that carry no event data; null when valid. */
  problem: string | null;
}

/**
 * The chain as verifyChain sees it, and every witnessed revision present with the hash it had when
 * it was appended. The chain alone cannot see its own end cut off, nor a chain recomputed from an
 * altered event onwards; the witness can. The first invalid revision is the lower of the two.
 */
export function verifyTrail(
  events: ReadonlyArray<ChainedEventContent & { prevHash: string; hash: string }>,
  witnessed: ReadonlyArray<WitnessedHash>,
  /** Where the witnessed hashes come from, as the problem names it. */
  source = 'witnessed when it was appended',
): TrailCheck {
  const chain = verifyChain(events);
  let revision = chain.firstInvalidRevision;
  let problem = revision === null ? null : chainProblem(events, revision);

  for (const witness of [...witnessed].sort((a, b) => a.revision - b.revision)) {
    // Only a witnessed revision below the chain's own first failure can tell more.
    if (revision !== null && witness.revision >= revision) break;
    const event = events[witness.revision];
    if (event !== undefined && event.revision === witness.revision && event.hash === witness.hash) continue;
    revision = witness.revision;
    problem =
      event === undefined
        ? `revision ${witness.revision} was ${source} but is no longer in the stream`
        : `revision ${witness.revision} does not match the hash ${source}`;
    break;
  }

  return { events: events.length, witnessed: witnessed.length, valid: revision === null, firstInvalidRevision: revision, problem };
}

function chainProblem(events: ReadonlyArray<ChainedEventContent & { prevHash: string; hash: string }>, index: number): string {
  const event = events[index];
  if (event.revision !== index) {
    return events.some((other) => other.revision === index)
      ? `revision ${index} is out of order: revision ${event.revision} is where it belongs`
      : `revision ${index} is missing: the next event is revision ${event.revision}`;
  }
  const prevHash = index === 0 ? GENESIS_HASH : events[index - 1].hash;
  if (event.prevHash !== prevHash) return `revision ${index} does not link to the hash of the revision before it`;
  return `revision ${index} does not match its hash: its content or its hash was changed`;
}
