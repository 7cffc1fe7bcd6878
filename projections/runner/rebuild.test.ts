import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_PROJECTIONS, READ_MODEL_ENTITIES, rebuildAll } from '../index.js';
import { appendProgramme } from '../test-support/events.js';
import { openHarness, recordingLogger, snapshot, type ReadModelHarness } from '../test-support/harness.js';

describe('rebuilding the read models', () => {
  let h: ReadModelHarness;
  let head: number;
  let live: Record<string, string[]>;

  beforeAll(async () => {
    // Small batches, running while the events are appended: the live path, batch boundaries anywhere.
    h = await openHarness('rebuild', ALL_PROJECTIONS, { batchSize: 25, logger: recordingLogger() });
    await h.runner.start();
    head = await appendProgramme(h.store, { audits: 30 });
    await h.runner.waitFor(head, 30_000);
    live = await snapshot(h.dataSource, READ_MODEL_ENTITIES);
  });
  afterAll(() => h.close());

  it('projects a few hundred events into every table', () => {
    expect(head).toBeGreaterThan(300);
    for (const [table, rows] of Object.entries(live)) expect([table, rows.length > 0]).toEqual([table, true]);
    expect(h.runner.status().every((s) => s.state === 'live' && s.position === head)).toBe(true);
  });

  it('gives the same rows when every projection is rebuilt from position 0', async () => {
    await h.runner.rebuild();
    expect(await snapshot(h.dataSource, READ_MODEL_ENTITIES)).toEqual(live);
    expect(h.runner.status().map((s) => [s.name, s.state, s.position])).toEqual(ALL_PROJECTIONS.map((p) => [p.name, 'live', head]));
  });

  it('gives the same rows when the rebuild reads and applies the events in pages of 37', async () => {
    // Page boundaries fall inside audits' lifecycles, so rows carried from one page to the next are exercised.
    const paged = h.newRunner(ALL_PROJECTIONS, { rebuildPageSize: 37, logger: recordingLogger() });
    await h.runner.stop();
    await paged.rebuild();
    expect(await snapshot(h.dataSource, READ_MODEL_ENTITIES)).toEqual(live);
    expect(paged.status().map((s) => [s.name, s.state, s.position])).toEqual(ALL_PROJECTIONS.map((p) => [p.name, 'stopped', head]));
  });

  it('gives the same rows through rebuildAll, in one batch per projection', async () => {
    await h.runner.stop();
    await rebuildAll(h.store, h.dataSource, recordingLogger());
    expect(await snapshot(h.dataSource, READ_MODEL_ENTITIES)).toEqual(live);
    const checkpoints: { name: string; position: string }[] = await h.dataSource.query('SELECT name, position FROM projection_checkpoints ORDER BY name');
    expect(checkpoints.map((c) => [c.name, Number(c.position)])).toEqual(
      ALL_PROJECTIONS.map((p) => p.name).sort().map((name) => [name, head]),
    );
  });
});
