import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { liveAndRebuilt } from '../../projections/test-support/harness.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import type { GraphQLResponse, TestApp } from '../support/app.js';
import { EH_SECTIONS, allocate, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * The service, a real child process, killed with SIGKILL while 8 clients send it grades, each with
 * its own Idempotency-Key. After a restart every grade that was answered with success is in the
 * store and the read models; every grade sent, answered or not, resent with its key, is stored
 * exactly once; and the read models equal a rebuild from the events.
 *
 * The service uses an external DATABASE_URL (a database of its own on the test run's PostgreSQL),
 * so the kill hits the service alone and the test can read the events and rebuild the read models
 * afterwards; the embedded PostgreSQL's own recovery after kill -9 is embedded-start.test.ts's.
 */

const CLIENTS = 8;
/** Grades answered before the kill; the kill comes with the clients' next ones in flight. */
const ANSWERED_BEFORE_KILL = 40;

let db: TestDatabase;
let dataDir: string;
let port: number;
let child: ChildProcess | null = null;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const baseUrl = () => `http://127.0.0.1:${port}`;

async function startService(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      SEED_DEMO: 'false',
      AUTH_MODE: 'dev',
      NODE_ENV: 'development',
      APP_CLOCK: '2026-12-21T10:00:00Z',
      RATE_LIMIT_MUTATIONS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (chunk) => (output += chunk));
  proc.stderr!.on('data', (chunk) => (output += chunk));
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`service exited early (${proc.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${baseUrl()}/health`)).status === 200) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function exited(proc: ChildProcess): Promise<unknown> {
  return proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((resolve) => proc.once('exit', resolve));
}

/** The child service over HTTP (dev tokens are per process: a restarted one needs new ones). */
interface Remote {
  login(staffId: string): Promise<string>;
  gql(query: string, variables?: Record<string, unknown>, token?: string | null, key?: string): Promise<GraphQLResponse>;
  ok(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<any>;
}

function remote(): Remote {
  const tokens = new Map<string, string>();
  const login = async (staffId: string) => {
    if (!tokens.has(staffId)) {
      const response = await fetch(`${baseUrl()}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: staffId }) });
      tokens.set(staffId, ((await response.json()) as { token: string }).token);
    }
    return tokens.get(staffId)!;
  };
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string | null, key?: string): Promise<GraphQLResponse> => {
    const response = await fetch(`${baseUrl()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await login('admin'))}`, ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
  const ok = async (query: string, variables?: Record<string, unknown>, token?: string | null) => {
    const result = await gql(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  return { login, gql, ok };
}

const setGrade = `mutation($input: SetGradeInput!) { setGrade(input: $input) { id } }`;

interface Sent {
  key: string;
  auditor: string;
  input: { auditId: string; section: string; grade: string; rationale: string };
  answer: 'success' | 'no answer' | string;
}

describe('kill -9 under a burst of commands from 8 clients', () => {
  let a: Authority;
  const audits: Record<string, string> = {};
  const sent: Sent[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('kill9');
    dataDir = mkdtempSync(path.join(tmpdir(), 'practice-audit-kill9-'));
    port = await freePort();
    child = await startService();
    // The lifecycle fixtures need only these three of a test app.
    const t = remote() as unknown as TestApp;
    a = await setUpAuthority(t, ['2026-12']);
    // Two audits, four clients on each: commands on one stream queue up, and different streams interleave.
    audits.aud = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-9001', auditorId: 'aud' });
    audits.aud2 = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-9002', auditorId: 'aud2' });
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('keeps every answered grade, doubles none on resending, and its read models equal a rebuild', async () => {
    const t = remote();
    const grades = ['GOOD', 'REQUIRES_IMPROVEMENT', 'OUTSTANDING', 'INADEQUATE'];
    let answered = 0;
    let killed: Promise<unknown> | null = null;
    const client = async (c: number) => {
      const auditor = c % 2 === 0 ? 'aud' : 'aud2';
      const token = await t.login(auditor);
      for (let n = 0; ; n++) {
        const input = { auditId: audits[auditor], section: [...EH_SECTIONS, 'OVERALL'][(c + n) % 8], grade: grades[n % 4], rationale: `client ${c}, grade ${n}` };
        const entry: Sent = { key: `kill9-${c}-${n}`, auditor, input, answer: 'no answer' };
        sent.push(entry);
        try {
          const result = await t.gql(setGrade, { input }, token, entry.key);
          entry.answer = result.errors ? String(result.errors[0].extensions?.code) : 'success';
        } catch {
          return; // the service is gone: this one's fate is unknown
        }
        if (++answered === ANSWERED_BEFORE_KILL) {
          child!.kill('SIGKILL');
          killed = exited(child!);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    await killed;
    const succeeded = sent.filter((s) => s.answer === 'success');
    expect(sent.filter((s) => s.answer !== 'success' && s.answer !== 'no answer')).toEqual([]);
    expect(succeeded.length).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);
    // Each client had one grade in flight when the service died.
    expect(sent.length - succeeded.length).toBe(CLIENTS);

    const storedRationales = async () => {
      const events = new pg.Pool({ connectionString: db.url, max: 1 });
      try {
        const { rows } = await events.query<{ rationale: string; n: string }>(
          `SELECT data->>'rationale' AS rationale, count(*) AS n FROM events WHERE type = 'GradeSet' GROUP BY 1`,
        );
        return new Map(rows.map((row) => [row.rationale, Number(row.n)]));
      } finally {
        await events.end();
      }
    };
    // Every grade answered with success survived the kill.
    const afterKill = await storedRationales();
    for (const s of succeeded) expect([s.input.rationale, afterKill.get(s.input.rationale)]).toEqual([s.input.rationale, 1]);

    child = await startService();
    const restarted = remote();
    // Each client resends everything it sent, answered or not, with the same keys.
    for (const s of sent) {
      const result = await restarted.gql(setGrade, { input: s.input }, await restarted.login(s.auditor), s.key);
      expect([s.key, result.errors]).toEqual([s.key, undefined]);
    }
    const stored = await storedRationales();
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    expect([...stored.keys()].sort()).toEqual(sent.map((s) => s.input.rationale).sort());

    // The read models hold each grade once, too.
    const history = `query($id: ID!) { audit(id: $id) { gradeHistory { rationale } } }`;
    const shown: string[] = [];
    for (const auditor of ['aud', 'aud2']) {
      const { audit } = await restarted.ok(history, { id: audits[auditor] }, await restarted.login(auditor));
      shown.push(...audit.gradeHistory.map((h: { rationale: string }) => h.rationale));
    }
    expect(shown.sort()).toEqual(sent.map((s) => s.input.rationale).sort());

    child.kill('SIGTERM');
    await exited(child);
    const { live, rebuilt } = await liveAndRebuilt(db.url);
    expect(rebuilt).toEqual(live);
  }, 240_000);
});
