import pg from 'pg';
import type { Settings } from '../config/settings.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';

export const EMBEDDED_DATABASE = 'practice_audit';

export interface Database {
  /** The PostgreSQL holding the read models (and the events, unless EventStoreDB is configured). */
  url: string;
  embedded: EmbeddedPostgresHandle | null;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR, with our database made on first start. */
export async function openDatabase(settings: Settings, log: (line: string) => void = () => undefined): Promise<Database> {
  if (settings.databaseUrl) return { url: settings.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({ dataDir: settings.dataDir, port: settings.embeddedPostgresPort, log });
  try {
    await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.urlFor(EMBEDDED_DATABASE), embedded };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
