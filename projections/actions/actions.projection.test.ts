import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allocated } from '../test-support/events.js';
import { given, on } from '../test-support/given-when-then.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { ActionEntity } from './action.entity.js';
import { actionsProjection } from './actions.projection.js';

const agreed = (actionId: string, scope: string, onCaseRecord: boolean) => ({
  type: 'ActionAgreed',
  data: { auditId: 'a1', actionId, description: `do ${actionId}`, ownerId: 'tm', dueOn: '2026-02-20', scope, onCaseRecord, agreedById: 'aud', agreedOn: '2026-01-29' },
});

describe('actions read model', () => {
  let h: ReadModelHarness;
  beforeAll(async () => {
    h = await openHarness('actions', [actionsProjection], { logger: recordingLogger() });
    await h.runner.start();
  });
  afterAll(() => h.close());

  it('keeps each action with its owner, due date, scope and status through progress, completion and dropping', async () => {
    let then = await given(
      h,
      on(
        'audit-a1',
        allocated({ auditId: 'a1', cycleId: 'c1', teamId: 't1', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' }),
        agreed('x1', 'CASE', true),
        agreed('x2', 'PRACTITIONER_LEARNING', false),
        agreed('x3', 'TEAM_LEARNING', false),
      ),
    ).whenProjected();
    expect(await then.row(ActionEntity, { id: 'x2' })).toEqual({
      id: 'x2',
      auditId: 'a1',
      cycleId: 'c1',
      teamId: 't1',
      practitionerId: 'prac',
      teamManagerId: 'tm',
      description: 'do x2',
      ownerId: 'tm',
      dueOn: '2026-02-20',
      scope: 'PRACTITIONER_LEARNING',
      onCaseRecord: false,
      status: 'OPEN',
      agreedById: 'aud',
      agreedOn: '2026-01-29',
      lastProgressNote: null,
      lastProgressedOn: null,
      closedOn: null,
      closingNote: null,
      acknowledgedOn: null,
      acknowledgementComment: null,
    });

    then = await given(
      h,
      on(
        'audit-a1',
        { type: 'ActionAcknowledged', data: { auditId: 'a1', actionId: 'x1', practitionerId: 'prac', acknowledgedOn: '2026-01-30', comment: 'Agreed with mum too' } },
        { type: 'ActionProgressed', data: { auditId: 'a1', actionId: 'x1', note: 'plan updated', progressedById: 'tm', progressedOn: '2026-02-01' } },
        { type: 'ActionCompleted', data: { auditId: 'a1', actionId: 'x1', note: null, completedById: 'tm', completedOn: '2026-02-05' } },
        { type: 'ActionDropped', data: { auditId: 'a1', actionId: 'x3', reason: 'case closed', droppedById: 'aud', droppedOn: '2026-02-06' } },
      ),
    ).whenProjected();
    expect(await then.row(ActionEntity, { id: 'x1' })).toMatchObject({ acknowledgedOn: '2026-01-30', acknowledgementComment: 'Agreed with mum too', status: 'DONE', lastProgressNote: 'plan updated', lastProgressedOn: '2026-02-01', closedOn: '2026-02-05', closingNote: null });
    expect(await then.rows(ActionEntity)).toMatchObject([{ id: 'x1', status: 'DONE' }, { id: 'x2', status: 'OPEN' }, { id: 'x3', status: 'DROPPED', closedOn: '2026-02-06', closingNote: 'case closed' }]);
  });
});
