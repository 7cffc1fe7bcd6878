import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { append, cycle } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { CycleEntity } from './cycle.entity.js';
import { cyclesProjection } from './cycles.projection.js';

describe('cycles read model', () => {
  let h: ReadModelHarness;
  beforeAll(async () => {
    h = await openHarness('cycles', [cyclesProjection], { logger: recordingLogger() });
    await h.runner.start();
  });
  afterAll(() => h.close());

  it('records a scheduled cycle, replaces its KLOEs when agreed, and closes it', async () => {
    await append(h.store, ...cycle('c1', '2026-01', '2026-01-30', ['Voice of the child']));
    let position = await append(h.store, ...cycle('c2', '2026-02', '2026-02-27'));
    await h.runner.waitFor(position);
    const repository = h.dataSource.getRepository(CycleEntity);
    expect(await repository.findOneBy({ id: 'c2' })).toEqual({
      id: 'c2',
      name: 'Early Help 2026-02',
      service: 'Early Help',
      month: '2026-02',
      kloes: ['Voice of the child'],
      moderationDue: '2026-02-27',
      status: 'OPEN',
      closedOn: null,
    });

    await append(h.store, 'cycle-c1', { type: 'KloesAgreed', data: { cycleId: 'c1', kloes: ['Planning', 'Management oversight'] } });
    position = await append(h.store, 'cycle-c1', { type: 'CycleClosed', data: { cycleId: 'c1', closedOn: '2026-02-03', closedById: 'admin' } });
    await h.runner.waitFor(position);
    expect(await repository.findOneBy({ id: 'c1' })).toMatchObject({
      kloes: ['Planning', 'Management oversight'],
      status: 'CLOSED',
      closedOn: '2026-02-03',
    });
    // Newest month first, as `cycles` lists them.
    expect((await repository.find({ order: { month: 'DESC' } })).map((c) => c.id)).toEqual(['c2', 'c1']);
  });
});
