import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { append } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { LedgerEntryEntity, ledgerProjection } from '../test-support/ledger.projection.js';
import { CHECKPOINT_TABLE } from './projection-runner.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts the slow ledger projector in its own process, collecting its `written <first> <last>` lines. */
function startProjector(url: string): { child: ChildProcess; written: Array<[number, number]>; output: () => string } {
  const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'projections/test-support/crash-projector.ts'], {
    cwd: root,
    env: { ...env, DATABASE_URL: url, BATCH_SIZE: '10', DELAY_MS: '150' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const written: Array<[number, number]> = [];
  let output = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^written (\d+) (\d+)$/.exec(line);
      if (match) written.push([Number(match[1]), Number(match[2])]);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, written, output: () => output };
}

describe('a projector killed in the middle of a batch', () => {
  let h: ReadModelHarness;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    h = await openHarness('crash', [ledgerProjection()], { extraEntities: [LedgerEntryEntity], logger: recordingLogger() });
  });
  afterAll(async () => {
    // Never leave the child behind when the test fails before killing it.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await h.close();
  });

  it('resumes after its last committed batch: every row once, the checkpoint at the last position', async () => {
    let head = 0;
    for (let i = 0; i < 200; i++) head = await append(h.store, `audit-x${i % 7}`, { type: 'Tick', data: { i } });

    const projector = startProjector(h.db.url);
    const { written, output } = projector;
    child = projector.child;
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => projector.child.on('exit', (code, signal) => resolve(signal ?? code)));
    // Kill it while the fourth batch's rows are written but its transaction is still open.
    const deadline = Date.now() + 30_000;
    while (written.length < 4) {
      if (Date.now() > deadline || projector.child.exitCode !== null) throw new Error(`the projector did not get going:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    projector.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const [killedFirst, killedLast] = written[3];

    // The child made the tables; this process has not touched the read-model database yet.
    await h.dataSource.initialize();
    const checkpoint = async () => Number((await h.dataSource.query(`SELECT position FROM ${CHECKPOINT_TABLE} WHERE name = 'ledger'`))[0].position);
    const ledger = h.dataSource.getRepository(LedgerEntryEntity);
    // Postgres rolled the open batch back: rows and checkpoint stop exactly where the last commit left them.
    const afterCrash = await checkpoint();
    expect(afterCrash).toBe(killedFirst - 1);
    expect(afterCrash).toBeLessThan(head);
    expect(await ledger.count()).toBe(afterCrash);
    expect(await ledger.createQueryBuilder('l').where('l.position BETWEEN :a AND :b', { a: killedFirst, b: killedLast }).getCount()).toBe(0);

    // Restart (in this process, at full speed) and let it finish.
    const restarted = h.newRunner([ledgerProjection()], { batchSize: 10, rebuildPageSize: 10, logger: recordingLogger() });
    await restarted.start();
    await restarted.waitFor(head, 30_000);

    expect(await checkpoint()).toBe(head);
    const counts: { position: string; n: string }[] = await h.dataSource.query(
      'SELECT position, count(*) AS n FROM test_ledger_entries GROUP BY position ORDER BY position',
    );
    expect(counts.map((c) => Number(c.position))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(counts.every((c) => Number(c.n) === 1)).toBe(true);
  });
});
