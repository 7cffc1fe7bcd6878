import { mkdtempSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Jest loads this file (and what it requires) outside its module mapper, so the sources' `./x.js`
 * imports of `./x.ts` files are mapped here as jest.config.js maps them for the tests.
 */
function mapJsToTs(): void {
  const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    try {
      return resolve.call(this, request, ...rest);
    } catch (error) {
      if (!request.startsWith('.') || !request.endsWith('.js')) throw error;
      return resolve.call(this, request.replace(/\.js$/, '.ts'), ...rest);
    }
  };
}

/**
 * One PostgreSQL server for the whole test run. With TEST_POSTGRES_URL set (an admin URL of a
 * server that already runs, e.g. the machine's PostgreSQL 15 in CI) that one is used; otherwise an
 * embedded one starts in a temporary directory. Each test file makes its own database on it
 * (test/support/database.ts), so files run in parallel without sharing state.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_POSTGRES_URL) return;
  mapJsToTs();
  const { startEmbeddedPostgres } = await import('../../src/database/embedded-postgres.ts');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'practice-audit-test-'));
  // A port of its own per run (the next free one is taken if busy), well away from 5432.
  const pg = await startEmbeddedPostgres({ dataDir, port: 55000 + (process.pid % 2000) });
  process.env.TEST_POSTGRES_URL = pg.adminUrl;
  (globalThis as Record<string, unknown>).__embeddedPostgres = pg;
}
