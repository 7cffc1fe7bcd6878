import { afterEach, describe, expect, it } from '@jest/globals';
import { directoryProjection } from '../directory/directory.projection.js';
import { TeamEntity } from '../directory/team.entity.js';
import { append, team } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import type { Projection } from './projection.js';

/**
 * A projection whose database connection is cut in the middle of a batch (its session ended as
 * pg_terminate_backend or a restart would) is not failed: it waits, resumes from its checkpoint and
 * applies the batch once; waitFor resolves. Only a malformed event fails a projection for good.
 */
describe('ProjectionRunner after a lost connection', () => {
  let h: ReadModelHarness;
  afterEach(() => h.close());

  /** The directory projection, with its session ended under the first `cuts` batches it is handed. */
  function cutting(cuts: number): Projection & { cut: number } {
    const projection = {
      ...directoryProjection,
      cut: 0,
      async handle(events: Parameters<Projection['handle']>[0], manager: Parameters<Projection['handle']>[1]) {
        if (projection.cut < cuts) {
          projection.cut++;
          await manager.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }
        await directoryProjection.handle(events, manager);
      },
    };
    return projection;
  }

  it('resumes from its checkpoint by itself, applying each event once, and waitFor resolves', async () => {
    const logger = recordingLogger();
    const projection = cutting(3);
    h = await openHarness('runner_lost_connection', [projection], { logger, retryDelayMs: { first: 20, max: 100 } });
    await h.runner.start();
    await append(h.store, ...team('t1', 'North'));
    const head = await append(h.store, ...team('t2', 'South'));

    await h.runner.waitFor(head, 30_000);
    expect(projection.cut).toBe(3);
    expect(h.runner.status()[0]).toMatchObject({ name: 'directory', state: 'live', position: head });
    expect((await h.dataSource.getRepository(TeamEntity).find({ order: { id: 'ASC' } })).map((t) => t.id)).toEqual(['t1', 't2']);
    // Said once, when the connection was first lost; and said when it resumed.
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(/^Projection "directory": database unavailable \(57P01: terminating connection/);
    expect(logger.lines.some((line) => /database answering again; resuming from checkpoint/.test(line))).toBe(true);
  });

  it('still fails for good on a malformed event after a lost connection', async () => {
    const projection = cutting(1);
    h = await openHarness('runner_lost_then_malformed', [projection], { logger: recordingLogger(), retryDelayMs: { first: 20, max: 100 } });
    await h.runner.start();
    const bad = await append(h.store, 'team-t9', { type: 'TeamRegistered', data: { teamId: 42, name: 'Bad' } });
    await expect(h.runner.waitFor(bad, 30_000)).rejects.toThrow(/projection "directory" failed/);
    expect(h.runner.status()[0]).toMatchObject({ state: 'failed' });
    expect(projection.cut).toBe(1);
  });
});
