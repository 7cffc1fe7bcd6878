import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { rebuildAll } from '../projections/index.js';
import { createReadModelDataSource } from '../projections/data-source.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';

/**
 * One rebuild of every read model from position 0 in a process of its own (so its peak resident
 * memory is the rebuild's alone): `node dist/bench/rebuild-child.js DATABASE_URL`. Prints one JSON line.
 */
async function main(): Promise<void> {
  const url = process.argv[2];
  const store = await PostgresEventStore.connect(url, { poolSize: 10 });
  const dataSource = createReadModelDataSource(url);
  try {
    await dataSource.initialize();
    // The tables exist beforehand, as they do when a deployment rebuilds: creating them is not the rebuild.
    await dataSource.synchronize();
    const head = await store.headPosition();
    const rssBeforeMb = Math.round(process.memoryUsage.rss() / 1048576);
    const started = performance.now();
    await rebuildAll(store, dataSource, { log: () => undefined, error: (m) => console.error(m) });
    const seconds = (performance.now() - started) / 1000;
    const hwm = /VmHWM:\s*(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    console.log(JSON.stringify({ events: head, seconds, rssBeforeMb, peakRssMb: Math.round(Number(hwm ?? 0) / 1024) }));
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
