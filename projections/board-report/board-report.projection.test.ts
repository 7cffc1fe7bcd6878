import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allocated, append, cycle, type Allocation } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { BoardReportActionEntity, BoardReportAuditEntity, BoardReportCycleEntity } from './board-report.entities.js';
import { boardReportProjection } from './board-report.projection.js';

const allocation = (auditId: string, cycleId = 'c1'): Allocation => ({
  auditId,
  cycleId,
  teamId: 't1',
  practitionerId: 'prac',
  teamManagerId: 'tm',
  auditorId: 'aud',
  moderatorId: 'mod',
});

/** AuditAllocated with the case facts added later to the event (and a template of our choosing). */
const withFacts = (a: Allocation, facts: Record<string, unknown>) => {
  const event = allocated(a);
  return { ...event, data: { ...(event.data as object), ...facts } };
};

describe('board report read model', () => {
  let h: ReadModelHarness;
  const audit = (auditId: string) => h.dataSource.getRepository(BoardReportAuditEntity).findOneByOrFail({ auditId });

  beforeAll(async () => {
    h = await openHarness('board_report', [boardReportProjection], { logger: recordingLogger() });
    await h.runner.start();
    await append(h.store, ...cycle('c1', '2026-01', '2026-01-30'));
  });
  afterAll(() => h.close());

  it('keeps each cycle with its KLOEs and the key practice points last published', async () => {
    await append(h.store, 'cycle-c1', { type: 'KloesAgreed', data: { cycleId: 'c1', kloes: ['Voice of the child', 'Supervision'] } });
    await append(h.store, 'cycle-c1', { type: 'KeyPracticePointsPublished', data: { cycleId: 'c1', points: ['One'], publishedById: 'qa', publishedOn: '2026-02-10' } });
    const position = await append(h.store, 'cycle-c1', {
      type: 'KeyPracticePointsPublished',
      data: { cycleId: 'c1', points: ['One', 'Two'], publishedById: 'qa2', publishedOn: '2026-02-11' },
    });
    await h.runner.waitFor(position);
    expect(await h.dataSource.getRepository(BoardReportCycleEntity).findOneByOrFail({ cycleId: 'c1' })).toEqual({
      cycleId: 'c1',
      name: 'Early Help 2026-01',
      service: 'Early Help',
      month: '2026-01',
      kloes: ['Voice of the child', 'Supervision'],
      keyPracticePoints: ['One', 'Two'],
      keyPracticePointsPublishedOn: '2026-02-11',
      keyPracticePointsPublishedById: 'qa2',
    });
  });

  it('follows an audit through submission, moderation, both UoPP meetings, a dispute, feedback and actions', async () => {
    const s = 'audit-a1';
    const position = await append(
      h.store,
      s,
      withFacts(allocation('a1'), { ethnicity: ' Bangladeshi ', childAge: 7 }),
      { type: 'AuditReallocated', data: { auditId: 'a1', fromAuditorId: 'aud', auditorId: 'aud2', fromModeratorId: 'mod', moderatorId: 'mod', reason: 'r', reallocatedById: 'qa' } },
      { type: 'FamilyFeedbackRecorded', data: { auditId: 'a1', recordedById: 'aud2', recordedOn: '2026-01-10', rating: 2, couldHaveTheirSay: 'NO', ableToAccessSupport: 'YES', comments: 'not shown anywhere', notCompletedReason: null } },
      { type: 'FamilyFeedbackRecorded', data: { auditId: 'a1', recordedById: 'aud2', recordedOn: '2026-01-11', rating: 4, couldHaveTheirSay: 'YES', ableToAccessSupport: 'YES', comments: null, notCompletedReason: null } },
      { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-01-20', overallGrade: 'REQUIRES_IMPROVEMENT', moderationDue: '2026-01-30' } },
      { type: 'ModerationChanged', data: { auditId: 'a1', section: 'OVERALL', from: 'REQUIRES_IMPROVEMENT', to: 'INADEQUATE', rationale: 'r', moderatorId: 'mod' } },
      { type: 'ModerationCompleted', data: { auditId: 'a1', completedOn: '2026-01-21', moderatedGrade: 'INADEQUATE', uoppDue: '2026-01-26', reauditRequired: true } },
      { type: 'ReauditDue', data: { auditId: 'a1', dueOn: '2026-03-04', moderatedGrade: 'INADEQUATE' } },
      { type: 'UoPPHeld', data: { auditId: 'a1', heldOn: '2026-01-27', chairId: 'am', attendeeIds: ['prac'], from: 'INADEQUATE', revisedGrade: null, rationale: null, meeting: 'INITIAL', followUpDue: '2026-03-10' } },
      { type: 'UoPPHeld', data: { auditId: 'a1', heldOn: '2026-03-09', chairId: 'am', attendeeIds: ['prac'], from: 'INADEQUATE', revisedGrade: 'REQUIRES_IMPROVEMENT', rationale: 'r', meeting: 'FOLLOW_UP', followUpDue: null } },
      { type: 'DisputeResolved', data: { auditId: 'a1', disputeId: 'd', section: 'OVERALL', source: 'DISPUTE', from: 'REQUIRES_IMPROVEMENT', to: 'GOOD', rationale: 'r', decidedById: 'hos', decidedAs: 'HEAD_OF_SERVICE', decidedOn: '2026-03-12' } },
      { type: 'ActionAgreed', data: { auditId: 'a1', actionId: 'x1', description: 'd', ownerId: 'prac', dueOn: '2026-02-10', scope: 'CASE', onCaseRecord: true, agreedById: 'aud2', agreedOn: '2026-01-27' } },
      { type: 'ActionAgreed', data: { auditId: 'a1', actionId: 'x2', description: 'd', ownerId: 'tm', dueOn: '2026-02-10', scope: 'TEAM_LEARNING', onCaseRecord: false, agreedById: 'aud2', agreedOn: '2026-01-27' } },
      { type: 'ActionCompleted', data: { auditId: 'a1', actionId: 'x1', note: null, completedById: 'prac', completedOn: '2026-02-09' } },
      { type: 'ActionDropped', data: { auditId: 'a1', actionId: 'x2', reason: 'r', droppedById: 'tm', droppedOn: '2026-02-12' } },
    );
    await h.runner.waitFor(position);
    expect(await audit('a1')).toMatchObject({
      cycleId: 'c1',
      kind: 'AUDIT',
      reauditOfAuditId: null,
      auditorId: 'aud2',
      status: 'MODERATED',
      initialGrade: 'REQUIRES_IMPROVEMENT',
      moderatedGrade: 'INADEQUATE',
      currentGrade: 'GOOD',
      moderatedOn: '2026-01-21',
      uoppDue: '2026-01-26',
      uoppHeldOn: '2026-01-27',
      followUpUoppDue: '2026-03-10',
      followUpUoppHeldOn: '2026-03-09',
      uoppCount: 2,
      dipAuditDue: '2026-03-04',
      familyFeedbackRecorded: true,
      familyRating: 4,
      familyCouldHaveTheirSay: 'YES',
      familyAbleToAccessSupport: 'YES',
      ethnicity: 'Bangladeshi',
      childAge: 7,
    });
    // Nothing of the feedback's words is kept.
    expect(JSON.stringify(await audit('a1'))).not.toContain('not shown anywhere');
    expect(await h.dataSource.getRepository(BoardReportActionEntity).find({ where: { auditId: 'a1' }, order: { actionId: 'ASC' } })).toEqual([
      { actionId: 'x1', auditId: 'a1', cycleId: 'c1', dueOn: '2026-02-10', status: 'DONE', closedOn: '2026-02-09' },
      { actionId: 'x2', auditId: 'a1', cycleId: 'c1', dueOn: '2026-02-10', status: 'DROPPED', closedOn: '2026-02-12' },
    ]);
  });

  it('tells dip audits from re-audits, and takes events without case facts as not recorded', async () => {
    await append(h.store, ...cycle('c2', '2026-03', '2026-03-31'));
    const dip = await append(h.store, 'audit-d1', withFacts(allocation('d1', 'c2'), { templateId: 'dip-sample', reauditOfAuditId: 'a1', ethnicity: '', childAge: null }));
    const re = await append(h.store, 'audit-r1', withFacts(allocation('r1', 'c2'), { reauditOfAuditId: 'a1' }));
    await h.runner.waitFor(re);
    expect(await audit('d1')).toMatchObject({ kind: 'DIP_AUDIT', reauditOfAuditId: 'a1', allocatedPosition: dip, ethnicity: null, childAge: null });
    expect(await audit('r1')).toMatchObject({ kind: 'REAUDIT', reauditOfAuditId: 'a1', allocatedPosition: re, ethnicity: null, childAge: null });
  });

  it('stops on case facts of the wrong shape, naming the field', async () => {
    const other = await openHarness('board_report_bad', [boardReportProjection], { logger: recordingLogger() });
    try {
      await other.runner.start();
      await append(other.store, ...cycle('c1', '2026-01', '2026-01-30'));
      const position = await append(other.store, 'audit-b1', withFacts(allocation('b1'), { childAge: 'seven' }));
      await expect(other.runner.waitFor(position, 5_000)).rejects.toThrow(/field "childAge" must be a whole number of years/);
    } finally {
      await other.close();
    }
  });
});
