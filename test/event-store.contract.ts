import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  EventIdConflictError,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../src/event-store/event-store.port.js';
import { GENESIS_HASH, verifyChain } from '../src/event-store/hash-chain.js';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

/**
 * The behaviour every adapter of the EventStore port must have. Tests use streams of their own and
 * look at readAll/subscriptions only after the head they saw at their start, so they also hold on a
 * store that already has other events in it (a shared EventStoreDB).
 */
export function eventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    describe('append and read a stream', () => {
      it('reads back what was appended, in revision order, with ids, types, data and positions', async () => {
        const streamId = newStreamId();
        const events = [event('CycleScheduled', { n: 1 }), event('KloesAgreed', { n: 2 }), event('AuditAllocated', { n: 3 })];

        const result = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
        const read = await store.readStream(streamId);

        expect(result.nextExpectedRevision).toBe(2);
        expect(read.map((e) => [e.id, e.streamId, e.revision, e.type, e.data])).toEqual(
          events.map((e, i) => [e.id, streamId, i, e.type, e.data]),
        );
        expectStrictlyIncreasing(read.map((e) => e.position));
        expect(result.position).toBe(read[2].position);
      });

      it('reads from a revision, at most maxCount events', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [1, 2, 3, 4, 5].map((n) => event('AnswerRecorded', { n })));

        expect((await store.readStream(streamId, { fromRevision: 2 })).map((e) => e.data.n)).toEqual([3, 4, 5]);
        expect((await store.readStream(streamId, { fromRevision: 1, maxCount: 2 })).map((e) => e.revision)).toEqual([1, 2]);
        expect(await store.readStream(streamId, { fromRevision: 5 })).toEqual([]);
      });

      it('reads a stream that does not exist as empty', async () => {
        expect(await store.readStream(newStreamId())).toEqual([]);
      });

      it('continues revisions across appends', async () => {
        const streamId = newStreamId();
        const first = await store.appendToStream(streamId, [event('A'), event('B')]);
        const second = await store.appendToStream(streamId, [event('C')], { expectedRevision: first.nextExpectedRevision });

        expect(second.nextExpectedRevision).toBe(2);
        expect(second.position).toBeGreaterThan(first.position);
        expect((await store.readStream(streamId)).map((e) => [e.revision, e.type])).toEqual([
          [0, 'A'],
          [1, 'B'],
          [2, 'C'],
        ]);
      });
    });

    describe('expected revision', () => {
      it("'no_stream' appends to a new stream and refuses an existing one", async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('A')], { expectedRevision: 'no_stream' });

        await expectRefused(store, streamId, 'no_stream', 0);
      });

      it("'stream_exists' refuses a new stream and appends to an existing one", async () => {
        const streamId = newStreamId();
        await expectRefused(store, streamId, 'stream_exists', -1);

        await store.appendToStream(streamId, [event('A')], { expectedRevision: 'any' });
        const result = await store.appendToStream(streamId, [event('B')], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1);
      });

      it("'any' (also the default) appends to a new and to an existing stream", async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('A')], { expectedRevision: 'any' });
        await store.appendToStream(streamId, [event('B')], { expectedRevision: 'any' });
        const result = await store.appendToStream(streamId, [event('C')]);

        expect(result.nextExpectedRevision).toBe(2);
        expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('an exact revision appends when it is the last revision, and refuses one behind or ahead', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('A'), event('B')], { expectedRevision: 'no_stream' });

        await expectRefused(store, streamId, 0, 1);
        await expectRefused(store, streamId, 2, 1);
        const result = await store.appendToStream(streamId, [event('C')], { expectedRevision: 1 });
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('an exact revision refuses a stream that does not exist', async () => {
        await expectRefused(store, newStreamId(), 0, -1);
      });

      it('of two writers that read the same revision, one wins and the other is refused', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('A')], { expectedRevision: 'no_stream' });

        const outcomes = await Promise.allSettled([
          store.appendToStream(streamId, [event('B1')], { expectedRevision: 0 }),
          store.appendToStream(streamId, [event('B2')], { expectedRevision: 0 }),
        ]);

        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });
    });

    describe('readAll', () => {
      it('returns events of all streams in global order, after a position, at most maxCount', async () => {
        const head = await store.headPosition();
        const a = newStreamId();
        const b = newStreamId();
        await store.appendToStream(a, [event('A1')]);
        await store.appendToStream(b, [event('B1'), event('B2')]);
        await store.appendToStream(a, [event('A2')]);

        const all = ours(await store.readAll({ after: head }), a, b);
        expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
        expectStrictlyIncreasing(all.map((e) => e.position));

        const afterSecond = ours(await store.readAll({ after: all[1].position }), a, b);
        expect(afterSecond.map((e) => e.type)).toEqual(['B2', 'A2']);

        const limited = await store.readAll({ after: head, maxCount: 2 });
        expect(limited).toHaveLength(2);
        expect(limited.every((e) => e.position > head)).toBe(true);
        expectStrictlyIncreasing(limited.map((e) => e.position));
      });

      it('gives each event the same position as readStream does', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('A'), event('B')]);

        const fromAll = ours(await store.readAll({ after: head }), streamId);
        expect(fromAll).toEqual(await store.readStream(streamId));
      });
    });

    describe('headPosition', () => {
      it('is the position of the newest event, and moves with each append', async () => {
        const before = await store.headPosition();
        expect(before).toBeGreaterThanOrEqual(0);

        const result = await store.appendToStream(newStreamId(), [event('A'), event('B')]);

        const after = await store.headPosition();
        expect(after).toBe(result.position);
        expect(after).toBeGreaterThan(before);
        const all = await store.readAll({ after: before });
        expect(all[all.length - 1].position).toBe(after);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up on existing events, then delivers new ones live, in order, exactly once', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('E0'), event('E1'), event('E2')]);

        const received: RecordedEvent[] = [];
        const batchSizes: number[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const subscription = store.subscribeToAll(
          async (batch) => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            batchSizes.push(batch.length);
            await sleep(5);
            received.push(...ours(batch, streamId));
            inFlight--;
          },
          { after: head, maxBatch: 2 },
        );
        try {
          await waitFor(() => received.length >= 3, 'catch-up');
          await store.appendToStream(streamId, [event('E3')]);
          await store.appendToStream(streamId, [event('E4'), event('E5')]);
          await waitFor(() => received.length >= 6, 'live events');
          await sleep(300);
        } finally {
          await subscription.stop();
        }

        expect(received.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5']);
        expectStrictlyIncreasing(received.map((e) => e.position));
        expect(received).toEqual(await store.readStream(streamId));
        expect(Math.max(...batchSizes)).toBeLessThanOrEqual(2);
        expect(maxInFlight).toBe(1);
        await expect(subscription.done).resolves.toBeUndefined();
      });

      it('starts after the given position', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('Old')]);
        const head = await store.headPosition();
        await store.appendToStream(streamId, [event('New')]);

        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll(async (batch) => void received.push(...ours(batch, streamId)), { after: head });
        try {
          await waitFor(() => received.length >= 1, 'the event after the position');
          await sleep(200);
        } finally {
          await subscription.stop();
        }
        expect(received.map((e) => e.type)).toEqual(['New']);
      });

      it('stop() waits for the batch in flight, then delivers nothing more', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('A')]);

        let handlerStarted!: () => void;
        const started = new Promise<void>((resolve) => (handlerStarted = resolve));
        let finished = false;
        let calls = 0;
        const subscription = store.subscribeToAll(
          async () => {
            calls++;
            handlerStarted();
            await sleep(300);
            finished = true;
          },
          { after: head },
        );

        await started;
        await subscription.stop();
        expect(finished).toBe(true);

        await store.appendToStream(streamId, [event('B')]);
        await sleep(1000);
        expect(calls).toBe(1);
        await expect(subscription.done).resolves.toBeUndefined();
      });

      it('stops when the handler throws, and done rejects with that error', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('A')]);

        const failure = new Error('projection failed');
        let calls = 0;
        const subscription = store.subscribeToAll(
          async () => {
            calls++;
            throw failure;
          },
          { after: head },
        );

        await expect(subscription.done).rejects.toBe(failure);
        await store.appendToStream(streamId, [event('B')]);
        await sleep(1000);
        expect(calls).toBe(1);
        await expect(subscription.stop()).resolves.toBeUndefined();
      });
    });

    describe('idempotent append by event id', () => {
      it('a retried batch is stored once and answers what the first append answered, whatever the expected revision', async () => {
        const streamId = newStreamId();
        const batch = [event('A'), event('B')];
        const first = await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });

        expect(await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.appendToStream(streamId, batch, { expectedRevision: 'any' })).toEqual(first);
        expect(await store.appendToStream(streamId, batch, { expectedRevision: 1 })).toEqual(first);

        await store.appendToStream(streamId, [event('C')], { expectedRevision: 1 });
        // Still a retry of the first append, though the stream has moved on since.
        expect(await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.appendToStream(streamId, batch)).toEqual(first);

        expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('refuses a batch mixing stored and new ids, appending nothing', async () => {
        const streamId = newStreamId();
        const a = event('A');
        await store.appendToStream(streamId, [a]);

        await expect(store.appendToStream(streamId, [a, event('B')])).rejects.toBeInstanceOf(EventIdConflictError);
        expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A']);
      });
    });

    describe('metadata', () => {
      it('round-trips actor, correlation, causation, schema version and occurred-at', async () => {
        const streamId = newStreamId();
        const caused = metadata({
          occurredAt: '2025-03-31T16:59:59.123Z',
          actor: { staffId: 'staff-42', role: 'MODERATOR' },
          correlationId: randomUUID(),
          causationId: randomUUID(),
          schemaVersion: 3,
        });
        const uncaused = metadata({ causationId: null, actor: { staffId: 'system', role: 'SYSTEM' } });

        await store.appendToStream(streamId, [
          { id: randomUUID(), type: 'GradeSet', data: {}, metadata: caused },
          { id: randomUUID(), type: 'GradeSet', data: {}, metadata: uncaused },
        ]);

        const read = await store.readStream(streamId);
        expect(read.map((e) => e.metadata)).toEqual([caused, uncaused]);
      });
    });

    describe('hash chain', () => {
      it('links every event of a stream to the one before, and verifies', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [event('A'), event('B')], { expectedRevision: 'no_stream' });
        await store.appendToStream(streamId, [event('C')], { expectedRevision: 1 });
        await store.appendToStream(streamId, [event('D'), event('E')], { expectedRevision: 'any' });

        const read = await store.readStream(streamId);
        expect(read[0].prevHash).toBe(GENESIS_HASH);
        for (let i = 1; i < read.length; i++) expect(read[i].prevHash).toBe(read[i - 1].hash);
        expect(verifyChain(read)).toEqual({ events: 5, valid: true, firstInvalidRevision: null });

        // The check can fail: an altered copy does not verify.
        const altered = read.map((e) => ({ ...e }));
        altered[2] = { ...altered[2], data: { n: 'changed' } };
        expect(verifyChain(altered)).toMatchObject({ valid: false, firstInvalidRevision: 2 });
      });

      it('hashes exactly what reads give back, for awkward data', async () => {
        const streamId = newStreamId();
        const awkward = {
          zeta: 1,
          alpha: { nested: { deeper: [1, 'two', { three: 3 }], empty: {} }, list: [] },
          decimal: 1.5,
          small: 0.1 + 0.2,
          negative: -12.25,
          big: 1e21,
          tiny: 1e-7,
          int: 9007199254740991,
          negativeZero: -0,
          nothing: null,
          nulls: [null, null],
          truth: [true, false],
          text: 'Zoë says “hello” — 日本語, עברית, emoji 👩‍👧‍👦, e\u0301, tab\tnewline\nquote" backslash\\',
          '': 'empty key',
          'ключ': 'non-ASCII key',
          skipped: undefined,
          when: new Date('2025-01-02T03:04:05.006Z'),
        };

        await store.appendToStream(streamId, [
          { id: randomUUID(), type: 'AnswerRecorded', data: awkward, metadata: metadata() },
          { id: randomUUID(), type: 'AnswerRecorded', data: { again: awkward }, metadata: metadata() },
        ]);

        const read = await store.readStream(streamId);
        expect(verifyChain(read)).toEqual({ events: 2, valid: true, firstInvalidRevision: null });
        expect(read[0].data).toEqual(JSON.parse(JSON.stringify(awkward)));
        expect(read[0].data.decimal).toBe(1.5);
        expect(read[0].data.text).toBe(awkward.text);
        expect(Object.is(read[0].data.negativeZero, 0)).toBe(true);
      });

      it('verifies streams whose events came from several concurrent writers', async () => {
        const streamId = newStreamId();
        await Promise.all(
          Array.from({ length: 5 }, (_, i) => store.appendToStream(streamId, [event(`W${i}a`), event(`W${i}b`)], { expectedRevision: 'any' })),
        );

        const read = await store.readStream(streamId);
        expect(read).toHaveLength(10);
        expect(verifyChain(read).valid).toBe(true);
      });
    });
  });
}

export function newStreamId(prefix = 'audit'): string {
  return `${prefix}-${randomUUID()}`;
}

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    occurredAt: '2025-01-06T09:00:00.000Z',
    actor: { staffId: 'staff-1', role: 'AUDIT_TEAM' },
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
    ...overrides,
  };
}

export function event(type: string, data: Record<string, unknown> = {}): NewEvent & { id: string } {
  return { id: randomUUID(), type, data, metadata: metadata() };
}

/** Only the events of the given streams (a shared store has others). */
export function ours(events: RecordedEvent[], ...streamIds: string[]): RecordedEvent[] {
  return events.filter((e) => streamIds.includes(e.streamId));
}

export function expectStrictlyIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] > values[i - 1])) throw new Error(`not strictly increasing at ${i}: ${values[i - 1]} then ${values[i]}`);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function expectRefused(store: EventStore, streamId: string, expected: 'no_stream' | 'stream_exists' | number, actual: number) {
  const before = await store.readStream(streamId);
  const head = await store.headPosition();

  const refusal = store.appendToStream(streamId, [event('Refused')], { expectedRevision: expected });

  await expect(refusal).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  await expect(refusal).rejects.toMatchObject({ streamId, expected, actual });
  // A refused append appends nothing.
  expect(await store.readStream(streamId)).toEqual(before);
  expect(ours(await store.readAll({ after: head }), streamId)).toEqual([]);
}
