import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Settings } from '../config/settings.js';
import { connectionOptions, DEFAULT_DATABASE_TIMEOUTS } from './connection-options.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle, type EmbeddedPostgresOptions } from './embedded-postgres.js';

export const EMBEDDED_DATABASE = 'practice_audit';

export interface Database {
  /** The PostgreSQL holding the read models (and the events, unless EventStoreDB is configured). */
  url: string;
  embedded: EmbeddedPostgresHandle | null;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR, with our database made on first start. */
export async function openDatabase(
  settings: Settings,
  log: (line: string) => void = () => undefined,
  events: Pick<EmbeddedPostgresOptions, 'onRestart' | 'notice'> = {},
): Promise<Database> {
  if (settings.databaseUrl) return { url: settings.databaseUrl, embedded: null };
  const releaseLock = lockDataDir(settings.dataDir);
  let started: EmbeddedPostgresHandle;
  try {
    started = await startEmbeddedPostgres({ dataDir: settings.dataDir, port: settings.embeddedPostgresPort, log, ...events });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const embedded: EmbeddedPostgresHandle = {
    ...started,
    async stop() {
      await started.stop();
      releaseLock();
    },
  };
  try {
    await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.urlFor(EMBEDDED_DATABASE), embedded };
}

/**
 * One process at a time owns DATA_DIR's embedded PostgreSQL. A lock naming a process that is gone
 * (kill -9) is stale and taken over; its PostgreSQL, orphaned, is then stopped and started afresh.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = path.join(dataDir, 'service.pid');
  if (existsSync(lock)) {
    const owner = Number(readFileSync(lock, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(`DATA_DIR ${dataDir} is in use by another Practice Audit process (pid ${owner}); stop it first`);
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => {
    if (existsSync(lock) && readFileSync(lock, 'utf8').trim() === String(process.pid)) rmSync(lock, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ ...connectionOptions(DEFAULT_DATABASE_TIMEOUTS, 'practice-audit-setup'), connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
