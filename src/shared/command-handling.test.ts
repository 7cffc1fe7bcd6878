import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InMemoryEventStore } from '../event-store/in-memory/in-memory-event-store.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { type AppendContext, handleCommand } from './command-handling.js';
import type { Decider } from './decider.js';
import { DomainError } from './errors.js';
import { IdempotentRequest } from './idempotency.js';
import { KeyedQueue } from './keyed-queue.js';

/** A tally: each command adds its amount; the state is the total and the number of additions. */
type Added = { type: 'Added'; data: { amount: number } };
type Tally = { total: number; count: number };
const tally: Decider<{ amount: number }, Added, Tally> = {
  decide: ({ amount }) => {
    if (amount < 0) throw new DomainError('BAD_USER_INPUT', 'amount: must not be negative', 'amount');
    return [{ type: 'Added', data: { amount } }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.amount, count: state.count + 1 }),
  initialState: () => ({ total: 0, count: 0 }),
};

const context = (idempotency?: IdempotentRequest): AppendContext => ({
  actor: { staffId: 'aud', role: 'AUDITOR' },
  correlationId: 'test',
  now: new Date('2026-12-01T10:00:00Z'),
  idempotency,
});

let db: TestDatabase;
/** Two stores on one database stand for two service processes: each has its own queue. */
let here: PostgresEventStore;
let elsewhere: PostgresEventStore;
let n = 0;
const stream = () => `tally-${++n}`;

beforeAll(async () => {
  db = await createTestDatabase('writes');
  here = await PostgresEventStore.connect(db.url);
  elsewhere = await PostgresEventStore.connect(db.url);
});
afterAll(async () => {
  await here.close();
  await elsewhere.close();
  await db.drop();
});

describe('commands on one stream in one process', () => {
  it('take turns: twenty at once are each decided once, on the state the one before left', async () => {
    const streamId = stream();
    let decisions = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        handleCommand({ store: here }, streamId, tally, () => (decisions++, { amount: i + 1 }), context()),
      ),
    );
    // A conflict would have made some command decide twice.
    expect(decisions).toBe(20);
    expect(outcomes.map((o) => o.state.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await here.readStream(streamId)).length).toBe(20);
  });

  it('go on after a refusal in the queue', async () => {
    const streamId = stream();
    const results = await Promise.allSettled([
      handleCommand({ store: here }, streamId, tally, { amount: 1 }, context()),
      handleCommand({ store: here }, streamId, tally, { amount: -1 }, context()),
      handleCommand({ store: here }, streamId, tally, { amount: 2 }, context()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await here.readStream(streamId)).map((e) => e.data.amount)).toEqual([1, 2]);
  });
});

/**
 * The real store, except that after each of the first `times` reads of a stream another process
 * (a second store on the same database) appends to it: our append then meets a real conflict.
 */
function racedBy(times: number): PostgresEventStore {
  const raced = Object.create(here) as PostgresEventStore;
  raced.readStream = async (streamId, options) => {
    const read = await here.readStream(streamId, options);
    if (times-- > 0) await handleCommand({ store: elsewhere }, streamId, tally, { amount: 1 }, context());
    return read;
  };
  return raced;
}

describe('a conflict with another process', () => {
  it('is tried again after a wait, and the command lands on top of the other writes', async () => {
    const streamId = stream();
    await handleCommand({ store: here }, streamId, tally, { amount: 10 }, context());
    let decisions = 0;
    const outcome = await handleCommand({ store: racedBy(3) }, streamId, tally, (state: Tally) => (decisions++, { amount: 100 + state.total }), context());
    expect(decisions).toBe(4);
    expect(outcome.state).toEqual({ total: 10 + 3 + 113, count: 5 });
    expect((await here.readStream(streamId)).map((e) => e.data.amount)).toEqual([10, 1, 1, 1, 113]);
  });

  it('that outlasts the budget answers CONFLICT saying to try again, and stores nothing of it', async () => {
    const streamId = stream();
    await handleCommand({ store: here }, streamId, tally, { amount: 1 }, context());
    let decisions = 0;
    const refusal = handleCommand({ store: racedBy(Infinity) }, streamId, tally, () => (decisions++, { amount: 1000 }), context(), {
      budgetMs: 200,
      firstDelayMs: 5,
      maxDelayMs: 40,
    });
    await expect(refusal).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/try again/) });
    expect(decisions).toBeGreaterThan(1);
    const amounts = (await here.readStream(streamId)).map((e) => e.data.amount);
    expect(amounts).not.toContain(1000);
    expect(amounts.length).toBe(1 + decisions);
  });
});

describe('an Idempotency-Key', () => {
  const request = (key: string, args: unknown) => IdempotentRequest.of('aud', key, 'add', args);

  it('makes a resent command answer what was stored, without storing it again', async () => {
    const streamId = stream();
    const first = await handleCommand({ store: here }, streamId, tally, { amount: 5 }, context(request('k-1', { amount: 5 })));
    await handleCommand({ store: here }, streamId, tally, { amount: 7 }, context());
    const again = await handleCommand({ store: here }, streamId, tally, { amount: 5 }, context(request('k-1', { amount: 5 })));
    expect(again).toEqual(first);
    // And from another process.
    const there = await handleCommand({ store: elsewhere }, streamId, tally, { amount: 5 }, context(request('k-1', { amount: 5 })));
    expect(there).toEqual(first);
    expect((await here.readStream(streamId)).map((e) => e.data.amount)).toEqual([5, 7]);
  });

  it('sent with another request is refused naming the header, nothing stored', async () => {
    const streamId = stream();
    await handleCommand({ store: here }, streamId, tally, { amount: 5 }, context(request('k-2', { amount: 5 })));
    await expect(handleCommand({ store: here }, streamId, tally, { amount: 6 }, context(request('k-2', { amount: 6 })))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'Idempotency-Key',
      message: expect.stringMatching(/^Idempotency-Key: .*different request/),
    });
    expect((await here.readStream(streamId)).length).toBe(1);
  });

  it('that is malformed is refused naming the header', () => {
    expect(() => request('', {})).toThrow(/Idempotency-Key/);
    expect(() => request('a b', {})).toThrow(/Idempotency-Key/);
    expect(() => request('x'.repeat(201), {})).toThrow(/Idempotency-Key/);
  });
});

describe('the keyed queue', () => {
  it('runs one task at a time per key, and forgets a key once its tasks settle, failed or not', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a1 = queue.run('a', async () => {
      await gate;
      order.push('a1');
      throw new Error('a1 failed');
    });
    const a2 = queue.run('a', async () => void order.push('a2'));
    const b1 = queue.run('b', async () => void order.push('b1'));
    await b1;
    expect(order).toEqual(['b1']);
    release();
    await expect(a1).rejects.toThrow('a1 failed');
    await a2;
    expect(order).toEqual(['b1', 'a1', 'a2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});

describe('without a database, on the in-memory event store', () => {
  // The same write path: a handler's rules and its refusals can be tested without PostgreSQL.
  it('stores what is decided, and a refused command appends nothing', async () => {
    const store = new InMemoryEventStore();
    await handleCommand({ store }, 'tally-1', tally, { amount: 2 }, context());
    await expect(handleCommand({ store }, 'tally-1', tally, { amount: -1 }, context())).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    const outcome = await handleCommand({ store }, 'tally-1', tally, { amount: 3 }, context());

    expect(outcome.state).toEqual({ total: 5, count: 2 });
    expect((await store.readStream('tally-1')).map((e) => e.data.amount)).toEqual([2, 3]);
    await store.close();
  });
});

describe('read-your-writes', () => {
  const readModels = (reach: (position: number) => Promise<void>) => {
    const waited: number[] = [];
    return { waited, waitFor: (position: number) => (waited.push(position), reach(position)) };
  };

  it('answers once the read models reach the appended position, and not before', async () => {
    const store = new InMemoryEventStore();
    let reached!: () => void;
    const progress = readModels(() => new Promise<void>((resolve) => (reached = resolve)));
    let answered = false;
    const answer = handleCommand({ store, readModels: progress }, 'tally-1', tally, { amount: 2 }, context()).then((o) => ((answered = true), o));
    while (progress.waited.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    reached();
    expect((await answer).position).toBe(progress.waited[0]);
    await store.close();
  });

  it('answers SAVED_NOT_YET_VISIBLE when they do not: the events are stored all the same', async () => {
    const store = new InMemoryEventStore();
    const progress = readModels(() => Promise.reject(new Error('timed out')));
    await expect(handleCommand({ store, readModels: progress }, 'tally-1', tally, { amount: 2 }, context())).rejects.toMatchObject({ code: 'SAVED_NOT_YET_VISIBLE' });
    expect((await store.readStream('tally-1')).map((e) => e.data.amount)).toEqual([2]);
    await store.close();
  });

  it('does not wait for a refused command', async () => {
    const store = new InMemoryEventStore();
    const progress = readModels(() => Promise.resolve());
    await expect(handleCommand({ store, readModels: progress }, 'tally-1', tally, { amount: -1 }, context())).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(progress.waited).toEqual([]);
    await store.close();
  });
});
