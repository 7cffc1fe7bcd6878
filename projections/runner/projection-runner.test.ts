import { afterEach, describe, expect, it } from '@jest/globals';
import { AuditEntity } from '../audits/audit.entity.js';
import { auditsProjection } from '../audits/audits.projection.js';
import { cyclesProjection } from '../cycles/cycles.projection.js';
import { directoryProjection } from '../directory/directory.projection.js';
import { TeamEntity } from '../directory/team.entity.js';
import { allocated, append, cycle, staff, team } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import type { Projection } from './projection.js';
import { CHECKPOINT_TABLE } from './projection-runner.js';

async function checkpoint(h: ReadModelHarness, name: string): Promise<{ version: number; position: number } | undefined> {
  const rows: { version: number; position: string }[] = await h.dataSource.query(`SELECT version, position FROM ${CHECKPOINT_TABLE} WHERE name = $1`, [name]);
  return rows[0] && { version: rows[0].version, position: Number(rows[0].position) };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ProjectionRunner', () => {
  let h: ReadModelHarness;
  afterEach(() => h.close());

  describe('a malformed event', () => {
    it('stops only that projection, after the events before it, with an error naming its position and type', async () => {
      const logger = recordingLogger();
      h = await openHarness('runner_malformed', [directoryProjection, cyclesProjection], { logger });
      await append(h.store, ...team('t1', 'North'));
      const bad = await append(h.store, 'team-t2', { type: 'TeamRegistered', data: { teamId: 42, name: 'South' } });
      await append(h.store, ...team('t3', 'East'));
      const head = await append(h.store, ...cycle('c1', '2026-01', '2026-01-30'));

      // Started after the appends, so all four events arrive in one batch.
      await h.runner.start();
      await until(() => h.runner.status().some((s) => s.state === 'failed'));
      await h.runner.waitFor(head).then(
        () => {
          throw new Error('waitFor should reject while a projection short of the position has failed');
        },
        (error: Error) => expect(error.message).toMatch(/projection "directory" failed/),
      );

      const [directory, cycles] = h.runner.status();
      expect(directory).toMatchObject({ name: 'directory', state: 'failed', position: bad - 1 });
      expect(directory.error).toContain(`position ${bad} (type TeamRegistered`);
      expect(directory.error).toContain('field "teamId" must be a non-empty string, got 42');
      expect(logger.errors).toEqual([directory.error]);
      // The event before the bad one is kept; the one after is not applied past the failure.
      expect((await h.dataSource.getRepository(TeamEntity).find()).map((t) => t.id)).toEqual(['t1']);
      expect(await checkpoint(h, 'directory')).toEqual({ version: directoryProjection.version, position: bad - 1 });
      // The other projection carries on.
      await until(() => h.runner.status()[1].position === head);
      expect(cycles.state).not.toBe('failed');
      expect(h.runner.status()[1]).toMatchObject({ name: 'cycles', state: 'live', position: head });

      // Starting again never skips the event: it fails on it again.
      await h.runner.start();
      await until(() => h.runner.status()[0].state === 'failed');
      expect(h.runner.status()[0].error).toContain(`position ${bad} (type TeamRegistered`);
      expect(await checkpoint(h, 'directory')).toEqual({ version: directoryProjection.version, position: bad - 1 });
    });

    it('stops the projection on data that is not a JSON object', async () => {
      h = await openHarness('runner_bad_json', [directoryProjection, cyclesProjection], { logger: recordingLogger() });
      await h.runner.start();
      const bad = await append(h.store, 'cycle-c9', { type: 'CycleScheduled', data: '{"cycleId": "c9", truncated' });
      const head = await append(h.store, ...staff('s1', 'Ann', null, ['AUDITOR']));
      await h.runner.waitFor(head).catch(() => undefined);
      await until(() => h.runner.status()[1].state === 'failed');
      expect(h.runner.status()[1].error).toMatch(new RegExp(`stopped at event position ${bad} \\(type CycleScheduled.*data is not a JSON object`));
      // waitFor rejects at once while another projection has failed short of the position, so poll.
      await until(() => h.runner.status()[0].position === head);
      expect(h.runner.status()[0]).toMatchObject({ name: 'directory', state: 'live', position: head });
    });
  });

  describe('waitFor', () => {
    it('resolves once every projection has reached the position, and rejects on timeout', async () => {
      h = await openHarness('runner_wait', [directoryProjection, cyclesProjection], { logger: recordingLogger() });
      await h.runner.start();
      // Asked before the event exists: resolves when it has been projected.
      const waiting = h.runner.waitFor(1);
      let settled = false;
      void waiting.then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(settled).toBe(false);

      const position = await append(h.store, ...team('t1', 'North'));
      await waiting;
      expect(position).toBe(1);
      expect(await h.dataSource.getRepository(TeamEntity).count()).toBe(1);
      expect(h.runner.status().map((s) => s.position)).toEqual([1, 1]);

      const started = Date.now();
      await expect(h.runner.waitFor(position + 1, 300)).rejects.toThrow(
        'Read models did not reach position 2 within 300 ms: "directory" at 1 (live), "cycles" at 1 (live)',
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('times out on a stopped runner', async () => {
      h = await openHarness('runner_wait_stopped', [directoryProjection], { logger: recordingLogger() });
      await h.runner.start();
      await h.runner.stop();
      const position = await append(h.store, ...team('t1', 'North'));
      await expect(h.runner.waitFor(position, 300)).rejects.toThrow(/"directory" at 0 \(stopped\)/);
      expect(await h.dataSource.getRepository(TeamEntity).count()).toBe(0);
    });
  });

  describe('versions', () => {
    it('rebuilds a projection from 0 when its code version differs from the stored one', async () => {
      const logger = recordingLogger();
      h = await openHarness('runner_version', [directoryProjection], { logger });
      await h.runner.start();
      await append(h.store, ...team('t1', 'North'));
      const head = await append(h.store, ...team('t2', 'South'));
      await h.runner.waitFor(head);
      await h.runner.stop();
      // A row no event explains: a rebuild must drop it.
      await h.dataSource.getRepository(TeamEntity).insert({ id: 'stray', name: 'Stray', service: 'x' });

      const seen: number[] = [];
      const v2: Projection = {
        ...directoryProjection,
        version: directoryProjection.version + 1,
        handle: async (events, manager) => {
          seen.push(...events.map((e) => e.position));
          await directoryProjection.handle(events, manager);
        },
      };
      const restarted = h.newRunner([v2], { logger });
      await restarted.start();
      await restarted.waitFor(head);

      expect(seen).toEqual([1, 2]);
      expect((await h.dataSource.getRepository(TeamEntity).find({ order: { id: 'ASC' } })).map((t) => t.id)).toEqual(['t1', 't2']);
      const [stored, code] = [directoryProjection.version, directoryProjection.version + 1];
      expect(await checkpoint(h, 'directory')).toEqual({ version: code, position: head });
      expect(restarted.status()).toEqual([{ name: 'directory', version: code, position: head, state: 'live' }]);
      expect(logger.lines).toContain(`Projection "directory": stored version ${stored}, code version ${code}; rebuilding from position 0`);
    });

    it('empties a stale read model before its schema changes, so a new NOT NULL column meets no old rows', async () => {
      h = await openHarness('runner_schema', [auditsProjection], { logger: recordingLogger() });
      await h.runner.start();
      const head = await append(h.store, 'audit-a1', allocated({ auditId: 'a1', cycleId: 'c1', teamId: 't', practitionerId: 'p', teamManagerId: 'm', auditorId: 'a', moderatorId: 'o' }));
      await h.runner.waitFor(head);
      await h.runner.stop();
      // The table as the previous version left it: rows, and no column for what this version adds.
      await h.dataSource.query('ALTER TABLE audits DROP COLUMN overall_grade_inconsistencies');
      await h.dataSource.query(`UPDATE ${CHECKPOINT_TABLE} SET version = $1 WHERE name = 'audits'`, [auditsProjection.version - 1]);

      const restarted = h.newRunner([auditsProjection]);
      await restarted.start();
      await restarted.waitFor(head);
      expect(await h.dataSource.getRepository(AuditEntity).findOneByOrFail({ id: 'a1' })).toMatchObject({ overallGradeInconsistencies: [] });
      expect(await checkpoint(h, 'audits')).toEqual({ version: auditsProjection.version, position: head });
    });

    it('resumes from the checkpoint when the version is unchanged', async () => {
      h = await openHarness('runner_resume', [directoryProjection], { logger: recordingLogger() });
      await h.runner.start();
      const first = await append(h.store, ...team('t1', 'North'));
      await h.runner.waitFor(first);
      await h.runner.stop();
      const second = await append(h.store, ...team('t2', 'South'));

      const seen: number[] = [];
      const restarted = h.newRunner([{ ...directoryProjection, handle: async (events, manager) => {
        seen.push(...events.map((e) => e.position));
        await directoryProjection.handle(events, manager);
      } }]);
      await restarted.start();
      await restarted.waitFor(second);
      expect(seen).toEqual([second]);
      expect(await h.dataSource.getRepository(TeamEntity).count()).toBe(2);
    });
  });

  it('following the store, a batch it handles commits durably; a batch of events it ignores moves only the checkpoint, without waiting for the disk', async () => {
    h = await openHarness('runner_durability', [directoryProjection], { logger: recordingLogger() });
    const commits: Array<{ types: string[]; synchronousCommit: string }> = [];
    const observed: Projection = {
      ...directoryProjection,
      handle: async (events, manager) => {
        const [{ synchronous_commit: synchronousCommit }] = await manager.query('SHOW synchronous_commit');
        commits.push({ types: events.map((e) => e.type), synchronousCommit });
        await directoryProjection.handle(events, manager);
      },
    };
    const runner = h.newRunner([observed]);
    await runner.start();
    await runner.waitFor(await append(h.store, ...team('t1', 'North')));
    const ignored = await append(h.store, ...cycle('c1', '2026-01', '2026-01-30'));
    await runner.waitFor(ignored);

    expect(commits).toEqual([
      { types: ['TeamRegistered'], synchronousCommit: 'on' },
      { types: ['CycleScheduled'], synchronousCommit: 'off' },
    ]);
    expect(await checkpoint(h, 'directory')).toEqual({ version: directoryProjection.version, position: ignored });
    await runner.stop();
  });

  it('rebuilds the others when one projection fails on an event, and rejects naming it', async () => {
    const logger = recordingLogger();
    h = await openHarness('runner_rebuild_failure', [directoryProjection, cyclesProjection], { logger, rebuildPageSize: 2 });
    await append(h.store, ...team('t1', 'North'));
    const bad = await append(h.store, 'team-t2', { type: 'TeamRegistered', data: { teamId: 42, name: 'South' } });
    await append(h.store, ...team('t3', 'East'));
    const head = await append(h.store, ...cycle('c1', '2026-01', '2026-01-30'));

    await expect(h.runner.rebuild()).rejects.toThrow(`Projection "directory" stopped at event position ${bad} (type TeamRegistered`);
    expect(h.runner.status()).toEqual([
      expect.objectContaining({ name: 'directory', state: 'failed', position: bad - 1 }),
      { name: 'cycles', version: cyclesProjection.version, state: 'stopped', position: head },
    ]);
    expect((await h.dataSource.getRepository(TeamEntity).find()).map((t) => t.id)).toEqual(['t1']);
    expect(await checkpoint(h, 'directory')).toEqual({ version: directoryProjection.version, position: bad - 1 });
    expect(await checkpoint(h, 'cycles')).toEqual({ version: cyclesProjection.version, position: head });
  });

  it('rebuilds only the projections named, leaving the others as they are', async () => {
    h = await openHarness('runner_rebuild_named', [directoryProjection, cyclesProjection], { logger: recordingLogger() });
    await h.runner.start();
    await append(h.store, ...team('t1', 'North'));
    const head = await append(h.store, ...cycle('c1', '2026-01', '2026-01-30'));
    await h.runner.waitFor(head);
    await h.dataSource.getRepository(TeamEntity).insert({ id: 'stray', name: 'Stray', service: 'x' });
    await h.dataSource.query(`UPDATE cycles SET name = 'edited by hand'`);

    await h.runner.rebuild(['directory']);
    expect((await h.dataSource.getRepository(TeamEntity).find()).map((t) => t.id)).toEqual(['t1']);
    expect((await h.dataSource.query('SELECT name FROM cycles'))[0].name).toBe('edited by hand');
    expect(h.runner.status().map((s) => [s.name, s.state, s.position])).toEqual([
      ['directory', 'live', head],
      ['cycles', 'live', head],
    ]);
    // Still live after the rebuild.
    const next = await append(h.store, ...team('t2', 'South'));
    await h.runner.waitFor(next);
    expect(await h.dataSource.getRepository(TeamEntity).count()).toBe(2);
    await expect(h.runner.rebuild(['nope'])).rejects.toThrow('No projection named "nope" (known: directory, cycles)');
  });
});
