/**
 * Runs the ledger projection in a process of its own, slowly, so a test can kill -9 it in the middle
 * of a batch. Prints `written <first> <last>` when a batch's rows are written but not yet committed.
 * Env: DATABASE_URL, BATCH_SIZE, DELAY_MS.
 */
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { createReadModelDataSource } from '../data-source.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { LedgerEntryEntity, ledgerProjection } from './ledger.projection.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const store = await PostgresEventStore.connect(url);
const dataSource = createReadModelDataSource(url, [LedgerEntryEntity]);
const projection = ledgerProjection({
  delayMs: Number(process.env.DELAY_MS ?? 100),
  onBatchWritten: (first, last) => process.stdout.write(`written ${first} ${last}\n`),
});
// Catching up from far behind uses rebuild-sized batches; here every batch is BATCH_SIZE.
const batchSize = Number(process.env.BATCH_SIZE ?? 10);
const runner = new ProjectionRunner(store, dataSource, [projection], { batchSize, rebuildPageSize: batchSize });
await runner.start();
process.stdout.write('started\n');
