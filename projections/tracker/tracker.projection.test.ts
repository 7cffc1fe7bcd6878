import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allocated, append, cycle, staff, team, type Allocation } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { TrackerActionEntity } from './tracker-lookup.entities.js';
import { TrackerRowEntity } from './tracker-row.entity.js';
import { trackerProjection } from './tracker.projection.js';

const allocation = (auditId: string, practitionerId = 'prac'): Allocation => ({
  auditId,
  cycleId: 'c1',
  teamId: 't1',
  practitionerId,
  teamManagerId: 'tm',
  auditorId: 'aud',
  moderatorId: 'mod',
});

describe('tracker read model', () => {
  let h: ReadModelHarness;
  const row = (auditId: string) => h.dataSource.getRepository(TrackerRowEntity).findOneByOrFail({ auditId });

  beforeAll(async () => {
    h = await openHarness('tracker', [trackerProjection], { logger: recordingLogger() });
    await h.runner.start();
    await append(h.store, ...team('t1', 'Early Help North'));
    for (const [id, name] of [['prac', 'Pat Practitioner'], ['aud', 'Alex Auditor'], ['mod', 'Morgan Moderator']]) {
      await append(h.store, ...staff(id, name, id === 'prac' ? 't1' : null, ['PRACTITIONER']));
    }
    await append(h.store, ...cycle('c1', '2026-01', '2026-01-30'));
  });
  afterAll(() => h.close());

  it('shows names, grades, actions, UoPP, re-audit, status and the next deadline', async () => {
    const s = 'audit-a1';
    let position = await append(h.store, s, allocated(allocation('a1')));
    await h.runner.waitFor(position);
    expect(await row('a1')).toMatchObject({
      cycleId: 'c1',
      service: 'Early Help',
      month: '2026-01',
      kind: 'AUDIT',
      teamManagerId: 'tm',
      practitioner: 'Pat Practitioner',
      team: 'Early Help North',
      auditor: 'Alex Auditor',
      moderator: 'Morgan Moderator',
      initialGrade: null,
      moderatedGrade: null,
      actions: 0,
      uoppHeld: false,
      reauditRequired: false,
      status: 'ALLOCATED',
      nextDeadline: '2026-01-30',
    });

    position = await append(
      h.store,
      s,
      { type: 'GradeSet', data: { auditId: 'a1', section: 'S1', from: null, to: 'GOOD', rationale: 'r', auditorId: 'aud' } },
      { type: 'GradeSet', data: { auditId: 'a1', section: 'OVERALL', from: null, to: 'INADEQUATE', rationale: 'r', auditorId: 'aud' } },
      { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-01-20', overallGrade: 'INADEQUATE', moderationDue: '2026-01-21' } },
    );
    await h.runner.waitFor(position);
    expect(await row('a1')).toMatchObject({ initialGrade: 'INADEQUATE', currentGrade: 'INADEQUATE', status: 'SUBMITTED', submittedOn: '2026-01-20', nextDeadline: '2026-01-21' });

    position = await append(
      h.store,
      s,
      { type: 'ModerationCompleted', data: { auditId: 'a1', completedOn: '2026-01-21', moderatedGrade: 'INADEQUATE', uoppDue: '2026-01-26', urgentIssuesDue: '2026-01-23', reauditRequired: true } },
      { type: 'ReauditDue', data: { auditId: 'a1', dueOn: '2026-03-04', moderatedGrade: 'INADEQUATE' } },
    );
    await h.runner.waitFor(position);
    // Inadequate: the team manager's urgent issues come first, then the UoPP meeting.
    expect(await row('a1')).toMatchObject({ moderatedGrade: 'INADEQUATE', status: 'MODERATED', reauditRequired: true, urgentIssuesDue: '2026-01-23', nextDeadline: '2026-01-23' });
    position = await append(h.store, s, {
      type: 'UrgentIssuesAddressed',
      data: { auditId: 'a1', addressedById: 'tm', addressedOn: '2026-01-22', dueOn: '2026-01-23', summary: 'Safety plan reviewed' },
    });
    await h.runner.waitFor(position);
    expect(await row('a1')).toMatchObject({ urgentIssuesAddressedOn: '2026-01-22', nextDeadline: '2026-01-26' });

    position = await append(
      h.store,
      s,
      { type: 'UoPPHeld', data: { auditId: 'a1', heldOn: '2026-01-26', chairId: 'am', attendeeIds: [], from: 'INADEQUATE', revisedGrade: null, rationale: null, meeting: 'INITIAL', followUpDue: '2026-03-09' } },
      { type: 'ActionAgreed', data: { auditId: 'a1', actionId: 'x1', description: 'd', ownerId: 'prac', dueOn: '2026-02-10', scope: 'CASE', onCaseRecord: true, agreedById: 'aud', agreedOn: '2026-01-26' } },
      { type: 'ActionAgreed', data: { auditId: 'a1', actionId: 'x2', description: 'd', ownerId: 'tm', dueOn: '2026-02-10', scope: 'TEAM_LEARNING', onCaseRecord: false, agreedById: 'aud', agreedOn: '2026-01-26' } },
    );
    await h.runner.waitFor(position);
    // The dip audit (4 March) now comes before the follow-up UoPP (9 March).
    expect(await row('a1')).toMatchObject({ uoppHeld: true, actions: 2, openActions: 2, nextActionDue: '2026-02-10', nextDeadline: '2026-03-04' });

    position = await append(
      h.store,
      s,
      { type: 'ActionAgreed', data: { auditId: 'a1', actionId: 'x3', description: 'd', ownerId: 'prac', dueOn: '2026-02-05', scope: 'CASE', onCaseRecord: true, agreedById: 'aud', agreedOn: '2026-01-26' } },
      { type: 'ActionCompleted', data: { auditId: 'a1', actionId: 'x3', note: null, completedById: 'prac', completedOn: '2026-02-01' } },
      { type: 'ActionDropped', data: { auditId: 'a1', actionId: 'x1', reason: 'r', droppedById: 'tm', droppedOn: '2026-02-01' } },
    );
    await h.runner.waitFor(position);
    expect(await row('a1')).toMatchObject({ actions: 3, openActions: 1, nextActionDue: '2026-02-10' });
    expect(await h.dataSource.getRepository(TrackerActionEntity).find({ where: { auditId: 'a1' }, order: { actionId: 'ASC' } })).toEqual([
      { actionId: 'x1', auditId: 'a1', dueOn: '2026-02-10', status: 'DROPPED' },
      { actionId: 'x2', auditId: 'a1', dueOn: '2026-02-10', status: 'OPEN' },
      { actionId: 'x3', auditId: 'a1', dueOn: '2026-02-05', status: 'DONE' },
    ]);
  });

  it('meets the dip audit deadline when a dip audit of the work is submitted, and reopens it if that one is invalidated', async () => {
    await append(h.store, ...cycle('c2', '2026-03', '2026-03-31'));
    const dip = { ...allocated({ ...allocation('d1'), cycleId: 'c2', auditorId: 'aud' }) };
    dip.data = { ...(dip.data as object), templateId: 'dip-sample', reauditOfAuditId: 'a1' };
    let position = await append(h.store, 'audit-d1', dip);
    await h.runner.waitFor(position);
    expect(await row('d1')).toMatchObject({ kind: 'DIP_AUDIT', reauditOfAuditId: 'a1', service: 'Early Help', month: '2026-03', nextDeadline: '2026-03-31' });
    expect(await row('a1')).toMatchObject({ dipAuditDoneOn: null, nextDeadline: '2026-03-04' });

    position = await append(h.store, 'audit-d1', { type: 'AuditSubmitted', data: { auditId: 'd1', submittedOn: '2026-03-03', overallGrade: 'GOOD', moderationDue: '2026-03-31' } });
    await h.runner.waitFor(position);
    // Only the follow-up UoPP (9 March) is left on the original.
    expect(await row('a1')).toMatchObject({ dipAuditDoneOn: '2026-03-03', nextDeadline: '2026-03-09' });

    position = await append(h.store, 'audit-d1', { type: 'AuditInvalidated', data: { auditId: 'd1', invalidatedById: 'admin', invalidatedOn: '2026-03-04', reason: 'r' } });
    await h.runner.waitFor(position);
    expect(await row('a1')).toMatchObject({ dipAuditDoneOn: null, nextDeadline: '2026-03-04' });
  });

  it('follows the current grade through moderation, UoPP revision and dispute decisions', async () => {
    const s = 'audit-g1';
    const position = await append(
      h.store,
      s,
      allocated(allocation('g1')),
      { type: 'GradeSet', data: { auditId: 'g1', section: 'OVERALL', from: null, to: 'REQUIRES_IMPROVEMENT', rationale: 'r', auditorId: 'aud' } },
      { type: 'AuditSubmitted', data: { auditId: 'g1', submittedOn: '2026-01-20', overallGrade: 'REQUIRES_IMPROVEMENT', moderationDue: '2026-01-30' } },
      { type: 'ModerationChanged', data: { auditId: 'g1', section: 'S2', from: 'GOOD', to: 'INADEQUATE', rationale: 'r', moderatorId: 'mod' } },
      { type: 'ModerationChanged', data: { auditId: 'g1', section: 'OVERALL', from: 'REQUIRES_IMPROVEMENT', to: 'INADEQUATE', rationale: 'r', moderatorId: 'mod' } },
    );
    await h.runner.waitFor(position);
    expect(await row('g1')).toMatchObject({ initialGrade: 'REQUIRES_IMPROVEMENT', currentGrade: 'INADEQUATE', moderatedGrade: null });
    const last = await append(
      h.store,
      s,
      { type: 'ModerationCompleted', data: { auditId: 'g1', completedOn: '2026-01-21', moderatedGrade: 'INADEQUATE', uoppDue: '2026-01-26', reauditRequired: true } },
      { type: 'UoPPHeld', data: { auditId: 'g1', heldOn: '2026-01-26', chairId: 'am', attendeeIds: [], from: 'INADEQUATE', revisedGrade: 'REQUIRES_IMPROVEMENT', rationale: 'r', meeting: 'INITIAL', followUpDue: '2026-03-09' } },
      { type: 'DisputeResolved', data: { auditId: 'g1', disputeId: 'd', section: 'OVERALL', source: 'DISPUTE', from: 'REQUIRES_IMPROVEMENT', to: 'GOOD', rationale: 'r', decidedById: 'hos', decidedAs: 'HEAD_OF_SERVICE', decidedOn: '2026-01-28' } },
    );
    await h.runner.waitFor(last);
    expect(await row('g1')).toMatchObject({ initialGrade: 'REQUIRES_IMPROVEMENT', moderatedGrade: 'INADEQUATE', currentGrade: 'GOOD', uoppCount: 1 });
  });

  it('fills in names registered after the audit, and follows a reallocation', async () => {
    let position = await append(h.store, 'audit-a2', allocated(allocation('a2', 'late')));
    await h.runner.waitFor(position);
    expect(await row('a2')).toMatchObject({ practitioner: '' });

    await append(h.store, ...staff('late', 'Lee Late', 't1', ['PRACTITIONER']));
    await append(h.store, ...staff('aud2', 'Sam Second', null, ['AUDITOR']));
    position = await append(h.store, 'audit-a2', {
      type: 'AuditReallocated',
      data: { auditId: 'a2', fromAuditorId: 'aud', auditorId: 'aud2', fromModeratorId: 'mod', moderatorId: 'mod', reason: 'exempted', reallocatedById: 'admin' },
    });
    await h.runner.waitFor(position);
    expect(await row('a2')).toMatchObject({ practitioner: 'Lee Late', auditorId: 'aud2', auditor: 'Sam Second', moderator: 'Morgan Moderator' });
  });

  it('shows the rectification date while returned, and no deadline once invalidated', async () => {
    let position = await append(
      h.store,
      'audit-a3',
      allocated(allocation('a3')),
      { type: 'AuditSubmitted', data: { auditId: 'a3', submittedOn: '2026-01-20', overallGrade: 'GOOD', moderationDue: '2026-01-30' } },
      { type: 'AuditReturnedForRectification', data: { auditId: 'a3', returnedById: 'admin', returnedOn: '2026-01-21', reason: 'r', rectifyBy: '2026-01-23' } },
    );
    await h.runner.waitFor(position);
    expect(await row('a3')).toMatchObject({ status: 'RETURNED', nextDeadline: '2026-01-23' });

    position = await append(h.store, 'audit-a3', { type: 'AuditInvalidated', data: { auditId: 'a3', invalidatedById: 'admin', invalidatedOn: '2026-01-22', reason: 'r' } });
    await h.runner.waitFor(position);
    expect(await row('a3')).toMatchObject({ status: 'INVALIDATED', nextDeadline: null });
  });
});
