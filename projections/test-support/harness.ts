import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { createReadModelDataSource } from '../data-source.js';
import { DATA_SOURCE_ENTITIES, READ_MODEL_ENTITIES, rebuildAll } from '../index.js';
import type { Projection } from '../runner/projection.js';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../runner/projection-runner.js';

/** A database of its own with the real Postgres event store and a runner over the given projections. */
export interface ReadModelHarness {
  db: TestDatabase;
  store: PostgresEventStore;
  dataSource: DataSource;
  runner: ProjectionRunner;
  /** Another runner on the same store and database (e.g. a "restarted" process). */
  newRunner(projections: Projection[], options?: ProjectionRunnerOptions): ProjectionRunner;
  close(): Promise<void>;
}

export async function openHarness(
  prefix: string,
  projections: Projection[],
  options: ProjectionRunnerOptions & { extraEntities?: Function[] } = {},
): Promise<ReadModelHarness> {
  const db = await createTestDatabase(prefix);
  const store = await PostgresEventStore.connect(db.url);
  const dataSource = createReadModelDataSource(db.url, [...DATA_SOURCE_ENTITIES, ...(options.extraEntities ?? [])]);
  const runners: ProjectionRunner[] = [];
  const newRunner = (p: Projection[], o: ProjectionRunnerOptions = options) => {
    const runner = new ProjectionRunner(store, dataSource, p, o);
    runners.push(runner);
    return runner;
  };
  const runner = newRunner(projections);
  return {
    db,
    store,
    dataSource,
    runner,
    newRunner,
    async close() {
      for (const r of runners) await r.stop();
      if (dataSource.isInitialized) await dataSource.destroy();
      await store.close();
      await db.drop();
    },
  };
}

/** Every row of the given tables as sorted JSON lines: equal snapshots mean equal read models. */
export async function snapshot(dataSource: DataSource, entities: Function[]): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const entity of entities) {
    const { tableName } = dataSource.getMetadata(entity);
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${tableName}"`);
    result[tableName] = rows.map((row) => JSON.stringify(Object.keys(row).sort().map((key) => [key, row[key]]))).sort();
  }
  return result;
}

/**
 * The read models of a database as they are, then as a rebuild from position 0 makes them: equal
 * when the projections kept up with every event once. Stop every writer of the database first.
 */
export async function liveAndRebuilt(url: string): Promise<{ live: Record<string, string[]>; rebuilt: Record<string, string[]> }> {
  const store = await PostgresEventStore.connect(url);
  const dataSource = createReadModelDataSource(url);
  await dataSource.initialize();
  try {
    const live = await snapshot(dataSource, READ_MODEL_ENTITIES);
    await rebuildAll(store, dataSource, { log() {}, error() {} });
    return { live, rebuilt: await snapshot(dataSource, READ_MODEL_ENTITIES) };
  } finally {
    await dataSource.destroy();
    await store.close();
  }
}

/** A logger that keeps what it is told, for assertions. */
export function recordingLogger(): { lines: string[]; errors: string[]; log(m: string): void; error(m: string): void } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, log: (m) => lines.push(m), error: (m) => errors.push(m) };
}
