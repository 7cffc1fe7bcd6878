import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { liveAndRebuilt } from '../../projections/test-support/harness.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { graphqlClient, metricValue, startRole, type RoleProcess } from '../support/role-process.js';
import { sleep } from '../support/service-process.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import type { TestApp } from '../support/app.js';
import { Q, allocation, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Past one process: two API instances (SERVICE_ROLE=api) and two workers (SERVICE_ROLE=worker), real
 * child processes on one PostgreSQL database. One worker holds the lease and alone projects and
 * sends mail; killed with SIGKILL in the middle of a batch of mutations, the other takes over, and
 * the read models equal a rebuild from the events while every message reaches the mail server.
 */

const AUDIT = `query($id: ID!) { audit(id: $id) { id caseRef } }`;
const BATCH = 24;
const CLIENTS = 4;
const KILL_AFTER = 8;

/** Waits (bounded) until `done` holds; fails naming `what` otherwise. A limit on waiting, not a timing assertion. */
async function until(done: () => Promise<boolean> | boolean, what: string, limitMs = 60_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await done()) return;
    await sleep(50);
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('scale-out: API instances and workers in separate processes', () => {
  let db: TestDatabase;
  let smtp: TestSmtp;
  let events: pg.Pool;
  let env: Record<string, string>;
  const workers: RoleProcess[] = [];
  let apiA: RoleProcess;
  let apiB: RoleProcess;
  let a: Authority;
  let cycleId: string;
  const takeovers: number[] = [];

  const leaseOf = async (w: RoleProcess) => (await w.get('/health/ready')).body.lease as string;
  const lagOn = async (p: RoleProcess) => metricValue((await p.get('/metrics')).text, 'projection_lag_events');
  const eventCount = async () => Number((await events.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

  /** SIGKILLs `active` and measures until `standby` says it holds the lease. */
  async function killAndTakeOver(active: RoleProcess, standby: RoleProcess): Promise<number> {
    const killedAt = performance.now();
    active.child.kill('SIGKILL');
    await until(async () => (await leaseOf(standby).catch(() => '')) === 'active', 'the standby worker to take the lease', 30_000);
    const ms = Math.round(performance.now() - killedAt);
    takeovers.push(ms);
    return ms;
  }

  beforeAll(async () => {
    db = await createTestDatabase('scale');
    smtp = await startTestSmtp();
    events = new pg.Pool({ connectionString: db.url, max: 2 });
    env = {
      DATABASE_URL: db.url,
      // Dev tokens from one API instance are good on the other.
      AUTH_DEV_SECRET: 'scale-out-test-dev-secret',
      APP_CLOCK: '2026-12-21T10:00:00Z',
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '50',
      REMINDER_POLL_MS: '0',
      MAIL_RETRY_BASE_MS: '50',
      MAIL_MAX_ATTEMPTS: '20',
      RATE_LIMIT_MUTATIONS: '0',
      READ_YOUR_WRITES_TIMEOUT_MS: '4000',
      SHUTDOWN_GRACE_MS: '20000',
    };
    workers.push(await startRole('worker', env));
    await until(async () => (await leaseOf(workers[0])) === 'active', 'the first worker to take the lease');
    apiA = await startRole('api', env);
    apiB = await startRole('api', env);
    await apiA.until200('/health/ready');
    await apiB.until200('/health/ready');
    a = await setUpAuthority(graphqlClient(apiA) as unknown as TestApp, ['2026-12']);
    cycleId = a.cycles['2026-12'];
  }, 180_000);

  afterAll(async () => {
    for (const p of [...workers, apiA, apiB]) if (p) await p.kill();
    await events?.end();
    await smtp?.close();
    await db?.drop();
    if (takeovers.length > 0) console.log(`worker takeover after SIGKILL: ${takeovers.join(' ms, ')} ms`);
  });

  it('a mutation answered by one API instance is read back at once on the other', async () => {
    const viaA = graphqlClient(apiA);
    const viaB = graphqlClient(apiB);
    const { allocateAudit } = await viaA.ok(Q.allocate, { input: allocation(cycleId, { caseRef: 'EH-7001' }) }, a.as.qa);
    const { audit } = await viaB.ok(AUDIT, { id: allocateAudit.id }, a.as.qa);
    expect(audit).toEqual({ id: allocateAudit.id, caseRef: 'EH-7001' });
  });

  it('while the active worker is frozen the answer is SAVED_NOT_YET_VISIBLE and /metrics shows lag; resumed, the lag falls back to zero', async () => {
    workers[0].child.kill('SIGSTOP');
    try {
      const result = await graphqlClient(apiA).gql(Q.allocate, { input: allocation(cycleId, { caseRef: 'EH-7002' }) }, a.as.qa);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['SAVED_NOT_YET_VISIBLE']);
      expect(await lagOn(apiA)).toBeGreaterThan(0);
    } finally {
      workers[0].child.kill('SIGCONT');
    }
    await until(async () => (await lagOn(apiA)) === 0, 'the lag on /metrics to fall back to zero');
    // Every projector is named, each at zero.
    const text = (await apiA.get('/metrics')).text;
    expect(text).toMatch(/projection_lag_events\{projection="audits"\} 0/);
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/graphql",status="200"\}/);
    expect(text).toMatch(/graphql_commands_total\{name="allocateAudit",outcome="SAVED_NOT_YET_VISIBLE"\} 1/);
    expect(text).toMatch(/event_store_append_duration_seconds_count \d+/);
  });

  it('a second worker stands by: it projects nothing and sends nothing', async () => {
    workers.push(await startRole('worker', env));
    await workers[1].until200('/health/ready');
    expect(await leaseOf(workers[1])).toBe('standby');
    expect(await leaseOf(workers[0])).toBe('active');
    const standby = await workers[1].get('/health');
    expect(standby.status).toBe(200);
    expect(new Set(standby.body.projections.map((p: { state: string }) => p.state))).toEqual(new Set(['stopped']));
    const [active, idle] = await Promise.all(workers.map(async (w) => (await w.get('/metrics')).text));
    expect(metricValue(active, 'worker_active')).toBe(1);
    expect(metricValue(idle, 'worker_active')).toBe(0);
    expect(metricValue(active, 'outbox_sent_total')).toBeGreaterThan(0);
    expect(metricValue(idle, 'outbox_sent_total')).toBe(0);
  });

  it('SIGKILL of the active worker mid-batch: the standby takes over, no read-model row lost or doubled, every message delivered, none twice', async () => {
    const [active, standby] = workers;
    const apis = [apiA, apiB];
    let answered = 0;
    let takeover: Promise<number> | null = null;
    const saved: Array<{ id: string; caseRef: string; via: number }> = [];
    const client = async (c: number) => {
      for (let i = c; i < BATCH; i += CLIENTS) {
        const caseRef = `EH-8${String(i).padStart(3, '0')}`;
        const via = i % 2;
        const result = await graphqlClient(apis[via]).gql(Q.allocate, { input: allocation(cycleId, { caseRef }) }, a.as.qa, `batch-${caseRef}`);
        // Saved either way: visible at once, or once the worker that took over catches up.
        const codes = result.errors?.map((e) => e.extensions?.code) ?? [];
        expect([caseRef, codes.filter((code) => code !== 'SAVED_NOT_YET_VISIBLE')]).toEqual([caseRef, []]);
        if (result.data?.allocateAudit) saved.push({ id: result.data.allocateAudit.id, caseRef, via });
        if (++answered === KILL_AFTER) takeover = killAndTakeOver(active, standby);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(takeover).not.toBeNull();
    await takeover;
    await until(async () => (await lagOn(apiB)) === 0, 'the read models to catch up after the takeover');

    // Each allocation answered with its audit is read back on the other instance.
    for (const s of saved) {
      const { audit } = await graphqlClient(apis[1 - s.via]).ok(AUDIT, { id: s.id }, a.as.qa);
      expect(audit.caseRef).toBe(s.caseRef);
    }
    // Every allocation is in the read model once (an audit per case reference).
    const { rows } = await events.query<{ case_ref: string; n: string }>(
      `SELECT data->>'caseRef' AS case_ref, count(*) AS n FROM events WHERE type = 'AuditAllocated' AND data->>'caseRef' LIKE 'EH-8%' GROUP BY 1`,
    );
    expect(rows).toHaveLength(BATCH);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);

    // The outbox: every message sent, each reaching the server under its own Message-ID.
    await until(async () => metricValue((await apiA.get('/metrics')).text, 'outbox_messages', { state: 'QUEUED' }) === 0, 'the outbox to empty');
    const outbox = await events.query<{ id: string; state: string }>(`SELECT id, state FROM notification_outbox`);
    expect(new Set(outbox.rows.map((r) => r.state))).toEqual(new Set(['SENT']));
    const expected = outbox.rows.map((r) => r.id).sort();
    await until(() => new Set(smtp.messages.map((m) => m.messageId)).size >= expected.length, 'every message to reach the mail server');
    const received = smtp.messages.map((m) => /^<([^@]+)@/.exec(m.messageId ?? '')?.[1] ?? '?');
    expect([...new Set(received)].sort()).toEqual(expected);
    // SMTP cannot be taken back: the only message that may arrive twice is the one the killed worker had
    // in hand when it died (accepted by the server, SENT not yet committed), again with the same Message-ID.
    expect(received.length - expected.length).toBeLessThanOrEqual(1);
  }, 240_000);

  it('the mutation rate limit counts across API instances', async () => {
    const limited = { ...env, RATE_LIMIT_MUTATIONS: '3', RATE_LIMIT_WINDOW_SECONDS: '600' };
    const [c, d] = await Promise.all([startRole('api', limited), startRole('api', limited)]);
    try {
      await Promise.all([c.until200('/health/ready'), d.until200('/health/ready')]);
      const team = `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`;
      const register = (p: RoleProcess, id: string) => graphqlClient(p).gql(team, { input: { id, name: `Team ${id}`, service: 'Early Help' } }, a.as.admin);
      const codes = [];
      for (const [p, id] of [[c, 'r1'], [d, 'r2'], [c, 'r3'], [d, 'r4']] as const) codes.push((await register(p, id)).errors?.[0]?.extensions?.code ?? 'ok');
      expect(codes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
    } finally {
      await Promise.all([c.stop(), d.stop()]);
    }
  }, 120_000);

  it('SIGTERM: an API instance finishes the request in hand, then exits cleanly', async () => {
    const active = workers[1];
    active.child.kill('SIGSTOP');
    const before = await eventCount();
    let answer: Promise<{ data?: any; errors?: Array<{ extensions?: { code?: string } }> }>;
    try {
      answer = graphqlClient(apiB).gql(Q.allocate, { input: allocation(cycleId, { caseRef: 'EH-7003' }) }, a.as.qa);
      // Its events appended, the request waits for the read models (the worker is frozen).
      await until(async () => (await eventCount()) > before, 'the mutation to be appended');
      apiB.child.kill('SIGTERM');
      await until(() => apiB.output().includes('SIGTERM: stopping'), 'the API instance to begin stopping');
    } finally {
      active.child.kill('SIGCONT');
    }
    const result = await answer;
    expect(result.errors).toBeUndefined();
    expect(result.data.allocateAudit.caseRef).toBe('EH-7003');
    expect(await apiB.stop()).toBe(0);
  }, 120_000);

  it('takeover figures: two more kills of the active worker', async () => {
    for (let i = 0; i < 2; i++) {
      const standby = await startRole('worker', env);
      await standby.until200('/health/ready');
      workers.push(standby);
      const active = workers[workers.length - 2];
      expect(await leaseOf(active)).toBe('active');
      await killAndTakeOver(active, standby);
    }
    const last = workers[workers.length - 1];
    await until(async () => (await lagOn(apiA)) === 0, 'the read models to be current');
    expect(await leaseOf(last)).toBe('active');
  }, 120_000);

  it('after all that, the read models equal a rebuild from the events', async () => {
    for (const w of workers) await w.stop();
    await apiA.stop();
    const { live, rebuilt } = await liveAndRebuilt(db.url);
    expect(rebuilt).toEqual(live);
  }, 120_000);
});
