import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allocated, append, cycle, staff, team, type Allocation } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
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
    expect(await row('a1')).toMatchObject({ initialGrade: 'INADEQUATE', status: 'SUBMITTED', nextDeadline: '2026-01-21' });

    position = await append(
      h.store,
      s,
      { type: 'ModerationCompleted', data: { auditId: 'a1', completedOn: '2026-01-21', moderatedGrade: 'INADEQUATE', uoppDue: '2026-01-26', urgentIssuesDue: '2026-01-23', reauditRequired: true } },
      { type: 'ReauditDue', data: { auditId: 'a1', dueOn: '2026-03-04', moderatedGrade: 'INADEQUATE' } },
    );
    await h.runner.waitFor(position);
    expect(await row('a1')).toMatchObject({ moderatedGrade: 'INADEQUATE', status: 'MODERATED', reauditRequired: true, nextDeadline: '2026-01-26' });

    position = await append(
      h.store,
      s,
      { type: 'UoPPHeld', data: { auditId: 'a1', heldOn: '2026-01-26', chairId: 'am', attendeeIds: [], from: 'INADEQUATE', revisedGrade: null, rationale: null, meeting: 'INITIAL', followUpDue: '2026-03-09' } },
      { type: 'ActionAgreed', data: { auditId: 'a1', actionId: 'x1', description: 'd', ownerId: 'prac', dueOn: '2026-02-10', scope: 'CASE', onCaseRecord: true, agreedById: 'aud', agreedOn: '2026-01-26' } },
      { type: 'ActionAgreed', data: { auditId: 'a1', actionId: 'x2', description: 'd', ownerId: 'tm', dueOn: '2026-02-10', scope: 'TEAM_LEARNING', onCaseRecord: false, agreedById: 'aud', agreedOn: '2026-01-26' } },
    );
    await h.runner.waitFor(position);
    // The dip audit (4 March) now comes before the follow-up UoPP (9 March).
    expect(await row('a1')).toMatchObject({ uoppHeld: true, actions: 2, nextDeadline: '2026-03-04' });
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
