import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allocated, append, cycle, type Allocation } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { AuditAnswerEntity, AuditEntity, AuditNarrativeEntity, AuditSectionGradeEntity } from './audit.entity.js';
import { DirectorEscalationEntity } from './director-escalation.entity.js';
import { auditsProjection } from './audits.projection.js';

const allocation = (auditId: string): Allocation => ({
  auditId,
  cycleId: 'c1',
  teamId: 't1',
  practitionerId: 'prac',
  teamManagerId: 'tm',
  auditorId: 'aud',
  moderatorId: 'mod',
});

describe('audits read model', () => {
  let h: ReadModelHarness;
  const audit = (id: string) => h.dataSource.getRepository(AuditEntity).findOneByOrFail({ id });

  beforeAll(async () => {
    h = await openHarness('audits', [auditsProjection], { logger: recordingLogger() });
    await h.runner.start();
    await append(h.store, ...cycle('c1', '2026-01', '2026-01-30'));
  });
  afterAll(() => h.close());

  it('follows an audit from allocation through moderation, UoPP, dip audit and a dispute decision', async () => {
    const s = 'audit-a1';
    let position = await append(h.store, s, allocated(allocation('a1')));
    await h.runner.waitFor(position);
    expect(await audit('a1')).toEqual({
      id: 'a1',
      cycleId: 'c1',
      caseRef: 'EH-a1',
      teamId: 't1',
      practitionerId: 'prac',
      teamManagerId: 'tm',
      auditorId: 'aud',
      moderatorId: 'mod',
      templateId: 'early-help',
      templateVersion: 1,
      reauditOfAuditId: null,
      status: 'ALLOCATED',
      // An allocation from before the case facts were recorded: none known.
      auditedBefore: null,
      previousAuditOn: null,
      ethnicity: null,
      childAge: null,
      monthsOpen: null,
      initialGrade: null,
      moderatedGrade: null,
      currentGrade: null,
      suggestedOverallGrade: null,
      overallGradeInconsistencies: [],
      uoppHeld: false,
      uoppCount: 0,
      uoppChairIds: [],
      collaborativeDiscussionOn: null,
      collaborativeDiscussionWithIds: [],
      familyFeedback: null,
      practitionerFeedback: null,
      reauditRequired: false,
      // Before submission the cycle's date applies.
      moderationDue: '2026-01-30',
      rectifyBy: null,
      urgentIssuesDue: null,
      urgentIssuesAddressedOn: null,
      urgentIssuesAddressedById: null,
      urgentIssuesSummary: null,
      uoppDue: null,
      followUpUoppDue: null,
      dipAuditDue: null,
      escalateIfNotImprovedBy: null,
      submittedOn: null,
      moderatedOn: null,
      moderationSample: null,
      referredToCoordinatorLeadOn: null,
      referredByDipAuditId: null,
      allocatedAt: new Date('2026-03-02T09:00:00.000Z'),
    });

    position = await append(
      h.store,
      s,
      { type: 'AnswerRecorded', data: { auditId: 'a1', section: 'S1', question: 'q1', answer: 'NO', comment: null } },
      { type: 'AnswerRecorded', data: { auditId: 'a1', section: 'S1', question: 'q1', answer: 'PARTIALLY', comment: 'plan is dated' } },
      { type: 'AnswerRecorded', data: { auditId: 'a1', section: 'S2', question: 'q1', answer: 'YES', comment: null } },
      { type: 'GradeSet', data: { auditId: 'a1', section: 'S1', from: null, to: 'GOOD', rationale: 'r', auditorId: 'aud' } },
      { type: 'GradeSet', data: { auditId: 'a1', section: 'OVERALL', from: null, to: 'GOOD', rationale: 'r', auditorId: 'aud' } },
      { type: 'GradeSet', data: { auditId: 'a1', section: 'OVERALL', from: 'GOOD', to: 'INADEQUATE', rationale: 'r', auditorId: 'aud' } },
      {
        type: 'AuditSubmitted',
        data: { auditId: 'a1', submittedOn: '2026-01-20', overallGrade: 'INADEQUATE', moderationDue: '2026-01-21', suggestedGrade: 'GOOD', inconsistencies: ['Inadequate overall with no Inadequate section'] },
      },
      { type: 'ModerationChanged', data: { auditId: 'a1', section: 'S1', from: 'GOOD', to: 'REQUIRES_IMPROVEMENT', rationale: 'r', moderatorId: 'mod' } },
      { type: 'ModerationChanged', data: { auditId: 'a1', section: 'OVERALL', from: 'INADEQUATE', to: 'INADEQUATE', rationale: 'agreed', moderatorId: 'mod' } },
    );
    await h.runner.waitFor(position);
    expect(await audit('a1')).toMatchObject({
      suggestedOverallGrade: 'GOOD',
      overallGradeInconsistencies: ['Inadequate overall with no Inadequate section'],
    });
    expect(await audit('a1')).toMatchObject({ status: 'SUBMITTED', initialGrade: 'INADEQUATE', currentGrade: 'INADEQUATE', moderatedGrade: null, submittedOn: '2026-01-20', moderationDue: '2026-01-21' });
    expect(await h.dataSource.getRepository(AuditAnswerEntity).find({ where: { auditId: 'a1' }, order: { section: 'ASC' } })).toEqual([
      { auditId: 'a1', section: 'S1', question: 'q1', answer: 'PARTIALLY', comment: 'plan is dated' },
      { auditId: 'a1', section: 'S2', question: 'q1', answer: 'YES', comment: null },
    ]);
    // The moderator's grade lands beside the auditor's, neither overwriting the other.
    expect(await h.dataSource.getRepository(AuditSectionGradeEntity).find({ where: { auditId: 'a1' }, order: { section: 'ASC' } })).toEqual([
      { auditId: 'a1', section: 'OVERALL', auditorGrade: 'INADEQUATE', moderatorGrade: 'INADEQUATE', notApplicableReason: null },
      { auditId: 'a1', section: 'S1', auditorGrade: 'GOOD', moderatorGrade: 'REQUIRES_IMPROVEMENT', notApplicableReason: null },
    ]);

    position = await append(
      h.store,
      s,
      { type: 'ModerationCompleted', data: { auditId: 'a1', completedOn: '2026-01-21', moderatedGrade: 'INADEQUATE', initialGrade: 'INADEQUATE', uoppDue: '2026-01-26', urgentIssuesDue: '2026-01-23', reauditRequired: true } },
      { type: 'ReauditDue', data: { auditId: 'a1', dueOn: '2026-03-04', moderatedGrade: 'INADEQUATE', kind: 'DIP_AUDIT', escalateIfNotImprovedBy: '2026-05-21' } },
      { type: 'UrgentIssuesAddressed', data: { auditId: 'a1', addressedById: 'tm', addressedOn: '2026-01-22', dueOn: '2026-01-23', summary: 'Safety plan reviewed with the family' } },
      { type: 'UoPPHeld', data: { auditId: 'a1', heldOn: '2026-01-26', chairId: 'am', attendeeIds: ['prac', 'tm'], from: 'INADEQUATE', revisedGrade: 'REQUIRES_IMPROVEMENT', rationale: 'safety plan in place', meeting: 'INITIAL', linkedPlan: 'TAF', followUpDue: '2026-03-09' } },
      { type: 'UoPPHeld', data: { auditId: 'a1', heldOn: '2026-03-09', chairId: 'am', attendeeIds: ['prac'], from: 'REQUIRES_IMPROVEMENT', revisedGrade: null, rationale: null, meeting: 'FOLLOW_UP', linkedPlan: 'TAF', followUpDue: null } },
    );
    await h.runner.waitFor(position);
    expect(await audit('a1')).toMatchObject({
      status: 'MODERATED',
      initialGrade: 'INADEQUATE',
      moderatedGrade: 'INADEQUATE',
      currentGrade: 'REQUIRES_IMPROVEMENT',
      moderatedOn: '2026-01-21',
      uoppHeld: true,
      uoppCount: 2,
      uoppChairIds: ['am'],
      reauditRequired: true,
      urgentIssuesDue: '2026-01-23',
      urgentIssuesAddressedOn: '2026-01-22',
      urgentIssuesAddressedById: 'tm',
      urgentIssuesSummary: 'Safety plan reviewed with the family',
      uoppDue: '2026-01-26',
      followUpUoppDue: '2026-03-09',
      dipAuditDue: '2026-03-04',
      escalateIfNotImprovedBy: '2026-05-21',
    });

    position = await append(h.store, s, {
      type: 'DisputeResolved',
      data: { auditId: 'a1', disputeId: 'd1', section: 'OVERALL', source: 'DISPUTE', from: 'REQUIRES_IMPROVEMENT', to: 'GOOD', rationale: 'decided', decidedById: 'hos', decidedAs: 'HEAD_OF_SERVICE', decidedOn: '2026-03-10' },
    });
    await h.runner.waitFor(position);
    expect(await audit('a1')).toMatchObject({ moderatedGrade: 'INADEQUATE', currentGrade: 'GOOD' });
  });

  it('takes the collaborative discussion (AUD-1), a section marked not applicable (AUD-8) and revised follow-ups (AFT-1, AFT-2)', async () => {
    const s = 'audit-a5';
    let position: number = await append(
      h.store,
      s,
      allocated(allocation('a5')),
      { type: 'CollaborativeDiscussionRecorded', data: { auditId: 'a5', discussedOn: '2026-01-12', withIds: ['prac', 'tm'], recordedById: 'aud' } },
      { type: 'GradeSet', data: { auditId: 'a5', section: 'REVIEWS', from: null, to: 'GOOD', rationale: 'r', auditorId: 'aud' } },
      { type: 'SectionMarkedNotApplicable', data: { auditId: 'a5', section: 'REVIEWS', reason: 'No reviews yet', auditorId: 'aud' } },
    );
    await h.runner.waitFor(position);
    expect(await audit('a5')).toMatchObject({ collaborativeDiscussionOn: '2026-01-12', collaborativeDiscussionWithIds: ['prac', 'tm'] });
    // AUD-7: the feedback read back; an event from before the answers field has none.
    position = await append(
      h.store,
      s,
      { type: 'PractitionerFeedbackRecorded', data: { auditId: 'a5', recordedById: 'prac', recordedOn: '2026-01-12', comments: 'Helpful', notCompletedReason: null } },
      { type: 'FamilyFeedbackRecorded', data: { auditId: 'a5', recordedById: 'aud', recordedOn: '2026-01-13', rating: 5, couldHaveTheirSay: 'YES', ableToAccessSupport: null, comments: null, notCompletedReason: null } },
    );
    await h.runner.waitFor(position);
    expect(await audit('a5')).toMatchObject({
      practitionerFeedback: { answers: [], comments: 'Helpful', notCompletedReason: null, recordedById: 'prac', recordedOn: '2026-01-12' },
      familyFeedback: { rating: 5, couldHaveTheirSay: 'YES', ableToAccessSupport: null, comments: null, notCompletedReason: null, recordedById: 'aud', recordedOn: '2026-01-13' },
    });
    position = await append(h.store, s, {
      type: 'PractitionerFeedbackRecorded',
      data: { auditId: 'a5', recordedById: 'prac', recordedOn: '2026-01-14', comments: null, notCompletedReason: null, answers: [{ question: 'S10_Q1', text: 'Genogram' }] },
    });
    await h.runner.waitFor(position);
    expect((await audit('a5')).practitionerFeedback).toMatchObject({ answers: [{ question: 'S10_Q1', text: 'Genogram' }], comments: null });
    const reviews = () => h.dataSource.getRepository(AuditSectionGradeEntity).findOneByOrFail({ auditId: 'a5', section: 'REVIEWS' });
    expect(await reviews()).toEqual({ auditId: 'a5', section: 'REVIEWS', auditorGrade: null, moderatorGrade: null, notApplicableReason: 'No reviews yet' });
    position = await append(h.store, s, { type: 'GradeSet', data: { auditId: 'a5', section: 'REVIEWS', from: null, to: 'REQUIRES_IMPROVEMENT', rationale: 'r', auditorId: 'aud' } });
    await h.runner.waitFor(position);
    expect(await reviews()).toMatchObject({ auditorGrade: 'REQUIRES_IMPROVEMENT', notApplicableReason: null });

    position = await append(
      h.store,
      s,
      { type: 'ModerationCompleted', data: { auditId: 'a5', completedOn: '2026-01-21', moderatedGrade: 'GOOD', initialGrade: 'GOOD', uoppDue: '2026-01-28', urgentIssuesDue: null, reauditRequired: false } },
      {
        type: 'FollowUpsRevised',
        data: {
          auditId: 'a5', revisedOn: '2026-01-26', cause: 'DISPUTE', from: 'GOOD', to: 'INADEQUATE', started: ['DIP_AUDIT', 'IMPROVEMENT_ESCALATION', 'REAUDIT', 'UOPP', 'URGENT_ISSUES'], ended: [],
          reauditRequired: true, dipAuditDue: '2026-03-09', escalateIfNotImprovedBy: '2026-05-26', urgentIssuesDue: '2026-01-28', uoppDue: '2026-01-29', followUpUoppDue: null,
        },
      },
    );
    await h.runner.waitFor(position);
    expect(await audit('a5')).toMatchObject({ reauditRequired: true, dipAuditDue: '2026-03-09', escalateIfNotImprovedBy: '2026-05-26', urgentIssuesDue: '2026-01-28', uoppDue: '2026-01-29', followUpUoppDue: null });
    position = await append(h.store, s, {
      type: 'FollowUpsRevised',
      data: {
        auditId: 'a5', revisedOn: '2026-02-02', cause: 'UOPP', from: 'INADEQUATE', to: 'GOOD', started: [], ended: ['DIP_AUDIT', 'REAUDIT', 'IMPROVEMENT_ESCALATION', 'URGENT_ISSUES'],
        reauditRequired: false, dipAuditDue: null, escalateIfNotImprovedBy: null, urgentIssuesDue: null, uoppDue: '2026-01-29', followUpUoppDue: null,
      },
    });
    await h.runner.waitFor(position);
    expect(await audit('a5')).toMatchObject({ reauditRequired: false, dipAuditDue: null, escalateIfNotImprovedBy: null, urgentIssuesDue: null });
  });

  it('dates the follow-up UoPP 6 weeks on for Inadequate work when the event predates the field', async () => {
    const position = await append(
      h.store,
      'audit-a2',
      allocated(allocation('a2')),
      { type: 'AuditSubmitted', data: { auditId: 'a2', submittedOn: '2026-01-20', overallGrade: 'INADEQUATE', moderationDue: '2026-01-21' } },
      { type: 'ModerationCompleted', data: { auditId: 'a2', completedOn: '2026-01-21', moderatedGrade: 'INADEQUATE' } },
      { type: 'UoPPHeld', data: { auditId: 'a2', heldOn: '2026-01-26', chairId: 'am', attendeeIds: [], from: 'INADEQUATE', revisedGrade: null, rationale: null } },
    );
    await h.runner.waitFor(position);
    expect(await audit('a2')).toMatchObject({ uoppDue: null, followUpUoppDue: '2026-03-09', uoppCount: 1 });
  });

  it('shows a return for rectification, a reallocation and an invalidation', async () => {
    let position = await append(
      h.store,
      'audit-a3',
      allocated(allocation('a3')),
      { type: 'AuditReallocated', data: { auditId: 'a3', fromAuditorId: 'aud', auditorId: 'aud2', fromModeratorId: 'mod', moderatorId: 'mod2', reason: 'exempted', reallocatedById: 'admin' } },
      { type: 'AuditSubmitted', data: { auditId: 'a3', submittedOn: '2026-01-20', overallGrade: 'GOOD', moderationDue: '2026-01-30' } },
      { type: 'AuditReturnedForRectification', data: { auditId: 'a3', returnedById: 'admin', returnedOn: '2026-01-21', reason: 'no rationale', rectifyBy: '2026-01-23' } },
    );
    await h.runner.waitFor(position);
    expect(await audit('a3')).toMatchObject({ auditorId: 'aud2', moderatorId: 'mod2', status: 'RETURNED', rectifyBy: '2026-01-23' });

    position = await append(h.store, 'audit-a3', { type: 'AuditInvalidated', data: { auditId: 'a3', invalidatedById: 'admin', invalidatedOn: '2026-01-22', reason: 'r' } });
    await h.runner.waitFor(position);
    expect(await audit('a3')).toMatchObject({ status: 'INVALIDATED' });
  });

  it('keeps the case facts of the template header, free-text answers, and the escalation to the divisional director', async () => {
    const position = await append(
      h.store,
      'audit-a4',
      {
        ...allocated(allocation('a4')),
        data: { ...(allocated(allocation('a4')).data as object), auditedBefore: true, previousAuditOn: '2025-02-03', ethnicity: 'Bangladeshi', childAge: 4, monthsOpen: 11 },
      },
      { type: 'NarrativeRecorded', data: { auditId: 'a4', section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'Genogram on file' } },
      { type: 'NarrativeRecorded', data: { auditId: 'a4', section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'Genogram on file, shared with dad' } },
      { type: 'ReauditDue', data: { auditId: 'a4', dueOn: '2026-03-04', moderatedGrade: 'REQUIRES_IMPROVEMENT', kind: 'DIP_AUDIT', escalateIfNotImprovedBy: '2026-05-21' } },
      {
        type: 'EscalatedToDivisionalDirector',
        data: { auditId: 'a4', dueOn: '2026-05-21', escalatedOn: '2026-05-22', escalatedById: 'qa', grade: 'REQUIRES_IMPROVEMENT', evidenceAuditId: null, summary: 'No progress' },
      },
    );
    await h.runner.waitFor(position);
    expect(await audit('a4')).toMatchObject({ auditedBefore: true, previousAuditOn: '2025-02-03', ethnicity: 'Bangladeshi', childAge: 4, monthsOpen: 11, escalateIfNotImprovedBy: '2026-05-21' });
    expect(await h.dataSource.getRepository(AuditNarrativeEntity).findBy({ auditId: 'a4' })).toEqual([
      { auditId: 'a4', section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'Genogram on file, shared with dad' },
    ]);
    expect(await h.dataSource.getRepository(DirectorEscalationEntity).findBy({ auditId: 'a4' })).toEqual([
      { auditId: 'a4', dueOn: '2026-05-21', escalatedOn: '2026-05-22', escalatedById: 'qa', grade: 'REQUIRES_IMPROVEMENT', evidenceAuditId: null, summary: 'No progress' },
    ]);
  });

  it('loads an audit with its sections and answers through the relations', async () => {
    const loaded = await h.dataSource.getRepository(AuditEntity).findOneOrFail({ where: { id: 'a1' }, relations: { sections: true, answers: true } });
    expect(loaded.sections.map((section) => section.section).sort()).toEqual(['OVERALL', 'S1']);
    expect(loaded.answers).toHaveLength(2);
  });
});
