import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { EventIdConflictError, type RecordedEvent } from '../src/event-store/event-store.port.js';
import { verifyChain } from '../src/event-store/hash-chain.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventStoreContract, event, expectStrictlyIncreasing, newStreamId, ours, sleep, waitFor } from './event-store.contract.js';

const databases: TestDatabase[] = [];
const stores: PostgresEventStore[] = [];

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('events');
  databases.push(db);
  return db;
}

async function open(url: string, options?: Parameters<typeof PostgresEventStore.connect>[1]): Promise<PostgresEventStore> {
  const store = await PostgresEventStore.connect(url, options);
  stores.push(store);
  return store;
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const store of stores) await store.close();
  for (const db of databases) await db.drop();
});

eventStoreContract('postgres', async () => {
  const db = await freshDatabase();
  const store = await PostgresEventStore.connect(db.url);
  return { store, cleanup: () => store.close() };
});

describe('PostgresEventStore', () => {
  describe('schema', () => {
    it('starts empty: head 0, nothing to read', async () => {
      const store = await open((await freshDatabase()).url);

      expect(await store.headPosition()).toBe(0);
      expect(await store.readAll()).toEqual([]);
    });

    it('connects several times at once to a fresh database', async () => {
      const db = await freshDatabase();

      const [a, b, c] = await Promise.all([open(db.url), open(db.url), open(db.url)]);

      const streamId = newStreamId();
      await a.appendToStream(streamId, [event('A')]);
      await b.appendToStream(streamId, [event('B')], { expectedRevision: 0 });
      expect((await c.readStream(streamId)).map((e) => e.type)).toEqual(['A', 'B']);
      // And again on a database whose schema is already there.
      const d = await open(db.url);
      expect(await d.headPosition()).toBe(2);
    });

    it('numbers positions 1, 2, 3… with no gaps, across streams and refused appends', async () => {
      const store = await open((await freshDatabase()).url);
      const a = newStreamId();
      const b = newStreamId();

      await store.appendToStream(a, [event('A1'), event('A2')]);
      await expect(store.appendToStream(a, [event('X')], { expectedRevision: 'no_stream' })).rejects.toThrow();
      await store.appendToStream(b, [event('B1')]);
      await store.appendToStream(a, [event('A3')]);

      expect((await store.readAll()).map((e) => [e.position, e.type])).toEqual([
        [1, 'A1'],
        [2, 'A2'],
        [3, 'B1'],
        [4, 'A3'],
      ]);
    });
  });

  describe('the events table refuses changes by itself', () => {
    let db: TestDatabase;
    let original: RecordedEvent[];
    const streamId = newStreamId();

    beforeAll(async () => {
      db = await freshDatabase();
      const store = await open(db.url);
      await store.appendToStream(streamId, [event('GradeSet', { grade: 'GOOD' }), event('ModerationChanged', { grade: 'INADEQUATE' })]);
      original = await store.readStream(streamId);
    });

    it.each([
      ['UPDATE', `UPDATE events SET data = '{"grade":"OUTSTANDING"}' WHERE revision = 0`],
      ['UPDATE of no row', `UPDATE events SET type = 'X' WHERE false`],
      ['DELETE', 'DELETE FROM events WHERE revision = 1'],
      ['DELETE of no row', 'DELETE FROM events WHERE false'],
      ['TRUNCATE', 'TRUNCATE events'],
    ])('refuses %s in plain SQL', async (_what, statement) => {
      await expect(sql(db.url, statement)).rejects.toThrow(/events is append-only/);

      const store = await open(db.url);
      expect(await store.readStream(streamId)).toEqual(original);
      expect(verifyChain(original).valid).toBe(true);
    });
  });

  describe('appends', () => {
    let store: PostgresEventStore;

    beforeAll(async () => {
      store = await open((await freshDatabase()).url);
    });

    it('stores the same batch once when it is appended twice at the same moment', async () => {
      const streamId = newStreamId();
      const batch = [event('A'), event('B')];

      const [first, second] = await Promise.all([
        store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' }),
        store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' }),
      ]);

      expect(second).toEqual(first);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('refuses event ids that are already stored in another stream', async () => {
      const a = event('A');
      await store.appendToStream(newStreamId(), [a]);
      const other = newStreamId();

      await expect(store.appendToStream(other, [a])).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.readStream(other)).toEqual([]);
    });

    it('refuses a batch that repeats an id', async () => {
      const a = event('A');
      const streamId = newStreamId();
      await expect(store.appendToStream(streamId, [a, a])).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.readStream(streamId)).toEqual([]);
    });

    it('keeps the chain valid for an upper-case event id (uuid reads back in lower case)', async () => {
      const streamId = newStreamId();
      const id = randomUUID().toUpperCase();
      await store.appendToStream(streamId, [{ ...event('A'), id }]);
      await store.appendToStream(streamId, [{ ...event('A'), id }]);

      const read = await store.readStream(streamId);
      expect(read.map((e) => e.id)).toEqual([id.toLowerCase()]);
      expect(verifyChain(read).valid).toBe(true);
    });
  });

  describe('global order under concurrent appends', () => {
    it('8 writers × 500 appends to random streams: a live subscriber gets all 4000 exactly once, in position order', async () => {
      const db = await freshDatabase();
      const store = await open(db.url, { poolSize: 12 });
      const streams = Array.from({ length: 25 }, () => newStreamId());
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll(async (batch) => void received.push(...batch), { maxBatch: 100 });

      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let i = 0; i < 500; i++) {
            const streamId = streams[Math.floor(Math.random() * streams.length)];
            await store.appendToStream(streamId, [event('AnswerRecorded', { writer, i })], { expectedRevision: 'any' });
          }
        }),
      );
      await waitFor(() => received.length >= 4000, 'all 4000 events', 30_000);
      await sleep(700);
      await subscription.stop();

      expect(received).toHaveLength(4000);
      expect(new Set(received.map((e) => e.id)).size).toBe(4000);
      expectStrictlyIncreasing(received.map((e) => e.position));
      const all = await store.readAll();
      expect(received.map((e) => [e.id, e.position])).toEqual(all.map((e) => [e.id, e.position]));
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 1));
      for (const streamId of streams) {
        const stream = await store.readStream(streamId);
        expect(verifyChain(stream).valid).toBe(true);
      }
    }, 120_000);

    it('an append that commits late with a lower position is never skipped by a subscriber', async () => {
      const db = await freshDatabase();
      let holding!: () => void;
      const isHolding = new Promise<void>((resolve) => (holding = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      // This store's appends stop after their insert, before commit, until released.
      const slow = await open(db.url, {
        hooks: {
          beforeCommit: async () => {
            holding();
            await released;
          },
        },
      });
      const fast = await open(db.url);
      const received: RecordedEvent[] = [];
      const subscription = fast.subscribeToAll(async (batch) => void received.push(...batch));
      const early = newStreamId();
      const late = newStreamId();

      const slowAppend = slow.appendToStream(early, [event('First')]);
      await isHolding;
      let fastDone = false;
      const fastAppend = fast.appendToStream(late, [event('Second')]).then((result) => {
        fastDone = true;
        return result;
      });
      await sleep(800);

      // Nothing is visible while the earlier position is uncommitted, so nothing can be skipped.
      expect(fastDone).toBe(false);
      expect(received).toEqual([]);
      expect((await sql(db.url, 'SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(0);

      release();
      const [first, second] = await Promise.all([slowAppend, fastAppend]);
      await waitFor(() => received.length >= 2, 'both events');
      await sleep(300);
      await subscription.stop();

      expect(first.position).toBeLessThan(second.position);
      expect(received.map((e) => [e.streamId, e.type, e.position])).toEqual([
        [early, 'First', first.position],
        [late, 'Second', second.position],
      ]);
    });
  });

  describe('live subscriptions', () => {
    it('wake on NOTIFY, long before the poll interval', async () => {
      const store = await open((await freshDatabase()).url, { pollIntervalMs: 60_000 });
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll(async (batch) => void received.push(...batch));
      await sleep(300);

      const startedAt = Date.now();
      await store.appendToStream(newStreamId(), [event('A')]);
      await waitFor(() => received.length === 1, 'the notified event', 5_000);
      await subscription.stop();

      expect(Date.now() - startedAt).toBeLessThan(5_000);
    });

    it('still deliver when notifications are lost, by polling', async () => {
      const db = await freshDatabase();
      const store = await open(db.url, { pollIntervalMs: 200 });
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll(async (batch) => void received.push(...batch));
      await sleep(300);
      // Silence NOTIFY: the events table's own trigger is the only thing that sends it.
      await sql(db.url, 'ALTER TABLE events DISABLE TRIGGER events_notify');

      const streamId = newStreamId();
      await store.appendToStream(streamId, [event('A')]);
      await store.appendToStream(streamId, [event('B')]);
      await waitFor(() => received.length === 2, 'polled events', 5_000);
      await subscription.stop();

      expect(ours(received, streamId).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('carry on when the LISTEN connection is killed', async () => {
      const db = await freshDatabase();
      const store = await open(db.url, { pollIntervalMs: 200 });
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll(async (batch) => void received.push(...batch));
      await sleep(300);

      const killed = await sql(
        db.url,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'practice-audit-events-listener'`,
        [db.name],
      );
      expect(killed.rowCount).toBe(1);

      await store.appendToStream(newStreamId(), [event('A')]);
      await waitFor(() => received.length === 1, 'the event after the listener died', 5_000);
      await sleep(500);
      await store.appendToStream(newStreamId(), [event('B')]);
      await waitFor(() => received.length === 2, 'the event after reconnecting', 5_000);
      await subscription.stop();

      expect(received.map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('stop when the store closes', async () => {
      const store = await PostgresEventStore.connect((await freshDatabase()).url);
      const subscription = store.subscribeToAll(async () => undefined);

      await store.close();

      await expect(subscription.done).resolves.toBeUndefined();
    });
  });
});
