import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cycle } from '../test-support/events.js';
import { given, on } from '../test-support/given-when-then.js';
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
    let then = await given(h, cycle('c1', '2026-01', '2026-01-30', ['Voice of the child']), cycle('c2', '2026-02', '2026-02-27')).whenProjected();
    expect(await then.row(CycleEntity, { id: 'c2' })).toEqual({
      id: 'c2',
      name: 'Early Help 2026-02',
      service: 'Early Help',
      month: '2026-02',
      kloes: ['Voice of the child'],
      moderationDue: '2026-02-27',
      status: 'OPEN',
      closedOn: null,
      kloeMeeting: null,
      kloeApprovals: [],
      practiceDay: null,
      moderationSamples: [],
      moderationGroupIds: [],
    });

    then = await given(
      h,
      on('cycle-c1', { type: 'KloesAgreed', data: { cycleId: 'c1', kloes: ['Planning', 'Management oversight'] } }),
      on('cycle-c1', { type: 'CycleClosed', data: { cycleId: 'c1', closedOn: '2026-02-03', closedById: 'admin' } }),
    ).whenProjected();
    expect(await then.row(CycleEntity, { id: 'c1' })).toMatchObject({
      kloes: ['Planning', 'Management oversight'],
      status: 'CLOSED',
      closedOn: '2026-02-03',
    });
    // Newest month first, as `cycles` lists them.
    expect((await then.rows(CycleEntity, {}, { month: 'DESC' })).map((c) => c.id)).toEqual(['c2', 'c1']);
  });

  it('keeps the KLOE meeting and the approvals of the current KLOE list (BEF-1 to BEF-3)', async () => {
    const approved = (by: string, role: string) => ({ type: 'KloesApproved', data: { cycleId: 'c3', approvedById: by, approvedAs: [role], approvedOn: '2026-02-18', kloes: ['Voice of the child'] } });
    let then = await given(
      h,
      cycle('c3', '2026-03', '2026-03-31', ['Voice of the child']),
      on(
        'cycle-c3',
        { type: 'KloeMeetingHeld', data: { cycleId: 'c3', heldOn: '2026-02-16', attendeeIds: ['hos', 'coord'], casesDueBy: '2026-02-23', recordedById: 'qa' } },
        approved('hos', 'HEAD_OF_SERVICE'),
        // The same list agreed again keeps the approval.
        { type: 'KloesAgreed', data: { cycleId: 'c3', kloes: ['Voice of the child'] } },
      ),
      on('cycle-c3', approved('coord', 'EH_COORDINATOR_LEAD')),
    ).whenProjected();
    expect(await then.row(CycleEntity, { id: 'c3' })).toMatchObject({
      kloeMeeting: { heldOn: '2026-02-16', attendeeIds: ['hos', 'coord'], casesDueBy: '2026-02-23' },
      kloeApprovals: [
        { role: 'HEAD_OF_SERVICE', staffId: 'hos', approvedOn: '2026-02-18' },
        { role: 'EH_COORDINATOR_LEAD', staffId: 'coord', approvedOn: '2026-02-18' },
      ],
    });
    then = await given(
      h,
      on('cycle-c3', { type: 'PracticeDayHeld', data: { cycleId: 'c3', heldOn: '2026-06-10', leadersObservations: ['Warm, curious direct work'], familyFeedback: [], recordedById: 'qa' } }),
    ).whenProjected();
    expect((await then.row(CycleEntity, { id: 'c3' })).practiceDay).toEqual({ heldOn: '2026-06-10', leadersObservations: ['Warm, curious direct work'], familyFeedback: [] });
    // A changed list clears them.
    then = await given(h, on('cycle-c3', { type: 'KloesAgreed', data: { cycleId: 'c3', kloes: ['Voice of the child', 'Closures'] } })).whenProjected();
    expect((await then.row(CycleEntity, { id: 'c3' })).kloeApprovals).toEqual([]);
  });
});
