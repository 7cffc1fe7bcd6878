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
