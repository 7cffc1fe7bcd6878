import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allocated, append } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { GradeChangeEntity } from './grade-change.entity.js';
import { gradeHistoryProjection } from './grade-history.projection.js';

describe('grade history read model', () => {
  let h: ReadModelHarness;
  beforeAll(async () => {
    h = await openHarness('grade_history', [gradeHistoryProjection], { logger: recordingLogger() });
    await h.runner.start();
  });
  afterAll(() => h.close());

  it('records every grade change with its source, who, when, event id and position', async () => {
    const s = 'audit-a1';
    await append(h.store, s, allocated({ auditId: 'a1', cycleId: 'c1', teamId: 't1', practitionerId: 'p', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' }));
    await append(h.store, s, { type: 'AnswerRecorded', data: { auditId: 'a1', section: 'S1', question: 'q', answer: 'YES', comment: null } });
    await append(h.store, s, { type: 'GradeSet', occurredAt: '2026-01-10T10:00:00.000Z', data: { auditId: 'a1', section: 'S1', from: null, to: 'GOOD', rationale: 'clear plan', auditorId: 'aud' } });
    await append(h.store, s, { type: 'GradeSet', occurredAt: '2026-01-10T10:05:00.000Z', data: { auditId: 'a1', section: 'OVERALL', from: null, to: 'INADEQUATE', rationale: 'risk missed', auditorId: 'aud' } });
    await append(h.store, s, { type: 'ModerationChanged', occurredAt: '2026-01-12T09:00:00.000Z', data: { auditId: 'a1', section: 'OVERALL', from: 'INADEQUATE', to: 'INADEQUATE', rationale: 'agreed', moderatorId: 'mod' } });
    await append(h.store, s, { type: 'ModerationCompleted', data: { auditId: 'a1', completedOn: '2026-01-12', moderatedGrade: 'INADEQUATE' } });
    // A meeting that keeps the grade is no change; one that raises it is.
    await append(h.store, s, { type: 'UoPPHeld', data: { auditId: 'a1', heldOn: '2026-01-14', chairId: 'am', attendeeIds: [], from: 'INADEQUATE', revisedGrade: null, rationale: null, meeting: 'INITIAL', followUpDue: '2026-02-25' } });
    await append(h.store, s, { type: 'UoPPHeld', occurredAt: '2026-02-25T15:00:00.000Z', data: { auditId: 'a1', heldOn: '2026-02-25', chairId: 'am', attendeeIds: [], from: 'INADEQUATE', revisedGrade: 'REQUIRES_IMPROVEMENT', rationale: 'risk now managed', meeting: 'FOLLOW_UP', followUpDue: null } });
    const position = await append(h.store, s, {
      type: 'DisputeResolved',
      occurredAt: '2026-03-01T12:00:00.000Z',
      data: { auditId: 'a1', disputeId: 'd1', section: 'OVERALL', source: 'DISPUTE', from: 'REQUIRES_IMPROVEMENT', to: 'GOOD', rationale: 'final decision', decidedById: 'hos', decidedAs: 'HEAD_OF_SERVICE', decidedOn: '2026-03-01' },
    });
    await h.runner.waitFor(position);

    const events = (await h.store.readStream(s)).filter((e) => ['GradeSet', 'ModerationChanged', 'DisputeResolved'].includes(e.type) || (e.type === 'UoPPHeld' && e.data.revisedGrade));
    const rows = await h.dataSource.getRepository(GradeChangeEntity).find({ order: { position: 'ASC' } });
    expect(rows).toEqual([
      { section: 'S1', source: 'AUDITOR', from: null, to: 'GOOD', rationale: 'clear plan', changedById: 'aud', changedAt: new Date('2026-01-10T10:00:00.000Z') },
      { section: 'OVERALL', source: 'AUDITOR', from: null, to: 'INADEQUATE', rationale: 'risk missed', changedById: 'aud', changedAt: new Date('2026-01-10T10:05:00.000Z') },
      { section: 'OVERALL', source: 'MODERATOR', from: 'INADEQUATE', to: 'INADEQUATE', rationale: 'agreed', changedById: 'mod', changedAt: new Date('2026-01-12T09:00:00.000Z') },
      { section: 'OVERALL', source: 'UOPP', from: 'INADEQUATE', to: 'REQUIRES_IMPROVEMENT', rationale: 'risk now managed', changedById: 'am', changedAt: new Date('2026-02-25T15:00:00.000Z') },
      { section: 'OVERALL', source: 'DISPUTE', from: 'REQUIRES_IMPROVEMENT', to: 'GOOD', rationale: 'final decision', changedById: 'hos', changedAt: new Date('2026-03-01T12:00:00.000Z') },
    ].map((change, i) => ({ ...change, eventId: events[i].id, position: events[i].position, auditId: 'a1', cycleId: 'c1', teamId: 't1' })));
  });

  it('filters by cycle and time, as gradeChanges does', async () => {
    const rows = await h.dataSource
      .getRepository(GradeChangeEntity)
      .createQueryBuilder('g')
      .where('g.cycleId = :cycleId', { cycleId: 'c1' })
      .andWhere('g.changedAt >= :since', { since: new Date('2026-02-01T00:00:00Z') })
      .orderBy('g.position', 'ASC')
      .getMany();
    expect(rows.map((row) => row.source)).toEqual(['UOPP', 'DISPUTE']);
  });
});
