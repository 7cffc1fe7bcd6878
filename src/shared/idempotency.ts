import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { v5 as uuidv5 } from 'uuid';
import { badInput } from './errors.js';

/** The HTTP header a client sends with a mutation so that resending it after a lost answer is safe. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Fixed, so the same key gives the same ids in every process and after every restart. */
const NAMESPACE = '6f1c2a52-3f44-5b0e-9a57-2c1de8a0b6c4';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * One mutation sent with an Idempotency-Key. Every id the mutation makes — the ids of the events it
 * appends and of anything it creates (an audit, a cycle, an action) — is derived from the staff
 * member and the key (UUID v5), in the order the mutation makes them. Sent again, the mutation makes
 * the same ids: the event store recognises events it already holds, so nothing is stored twice, and
 * the write path answers what was stored (command-handling.ts). `request` fingerprints the operation
 * and its arguments: the same key with another request is refused rather than taken for a retry.
 */
export class IdempotentRequest {
  private readonly base: string;
  private readonly counts = new Map<string, number>();

  constructor(
    staffId: string,
    key: string,
    /** SHA-256 of the operation's name and arguments, kept on the events it appends. */
    readonly request: string,
  ) {
    this.base = uuidv5(JSON.stringify([staffId, key]), NAMESPACE);
  }

  /** From the header's value; throws BAD_USER_INPUT naming the header when it is malformed. */
  static of(staffId: string, key: string, operation: string, args: unknown): IdempotentRequest {
    if (!KEY_PATTERN.test(key)) throw badInput(IDEMPOTENCY_HEADER, 'must be 1 to 200 visible ASCII characters (a new UUID for each request is best)');
    // The key is in the hash, so the stored fingerprint says nothing about the arguments without it.
    const request = createHash('sha256').update(canonicalize({ key, operation, args }) ?? '').digest('hex');
    return new IdempotentRequest(staffId, key, request);
  }

  /** The n-th new entity id of this request. */
  newId(): string {
    return uuidv5(JSON.stringify(['id', this.next('id')]), this.base);
  }

  /** Ids for the events of this request's next append to `streamId` (index within the append). */
  eventIds(streamId: string): (index: number) => string {
    const occurrence = this.next(`stream:${streamId}`);
    return (index) => uuidv5(JSON.stringify(['event', streamId, occurrence, index]), this.base);
  }

  private next(counter: string): number {
    const n = this.counts.get(counter) ?? 0;
    this.counts.set(counter, n + 1);
    return n;
  }
}

/** The mutation being served, when its request carried an Idempotency-Key (idempotency.interceptor.ts). */
export const idempotentRequest = new AsyncLocalStorage<IdempotentRequest>();

/** A new entity id: derived from the Idempotency-Key when the request has one, random otherwise. */
export const newId = (): string => idempotentRequest.getStore()?.newId() ?? randomUUID();
