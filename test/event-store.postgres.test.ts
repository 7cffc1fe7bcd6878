import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { EventIdConflictError, type ExpectedRevision, type RecordedEvent, WrongExpectedRevisionError } from '../src/event-store/event-store.port.js';
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

/** What a beforeCommit call saw: the append's positions, and how many events other connections could read then. */
interface HeldCommit {
  streamId: string;
  positions: number[];
  visible: number;
}

/**
 * A store whose first transaction stops before its commit until released, so the appends sent
 * meanwhile wait for it and are written together after it. Every transaction's beforeCommit
 * records how many events were readable from outside: appends committed in one transaction all
 * see the same number, since none of them is visible before the others.
 */
async function openHeld(db: TestDatabase, options: Parameters<typeof PostgresEventStore.connect>[1] = {}) {
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const commits: HeldCommit[] = [];
  const store = await open(db.url, {
    ...options,
    hooks: {
      beforeCommit: async (appended) => {
        const visible = (await sql(db.url, 'SELECT count(*)::int AS n FROM events')).rows[0].n as number;
        commits.push({ ...appended, visible });
        holding();
        await released;
      },
    },
  });
  /** Sends appends one after another, each only once the one before is waiting behind the held transaction. */
  async function queue<T>(appends: Array<() => Promise<T>>): Promise<Array<Promise<T>>> {
    const sent: Array<Promise<T>> = [];
    for (const append of appends) {
      const waitingBefore = store.waitingAppends;
      const promise = append();
      // Rejections are looked at later; do not let one count as unhandled meanwhile.
      promise.catch(() => undefined);
      sent.push(promise);
      await waitFor(() => store.waitingAppends === waitingBefore + 1, `append ${sent.length} waiting`);
    }
    return sent;
  }
  return { store, commits, held: () => held, release, queue };
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

  describe('group commit', () => {
    it('appends sent while a transaction commits wait for it, then commit together in one transaction, each with its own positions', async () => {
      const db = await freshDatabase();
      const { store, commits, held, release, queue } = await openHeld(db);
      const streams = [newStreamId(), newStreamId(), newStreamId()];

      const first = store.appendToStream(newStreamId(), [event('First')]);
      await held();
      const waiting = await queue(streams.map((streamId, i) => () => store.appendToStream(streamId, [event(`Q${i}a`), event(`Q${i}b`)], { expectedRevision: 'no_stream' })));
      release();
      const results = await Promise.all(waiting);

      expect((await first).position).toBe(1);
      expect(results).toEqual([
        { nextExpectedRevision: 1, position: 3 },
        { nextExpectedRevision: 1, position: 5 },
        { nextExpectedRevision: 1, position: 7 },
      ]);
      // One transaction for the three: while it was open, none of them could be read.
      expect(commits.map((c) => [c.streamId, c.positions, c.visible])).toEqual([
        [expect.any(String), [1], 0],
        [streams[0], [2, 3], 1],
        [streams[1], [4, 5], 1],
        [streams[2], [6, 7], 1],
      ]);
      expect((await store.readAll()).map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      for (const [i, streamId] of streams.entries()) {
        const stream = await store.readStream(streamId);
        expect(stream.map((e) => e.type)).toEqual([`Q${i}a`, `Q${i}b`]);
        expect(verifyChain(stream).valid).toBe(true);
      }
    });

    it('writes at most maxAppends appends in one transaction; the rest go in the next', async () => {
      const db = await freshDatabase();
      const { store, commits, held, release, queue } = await openHeld(db, { groupLimits: { maxAppends: 2 } });

      const first = store.appendToStream(newStreamId(), [event('First')]);
      await held();
      const waiting = await queue([1, 2, 3, 4, 5].map((n) => () => store.appendToStream(newStreamId(), [event(`Q${n}`)])));
      release();
      await Promise.all([first, ...waiting]);

      // Transactions of 1, 2, 2 and 1 appends: each sees only what the ones before it committed.
      expect(commits.map((c) => [c.positions, c.visible])).toEqual([
        [[1], 0],
        [[2], 1],
        [[3], 1],
        [[4], 3],
        [[5], 3],
        [[6], 5],
      ]);
    });

    it('writes at most maxEvents events in one transaction, though a larger append still goes, alone', async () => {
      const db = await freshDatabase();
      const { store, commits, held, release, queue } = await openHeld(db, { groupLimits: { maxEvents: 3 } });
      const sizes = [2, 1, 2, 4, 1];

      const first = store.appendToStream(newStreamId(), [event('First')]);
      await held();
      const waiting = await queue(sizes.map((size) => () => store.appendToStream(newStreamId(), Array.from({ length: size }, (_, i) => event(`E${i}`)))));
      release();
      await Promise.all([first, ...waiting]);

      // Transactions of [1], [2, 1], [2], [4], [1] events.
      expect(commits.map((c) => [c.positions.length, c.visible])).toEqual([
        [1, 0],
        [2, 1],
        [1, 1],
        [2, 4],
        [4, 6],
        [1, 10],
      ]);
      expect((await store.readAll()).map((e) => e.position)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    });

    it('a conflicting append in the middle of a group is refused alone, leaving nothing; the others commit with no gap', async () => {
      const db = await freshDatabase();
      const contested = newStreamId();
      await (await open(db.url)).appendToStream(contested, [event('C0')], { expectedRevision: 'no_stream' });
      const { store, commits, held, release, queue } = await openHeld(db);
      const before = newStreamId();
      const after = newStreamId();
      const winner = event('Winner');
      const loser = event('Loser');

      const first = store.appendToStream(newStreamId(), [event('First')]);
      await held();
      // Both read revision 0 before either is stored, so both are sent; the second finds the head moved.
      const [b, c1, c2, d] = await queue([
        () => store.appendToStream(before, [event('B')], { expectedRevision: 'no_stream' }),
        () => store.appendToStream(contested, [winner], { expectedRevision: 0 }),
        () => store.appendToStream(contested, [loser], { expectedRevision: 0 }),
        () => store.appendToStream(after, [event('D')], { expectedRevision: 'no_stream' }),
      ]);
      release();

      await expect(c2).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(c2).rejects.toMatchObject({ streamId: contested, expected: 0, actual: 1 });
      expect([(await first).position, (await b).position, (await c1).position, (await d).position]).toEqual([2, 3, 4, 5]);
      // B, the winner and D in one transaction; the loser never reached its commit.
      expect(commits.map((c) => [c.streamId, c.positions, c.visible])).toEqual([
        [expect.any(String), [2], 1],
        [before, [3], 2],
        [contested, [4], 2],
        [after, [5], 2],
      ]);
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
      expect(all.map((e) => e.id)).not.toContain(loser.id);
      const stream = await store.readStream(contested);
      expect(stream.map((e) => e.type)).toEqual(['C0', 'Winner']);
      expect(verifyChain(stream).valid).toBe(true);
    });

    it("an error from the database in one append refuses only that one, with the database's own error; the others commit with no gap", async () => {
      const db = await freshDatabase();
      const { store, commits, held, release, queue } = await openHeld(db);
      const taken = event('First');
      const streams = { b: newStreamId(), idTaken: newStreamId(), badJson: newStreamId(), d: newStreamId() };
      // jsonb cannot hold U+0000: PostgreSQL refuses the text itself, not the store's checks.
      const nul = { section: 'Recording', comment: 'pasted text with a \u0000 in it' };

      const first = store.appendToStream(newStreamId(), [taken]);
      await held();
      const [b, idTaken, badJson, d] = await queue([
        () => store.appendToStream(streams.b, [event('B')]),
        // The id is in the held transaction, not yet readable, so only the database can catch it.
        () => store.appendToStream(streams.idTaken, [{ ...event('Again'), id: taken.id }]),
        () => store.appendToStream(streams.badJson, [event('AnswerRecorded', nul)]),
        () => store.appendToStream(streams.d, [event('D')]),
      ]);
      release();

      await expect(idTaken).rejects.toBeInstanceOf(EventIdConflictError);
      await expect(idTaken).rejects.toMatchObject({ streamId: streams.idTaken, eventIds: [taken.id] });
      await expect(idTaken).rejects.toThrow(/already stored in another stream/);
      const direct = await sql(db.url, 'SELECT $1::jsonb', [JSON.stringify(nul)]).then(
        () => null,
        (error: pg.DatabaseError) => error,
      );
      expect(direct).toBeInstanceOf(pg.DatabaseError);
      const refused = await badJson.then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(pg.DatabaseError);
      expect(refused).toMatchObject({ code: '22P05', message: direct!.message, detail: direct!.detail });
      expect([(await first).position, (await b).position, (await d).position]).toEqual([1, 2, 3]);
      expect(commits.map((c) => [c.streamId, c.positions, c.visible])).toEqual([
        [expect.any(String), [1], 0],
        [streams.b, [2], 1],
        [streams.d, [3], 1],
      ]);
      expect((await store.readAll()).map((e) => e.position)).toEqual([1, 2, 3]);
      expect(await store.readStream(streams.idTaken)).toEqual([]);
      expect(await store.readStream(streams.badJson)).toEqual([]);
    });

    it("two 'any' appends to one stream in the same group: the second sees the first's head and chains on it", async () => {
      const db = await freshDatabase();
      const { store, commits, held, release, queue } = await openHeld(db);
      const streamId = newStreamId();

      const first = store.appendToStream(newStreamId(), [event('First')]);
      await held();
      // Both hashed on an empty stream; the second is stored only on the first's head.
      const [x1, x2] = await queue([
        () => store.appendToStream(streamId, [event('X1a'), event('X1b')], { expectedRevision: 'any' }),
        () => store.appendToStream(streamId, [event('X2')], { expectedRevision: 'any' }),
      ]);
      release();
      await first;

      expect(await x1).toEqual({ nextExpectedRevision: 1, position: 3 });
      expect(await x2).toEqual({ nextExpectedRevision: 2, position: 4 });
      const stream = await store.readStream(streamId);
      expect(stream.map((e) => [e.revision, e.type])).toEqual([
        [0, 'X1a'],
        [1, 'X1b'],
        [2, 'X2'],
      ]);
      expect(stream[2].prevHash).toBe(stream[1].hash);
      expect(verifyChain(stream)).toEqual({ events: 3, valid: true, firstInvalidRevision: null });
      expect(commits.filter((c) => c.streamId === streamId).map((c) => c.positions)).toEqual([[2, 3], [4]]);
    });

    it("two 'any' appends to a stream whose head this store knows share one group: the second is hashed on the head the first will leave", async () => {
      const db = await freshDatabase();
      const elsewhere = await open(db.url);
      const streamId = newStreamId();
      await elsewhere.appendToStream(streamId, [event('Opened')]);
      const { store, commits, held, release, queue } = await openHeld(db);
      await store.readStream(streamId);

      const first = store.appendToStream(newStreamId(), [event('First')]);
      await held();
      // Neither reads the head first: the first is hashed on the head read above, the second on the first's.
      const [x1, x2] = await queue([
        () => store.appendToStream(streamId, [event('X1')], { expectedRevision: 'any' }),
        () => store.appendToStream(streamId, [event('X2')], { expectedRevision: 'any' }),
      ]);
      release();
      await first;

      expect(await x1).toEqual({ nextExpectedRevision: 1, position: 3 });
      expect(await x2).toEqual({ nextExpectedRevision: 2, position: 4 });
      const stream = await store.readStream(streamId);
      expect(stream.map((e) => e.type)).toEqual(['Opened', 'X1', 'X2']);
      expect(verifyChain(stream)).toEqual({ events: 3, valid: true, firstInvalidRevision: null });
      // One transaction: neither was readable before the other.
      expect(commits.filter((c) => c.streamId === streamId).map((c) => [c.positions, c.visible])).toEqual([
        [[3], 2],
        [[4], 2],
      ]);
    });

    it('a head this store knows that another store has moved on: the appends hashed on it are stored on the real head, and the chain verifies', async () => {
      const db = await freshDatabase();
      const elsewhere = await open(db.url);
      const streamId = newStreamId();
      await elsewhere.appendToStream(streamId, [event('Opened')]);
      const { store, held, release, queue } = await openHeld(db);
      await store.readStream(streamId);
      // Revision 1 taken by another process: this store still knows revision 0 as the head.
      await elsewhere.appendToStream(streamId, [event('Elsewhere')]);

      const first = store.appendToStream(newStreamId(), [event('First')]);
      await held();
      // A is hashed on revision 0 (stale), B on the revision 1 A would leave: taken, with another hash.
      const [a, b] = await queue([
        () => store.appendToStream(streamId, [event('A')], { expectedRevision: 'any' }),
        () => store.appendToStream(streamId, [event('B')], { expectedRevision: 'any' }),
      ]);
      release();
      await first;
      await Promise.all([a, b]);

      const stream = await store.readStream(streamId);
      expect(stream.map((e) => e.type)).toEqual(['Opened', 'Elsewhere', 'A', 'B']);
      expect(verifyChain(stream)).toEqual({ events: 4, valid: true, firstInvalidRevision: null });
    });

    it("an exact expected revision on a head this store knows that is stale: decided on the stored head, not refused", async () => {
      const db = await freshDatabase();
      const store = await open(db.url);
      const elsewhere = await open(db.url);
      const streamId = newStreamId();
      await store.appendToStream(streamId, [event('Opened')]);
      const { nextExpectedRevision } = await elsewhere.appendToStream(streamId, [event('Elsewhere')]);

      expect(await store.appendToStream(streamId, [event('Next')], { expectedRevision: nextExpectedRevision })).toMatchObject({ nextExpectedRevision: 2 });
      await expect(store.appendToStream(streamId, [event('Behind')], { expectedRevision: 0 })).rejects.toMatchObject({ expected: 0, actual: 2 });
      expect(verifyChain(await store.readStream(streamId)).valid).toBe(true);
    });

    it('a retried append on a head this store knows answers what it answered the first time', async () => {
      const db = await freshDatabase();
      const store = await open(db.url);
      const streamId = newStreamId();
      const batch = [event('Once'), event('Twice')];
      const firstTime = await store.appendToStream(streamId, batch);
      expect(await store.appendToStream(streamId, batch, { expectedRevision: 7 })).toEqual(firstTime);
      await expect(store.appendToStream(newStreamId(), [batch[0]])).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('six writers in two stores race for each revision of one stream: one wins each, the losers are refused and leave nothing, the chain verifies', async () => {
      const db = await freshDatabase();
      const stores = [await open(db.url), await open(db.url)];
      const streamId = newStreamId();
      const winners: string[] = [];
      const losers: string[] = [];

      for (let revision = 0; revision < 10; revision++) {
        const expected: ExpectedRevision = revision === 0 ? 'no_stream' : revision - 1;
        const contenders = Array.from({ length: 6 }, (_, i) => ({ store: stores[i % 2], event: event(`R${revision}`, { writer: i }) }));

        const outcomes = await Promise.allSettled(contenders.map((c) => c.store.appendToStream(streamId, [c.event], { expectedRevision: expected })));

        const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        expect((outcomes[won[0]] as PromiseFulfilledResult<{ nextExpectedRevision: number }>).value.nextExpectedRevision).toBe(revision);
        for (const [i, outcome] of outcomes.entries()) {
          if (i === won[0]) continue;
          const reason = (outcome as PromiseRejectedResult).reason as WrongExpectedRevisionError;
          expect(reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(reason).toMatchObject({ streamId, expected, actual: revision });
        }
        contenders.forEach((c, i) => (i === won[0] ? winners : losers).push(c.event.id));
      }

      const stream = await stores[0].readStream(streamId);
      expect(stream.map((e) => e.id)).toEqual(winners);
      expect(verifyChain(stream)).toEqual({ events: 10, valid: true, firstInvalidRevision: null });
      const stored = new Set((await stores[0].readAll()).map((e) => e.id));
      expect(losers.filter((id) => stored.has(id))).toEqual([]);
      expect(losers).toHaveLength(50);
      expect((await stores[1].readAll()).map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
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
