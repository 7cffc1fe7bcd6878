import 'reflect-metadata';
import { loadSettings } from '../src/config/settings.js';
import { openDatabase } from '../src/database/database.js';
import { createEventStore } from '../src/event-store/create-event-store.js';
import { createReadModelDataSource } from '../projections/data-source.js';
import { rebuildAll } from '../projections/index.js';

/**
 * npm run projections:rebuild — rebuilds every read model from position 0 (same DATA_DIR /
 * DATABASE_URL / EVENTSTORE_CONNECTION_STRING as the service; stop the service first).
 */
async function main() {
  const settings = loadSettings({ ...process.env, AUTH_MODE: process.env.AUTH_MODE ?? 'dev' });
  const database = await openDatabase(settings);
  // Offline and alone on the database: a rebuild's large pages may take longer than a request should.
  const databaseTimeouts = { ...settings.databaseTimeouts, statementMs: Math.max(settings.databaseTimeouts.statementMs, 600_000) };
  const store = await createEventStore({ databaseUrl: database.url, eventStoreConnectionString: settings.eventStoreConnectionString, databaseTimeouts });
  const dataSource = createReadModelDataSource(database.url, undefined, databaseTimeouts);
  try {
    await dataSource.initialize();
    const head = await store.headPosition();
    const started = Date.now();
    await rebuildAll(store, dataSource, { log: (m) => console.log(m), error: (m) => console.error(m) });
    const seconds = (Date.now() - started) / 1000;
    console.log(`Rebuilt every read model from position 0 to ${head} in ${seconds.toFixed(1)} s`);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await store.close();
    await database.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
