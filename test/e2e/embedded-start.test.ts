import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';

/**
 * The embedded default as `npm start` runs it, in a real child process: it starts its own
 * PostgreSQL under DATA_DIR (never on 5432), stops it cleanly on SIGTERM, and starts again after a
 * kill -9 that left PostgreSQL orphaned with its pid file, with every event and read model intact.
 */

const root = process.cwd();
let dataDir: string;
let port: number;
let pgPort: number;
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

async function startService(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), SEED_DEMO: 'false', AUTH_MODE: 'dev', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (chunk) => (output += chunk));
  proc.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`service exited early (${proc.exitCode}):\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  proc.kill('SIGKILL');
  throw new Error(`service did not become healthy:\n${output}`);
}

function exited(proc: ChildProcess): Promise<number | null> {
  return proc.exitCode !== null ? Promise.resolve(proc.exitCode) : new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

async function gql(query: string) {
  const login = await fetch(`http://127.0.0.1:${port}/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'admin' }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

const postmasterPid = () => path.join(dataDir, 'pg', 'postmaster.pid');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded PostgreSQL start, stop and recovery', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'practice-audit-start-'));
    port = await freePort();
    pgPort = 56000 + (process.pid % 3000);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
    // Never leave a PostgreSQL behind, whatever happened above.
    if (existsSync(postmasterPid())) {
      const pid = Number(readFileSync(postmasterPid(), 'utf8').split('\n')[0]);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on an empty DATA_DIR with its own PostgreSQL, never on 5432', async () => {
    child = await startService();
    const pid = readFileSync(postmasterPid(), 'utf8').split('\n');
    expect(Number(pid[3])).not.toBe(5432);
    expect(Number(pid[3])).toBeGreaterThanOrEqual(pgPort);
    const result = await gql(`mutation { registerTeam(input: {id: "kept", name: "Kept Team", service: "EH Hub"}) { id } }`);
    expect(result.errors).toBeUndefined();
  }, 120_000);

  it('stops cleanly on SIGTERM: exit code 0 and its PostgreSQL gone', async () => {
    const pgPid = Number(readFileSync(postmasterPid(), 'utf8').split('\n')[0]);
    child!.kill('SIGTERM');
    expect(await exited(child!)).toBe(0);
    expect(alive(pgPid)).toBe(false);
    expect(existsSync(postmasterPid())).toBe(false);
  }, 60_000);

  it('starts again on the same DATA_DIR with everything intact', async () => {
    child = await startService();
    const result = await gql(`{ teams { id name } }`);
    expect(result.data.teams).toEqual([{ id: 'kept', name: 'Kept Team' }]);
  }, 120_000);

  it('recovers after kill -9 that left PostgreSQL and its pid file behind', async () => {
    const pgPid = Number(readFileSync(postmasterPid(), 'utf8').split('\n')[0]);
    child!.kill('SIGKILL');
    await exited(child!);
    // The orphan is still there, holding the pid file: the next start must deal with it.
    expect(alive(pgPid)).toBe(true);
    child = await startService();
    const result = await gql(`{ teams { id } }`);
    expect(result.data.teams).toEqual([{ id: 'kept' }]);
    const again = await gql(`mutation { registerTeam(input: {id: "after-crash", name: "After", service: "EH Hub"}) { id } }`);
    expect(again.errors).toBeUndefined();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 180_000);
});
