import { EventIdConflictError, type AppendResult, type ExpectedRevision, WrongExpectedRevisionError } from './event-store.port.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import type { PreparedEvent } from './prepared-event.js';

/** What an adapter knows of a stream when it decides an append: its head, and which of the batch's ids are stored. */
export interface StreamHead {
  /** Last revision, -1 when the stream does not exist. */
  revision: number;
  hash: string;
  position: number;
  /** Those of the batch's ids that are already stored, wherever. */
  stored: Array<{ id: string; streamId: string; revision: number; position: number }>;
}

/** A batch hashed onto the head it was planned on, ready to store. */
export interface PlannedAppend {
  streamId: string;
  /** The stream's last revision the rows were hashed on; -1 when it did not exist. */
  headRevision: number;
  rows: Array<PreparedEvent & { prevHash: string; hash: string }>;
}

export type AppendPlan = { kind: 'done'; result: AppendResult } | ({ kind: 'insert' } & PlannedAppend);

export const EMPTY_STREAM: Omit<StreamHead, 'stored'> = { revision: -1, hash: GENESIS_HASH, position: 0 };

/**
 * Pure: what appending this batch onto this head means, the same for every adapter. Throws a
 * refusal (WrongExpectedRevisionError, EventIdConflictError); a retry answers what the first append did.
 */
export function planAppend(streamId: string, expected: ExpectedRevision, batch: PreparedEvent[], head: StreamHead): AppendPlan {
  if (head.stored.length > 0) {
    // A retry of an append that already happened: answer what it answered then, whatever was expected.
    const storedHere = head.stored.filter((event) => event.streamId === streamId);
    if (storedHere.length === batch.length) {
      const last = storedHere.reduce((a, b) => (b.revision > a.revision ? b : a));
      return { kind: 'done', result: { nextExpectedRevision: last.revision, position: last.position } };
    }
    const elsewhere = head.stored.filter((event) => event.streamId !== streamId);
    if (elsewhere.length > 0) {
      throw new EventIdConflictError(streamId, elsewhere.map((event) => event.id), 'event ids are already stored in another stream');
    }
    throw new EventIdConflictError(streamId, storedHere.map((event) => event.id), 'the batch mixes stored and new event ids');
  }

  const refused =
    (expected === 'no_stream' && head.revision !== -1) ||
    (expected === 'stream_exists' && head.revision === -1) ||
    (typeof expected === 'number' && head.revision !== expected);
  if (refused) throw new WrongExpectedRevisionError(streamId, expected, head.revision);

  if (batch.length === 0) return { kind: 'done', result: { nextExpectedRevision: head.revision, position: head.position } };

  let prevHash = head.hash;
  const rows = batch.map((event, i) => {
    const hash = chainHash(prevHash, { ...event, streamId, revision: head.revision + 1 + i });
    const row = { ...event, prevHash, hash };
    prevHash = hash;
    return row;
  });
  return { kind: 'insert', streamId, headRevision: head.revision, rows };
}
