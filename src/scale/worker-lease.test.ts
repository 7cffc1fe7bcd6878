import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DEFAULT_DATABASE_TIMEOUTS } from '../database/connection-options.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { WorkerLease, type LeaseWork } from './worker-lease.js';

/** Two workers' leases on one real PostgreSQL: one works at a time, and losing the connection stops it. */
describe('the worker lease', () => {
  let db: TestDatabase;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('lease');
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  const until = async (done: () => boolean, what: string) => {
    for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    if (!done()) throw new Error(`gave up waiting: ${what}`);
  };

  function worker(name: string, log: string[]) {
    const work: LeaseWork = {
      activate: async () => void log.push(`${name} on`),
      deactivate: async () => void log.push(`${name} off`),
    };
    return new WorkerLease(db.url, DEFAULT_DATABASE_TIMEOUTS, work, { pollMs: 100, logger: { log() {}, warn() {} } });
  }

  it('given two workers, one is active; when its connection is cut, it stops before the other starts; released, the lock passes back', async () => {
    const log: string[] = [];
    const first = worker('first', log);
    const second = worker('second', log);
    first.start();
    await until(() => first.active, 'the first worker to take the lease');
    second.start();
    // Several polls of the standby go by without taking it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([first.state, second.state]).toEqual(['active', 'standby']);

    // The lease's own session ended from outside, as when its network or server goes away.
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'practice-audit-worker-lease' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`);
    await until(() => second.active, 'the second worker to take over');
    expect(log.indexOf('first off')).toBeGreaterThan(-1);
    expect(log.indexOf('first off')).toBeLessThan(log.indexOf('second on'));
    expect(first.active).toBe(false);

    await second.release();
    await until(() => first.active, 'the first worker to take the lease back');
    expect(log).toEqual(['first on', 'first off', 'second on', 'second off', 'first on']);
    await first.release();
    expect([first.state, second.state]).toEqual(['stopped', 'stopped']);
  }, 30_000);
});
