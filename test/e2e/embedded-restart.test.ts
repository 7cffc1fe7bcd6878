import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { sleep, startService, type ServiceProcess } from '../support/service-process.js';

/**
 * The embedded default as `npm start` runs it, in a real process with a DATA_DIR and PostgreSQL of
 * its own: when that PostgreSQL dies (kill -9 of the postmaster) or is restarted by hand (a fast
 * shutdown), the service starts it again and carries on with everything intact. And a start on an
 * existing DATA_DIR prints no pg warning about concurrent queries on one client.
 */

let dataDir: string;
let service: ServiceProcess | null = null;

const pidFile = () => path.join(dataDir, 'pg', 'postmaster.pid');
const postmasterPid = () => Number(readFileSync(pidFile(), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function start(): Promise<ServiceProcess> {
  return startService({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(59500 + (process.pid % 400)), LOG_FORMAT: 'json' });
}

/** Waits until a postmaster other than `old` runs and the service is healthy again. */
async function restartedAfter(old: number): Promise<number> {
  for (;;) {
    if (existsSync(pidFile())) {
      const pid = postmasterPid();
      if (pid !== old && alive(pid)) break;
    }
    await sleep(200);
  }
  await service!.healthy();
  return postmasterPid();
}

async function teams(): Promise<string[]> {
  const result = await service!.gql('{ teams { id } }');
  expect(result.errors).toBeUndefined();
  return result.data.teams.map((t: { id: string }) => t.id);
}

async function register(id: string): Promise<void> {
  const result = await service!.gql(`mutation { registerTeam(input: {id: "${id}", name: "Team ${id}", service: "EH Hub"}) { id } }`);
  expect(result.errors).toBeUndefined();
}

describe('the embedded PostgreSQL is started again when it dies', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'practice-audit-restart-'));
    service = await start();
    await register('before');
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    if (existsSync(pidFile())) {
      const pid = postmasterPid();
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('after kill -9 of the postmaster: started again, requests and projections carry on, nothing lost', async () => {
    const old = postmasterPid();
    process.kill(old, 'SIGKILL');
    const now = await restartedAfter(old);
    expect(now).not.toBe(old);
    expect(await teams()).toEqual(['before']);
    await register('after-kill');
    expect((await teams()).sort()).toEqual(['after-kill', 'before']);
    expect(service!.output()).toMatch(/PostgreSQL \(pid \d+\) exited unexpectedly \(SIGKILL\); starting it again/);
  }, 120_000);

  it('after a restart by hand (fast shutdown, sessions ended with 57P01): started again and carries on', async () => {
    const old = postmasterPid();
    process.kill(old, 'SIGINT');
    await restartedAfter(old);
    await register('after-restart');
    expect((await teams()).sort()).toEqual(['after-kill', 'after-restart', 'before']);
  }, 120_000);

  it('stops cleanly on SIGTERM without starting PostgreSQL again, and a second start prints no pg warning', async () => {
    const old = postmasterPid();
    expect(await service!.stop()).toBe(0);
    expect(alive(old)).toBe(false);
    expect(existsSync(pidFile())).toBe(false);
    service = await start();
    expect((await teams()).sort()).toEqual(['after-kill', 'after-restart', 'before']);
    // Synchronize on existing tables is where TypeORM sent queries on one client at once.
    expect(service.output()).not.toMatch(/DeprecationWarning|already executing a query/);
    expect(service.output()).toContain('Practice Audit on http://127.0.0.1:');
  }, 120_000);
});
