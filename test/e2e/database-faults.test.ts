import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/database/embedded-postgres.js';
import { spawn } from 'node:child_process';
import { exited, freePort, sleep, startService, type ServiceProcess } from '../support/service-process.js';

/**
 * The service (a real process) on an external DATABASE_URL whose PostgreSQL is this test's own —
 * never the run's shared one — while that PostgreSQL's sessions are terminated, its processes are
 * stopped (SIGSTOP) and it is shut down and started again. Requests answer SERVICE_UNAVAILABLE
 * (never an internal error, never a hang), /health says why, and everything recovers by itself:
 * pool, LISTEN connection and projections, with nothing lost, doubled or half-applied.
 */

const DATABASE = 'faults';
let dataDir: string;
let pgPort: number;
let server: EmbeddedPostgresHandle | null = null;
let service: ServiceProcess | null = null;
let stopped: number[] = [];
let acknowledged: string[] = [];

const postmasterPid = () => Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** The postmaster and every process it started (backends, checkpointer, WAL writer, ...). */
function clusterPids(): number[] {
  const root = postmasterPid();
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === root;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [root, ...children];
}

/** A process that has exited meanwhile (a backend that was already ending) is no error here. */
function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // gone
    }
  }
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server!.urlFor(DATABASE) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let teamCount = 0;
/** registerTeam; the code of its error, or 'OK'. Records the ids answered with success. */
async function registerTeam(): Promise<string> {
  const id = `team-${++teamCount}`;
  const result = await service!.gql(`mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`, {
    input: { id, name: `Team ${teamCount}`, service: 'EH Hub' },
  });
  if (!result.errors) {
    acknowledged.push(id);
    return 'OK';
  }
  return String(result.errors[0].extensions?.code);
}

/** Every acknowledged team in the read model, each registration stored exactly once, projections live. */
async function expectConsistent(): Promise<void> {
  await service!.healthy();
  const teams = await service!.gql('{ teams { id } }');
  expect(teams.errors).toBeUndefined();
  const ids: string[] = teams.data.teams.map((t: { id: string }) => t.id);
  for (const id of acknowledged) expect(ids).toContain(id);
  const stored = await admin((c) => c.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = 'TeamRegistered'`));
  // A registration answered SERVICE_UNAVAILABLE may have been stored: then it is in the read model too.
  expect(Number(stored.rows[0].n)).toBe(ids.length);
  expect(new Set(ids).size).toBe(ids.length);
  const { body } = await service!.health();
  expect(body.projections.every((p: { state: string }) => p.state === 'live')).toBe(true);
}

describe('database faults under a running service', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'practice-audit-faults-'));
    server = await startEmbeddedPostgres({ dataDir, port: 58000 + (process.pid % 1500) });
    pgPort = server.port;
    await new Promise<void>((resolve, reject) => {
      const client = new pg.Client({ connectionString: server!.adminUrl });
      client
        .connect()
        .then(() => client.query(`CREATE DATABASE ${DATABASE}`))
        .then(() => client.end())
        .then(resolve, reject);
    });
    service = await startService({
      DATABASE_URL: server.urlFor(DATABASE),
      DATABASE_CONNECT_TIMEOUT_MS: '1500',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      DATA_DIR: path.join(dataDir, 'service'),
    });
    expect(await registerTeam()).toBe('OK');
  }, 120_000);

  afterAll(async () => {
    // Whatever happened above: nothing left stopped, no process or server left behind.
    signal(stopped, 'SIGCONT');
    await service?.stop();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('recovers by itself from pg_terminate_backend on all its sessions, during a burst of mutations', async () => {
    const codes: string[] = [];
    const burst = (async () => {
      for (let i = 0; i < 12; i++) codes.push(await registerTeam());
    })();
    let terminated = 0;
    for (let round = 0; round < 3; round++) {
      await sleep(150);
      const { rowCount } = await admin((c) =>
        c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'practice-audit%' AND pid <> pg_backend_pid()`),
      );
      terminated += rowCount ?? 0;
    }
    await burst;
    expect(terminated).toBeGreaterThan(0);
    // A mutation is told it worked, or that the database was unavailable: never an internal error.
    for (const code of codes) expect(['OK', 'SERVICE_UNAVAILABLE']).toContain(code);
    await expectConsistent();
    expect(await registerTeam()).toBe('OK');
    await expectConsistent();
    // The LISTEN connection, ended with the rest, is back by itself.
    const listening = () =>
      admin((c) => c.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'practice-audit-events-listener' AND query ILIKE 'LISTEN%'`));
    while ((await listening()).rowCount === 0) await sleep(200);
  }, 120_000);

  it('answers SERVICE_UNAVAILABLE while PostgreSQL is stopped (SIGSTOP), says why on /health, and recovers after SIGCONT', async () => {
    stopped = clusterPids();
    signal(stopped, 'SIGSTOP');
    try {
      const read = await service!.gql('{ teams { id } }');
      expect(read.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(read.errors?.[0].message).toBe('The database is unavailable at the moment; try again shortly');
      expect(JSON.stringify(read)).not.toMatch(/stack|at .*\.ts|timeout exceeded|Query read timeout/);
      expect(await registerTeam()).toBe('SERVICE_UNAVAILABLE');
      const health = await service!.health();
      expect(health.status).toBe(503);
      expect(health.body.status).toBe('unavailable');
      expect(health.body.database.status).toBe('unavailable');
      expect(health.body.reason).toMatch(/database/);
      expect(JSON.stringify(health.body)).not.toContain(String(pgPort));
      // The plain HTTP routes say the same, with 503.
      const file = await service!.http('/exports/tracker.csv?cycleId=c-1');
      expect(file.status).toBe(503);
      expect(file.body).toEqual({ error: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable at the moment; try again shortly' });
    } finally {
      signal(stopped, 'SIGCONT');
      stopped = [];
    }
    await expectConsistent();
    expect(await registerTeam()).toBe('OK');
    await expectConsistent();
  }, 120_000);

  it('answers SERVICE_UNAVAILABLE while its PostgreSQL is down, and carries on once it is back', async () => {
    await server!.stop();
    server = null;
    const read = await service!.gql('{ teams { id } }');
    expect(read.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(await registerTeam()).toBe('SERVICE_UNAVAILABLE');
    const health = await service!.health();
    expect(health.status).toBe(503);
    expect(health.body.database.status).toBe('unavailable');

    server = await startEmbeddedPostgres({ dataDir, port: pgPort });
    expect(server.port).toBe(pgPort);
    await expectConsistent();
    expect(await registerTeam()).toBe('OK');
    await expectConsistent();
    // The service said nothing it should not have: no internal errors answered along the way.
    expect(service!.output()).not.toContain('"INTERNAL_SERVER_ERROR"');
  }, 120_000);
});

describe('a database that does not answer at start', () => {
  it('exits with code 1 and one line naming the cause and the fix, no password, no stack', async () => {
    const closed = await freePort();
    const child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(await freePort()),
        DATABASE_URL: `postgres://someone:secret-word@127.0.0.1:${closed}/nowhere`,
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
        SEED_DEMO: 'false',
        AUTH_MODE: 'dev',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    expect(await exited(child)).toBe(1);
    const errors = output.split('\n').filter((line) => line.includes('"level":"error"'));
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0]).msg).toBe(
      `Cannot start: the PostgreSQL of DATABASE_URL did not answer (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${closed}). Start it (or check DATABASE_URL) and start again.`,
    );
    expect(output).not.toContain('secret-word');
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);
});
