import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { staff, team } from '../test-support/events.js';
import { given, on } from '../test-support/given-when-then.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { directoryProjection } from './directory.projection.js';
import { StaffEntity } from './staff.entity.js';
import { TeamEntity } from './team.entity.js';

describe('directory read model', () => {
  let h: ReadModelHarness;
  beforeAll(async () => {
    h = await openHarness('directory', [directoryProjection], { logger: recordingLogger() });
    await h.runner.start();
  });
  afterAll(() => h.close());

  it('keeps teams and staff, with roles and an optional team', async () => {
    const then = await given(h, team('t1', 'Early Help North'), staff('s1', 'Ann Practitioner', 't1', ['PRACTITIONER']), staff('s2', 'Ben Auditor', null, ['AUDITOR', 'MODERATOR'])).whenProjected();

    expect(await then.rows(TeamEntity)).toEqual([{ id: 't1', name: 'Early Help North', service: 'Early Help' }]);
    expect(await then.rows(StaffEntity)).toEqual([
      { id: 's1', name: 'Ann Practitioner', email: 's1@council.example', teamId: 't1', roles: ['PRACTITIONER'], auditorTrainingCompletedOn: null, leftOn: null },
      { id: 's2', name: 'Ben Auditor', email: 's2@council.example', teamId: null, roles: ['AUDITOR', 'MODERATOR'], auditorTrainingCompletedOn: null, leftOn: null },
    ]);
  });

  it("keeps the latest day an auditor completed the audit team's training (PPL-2)", async () => {
    const trained = (completedOn: string) => ({ type: 'AuditorTrainingRecorded', data: { staffId: 's2', completedOn, recordedById: 'qa', recordedOn: '2026-03-02' } });
    // An older course recorded later does not take the newer one away.
    const then = await given(h, on('staff-s2', trained('2026-02-10')), on('staff-s2', trained('2025-06-01'))).whenProjected();
    expect((await then.row(StaffEntity, { id: 's2' })).auditorTrainingCompletedOn).toBe('2026-02-10');
  });

  it('keeps the day someone left (PPL-8)', async () => {
    const then = await given(h, on('staff-s1', { type: 'StaffLeft', data: { staffId: 's1', leftOn: '2026-02-27', recordedById: 'qa', recordedOn: '2026-03-02' } })).whenProjected();
    expect((await then.row(StaffEntity, { id: 's1' })).leftOn).toBe('2026-02-27');
  });

  it('ignores event types it does not handle', async () => {
    const then = await given(h, on('cycle-c1', { type: 'SomethingElse', data: { whatever: true } })).whenProjected();
    expect(h.runner.status()).toEqual([{ name: 'directory', version: 3, position: then.position, state: 'live' }]);
    expect(await then.rows(StaffEntity)).toHaveLength(2);
  });
});
