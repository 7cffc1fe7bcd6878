import { describe, expect, it } from '@jest/globals';
import { auditDecider, type AuditCommand } from './decider.js';
import type { AuditEvent } from './events.js';
import { admin, allocated, cmd, fullyGraded, moderatedAudit, spec, submitted } from './test-support/decider-fixtures.js';

// The rules are tested by capability beside them (rules/*.test.ts); here, only that decider.ts routes
// every command and event to one.

/** Every command but AllocateAudit, with no facts: each is for an audit that must exist first. */
const ON_AN_AUDIT: Record<Exclude<AuditCommand['type'], 'AllocateAudit'>, true> = {
  ReallocateAudit: true,
  RecordAnswer: true,
  RecordNarrative: true,
  SetGrade: true,
  MarkSectionNotApplicable: true,
  RecordCollaborativeDiscussion: true,
  RecordFamilyFeedback: true,
  RecordPractitionerFeedback: true,
  SubmitAudit: true,
  ReturnForRectification: true,
  InvalidateAudit: true,
  ModerateGrade: true,
  CompleteModeration: true,
  ApplyModerationSample: true,
  RecordUoPPMeeting: true,
  RaiseDispute: true,
  DiscussDispute: true,
  ResolveDispute: true,
  AgreeAction: true,
  ProgressAction: true,
  CompleteAction: true,
  DropAction: true,
  AcknowledgeAction: true,
  RaiseEscalation: true,
  RecordUrgentIssuesAddressed: true,
  EscalateToDivisionalDirector: true,
  ImportSubmission: true,
  ImportModeration: true,
  ImportUrgentIssuesAddressed: true,
  ImportUoPPMeeting: true,
};

describe('auditDecider', () => {
  it.each(Object.keys(ON_AN_AUDIT))('routes %s to its capability, which finds no audit before allocation', (type) => {
    // The audit team may send every one of them, so the refusal is the missing audit, not the actor.
    const command = cmd<AuditCommand>(type as AuditCommand['type'], { auditId: 'a1' } as AuditCommand['data'], { ...admin, roles: ['AUDIT_TEAM', 'HEAD_OF_SERVICE'] }, '2026-12-10', {} as never);
    spec.given([]).when(command).thenThrows('NOT_FOUND', /^audit a1 does not exist$/);
  });

  it('folds a state that carries what its status means and nothing of another status (audit-state.ts)', () => {
    const fold = (events: AuditEvent[]) => events.reduce(auditDecider.evolve, auditDecider.initialState());
    expect(auditDecider.initialState()).toEqual({ status: 'NOT_ALLOCATED' });
    expect(fold([allocated])).toMatchObject({ status: 'ALLOCATED', submission: null, moderation: null });
    const awaiting = fold([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]);
    expect(awaiting).toMatchObject({ status: 'SUBMITTED', submission: { on: '2026-12-24', grade: 'GOOD' }, moderationDue: '2026-12-31', moderation: null });
    const returnedOn: AuditEvent = {
      type: 'AuditReturnedForRectification',
      data: { auditId: 'a1', returnedById: 'admin', returnedOn: '2026-12-28', reason: 'The rationale does not address the KLOEs', rectifyBy: '2027-01-05' },
    };
    const returned = fold([allocated, ...fullyGraded('GOOD'), submitted('GOOD'), returnedOn]);
    expect(returned).toMatchObject({ status: 'RETURNED', submission: { on: '2026-12-24', grade: 'GOOD' }, rectifyBy: '2027-01-05', moderation: null });
    expect(returned).not.toHaveProperty('moderationDue');
    const moderated = fold(moderatedAudit('GOOD', 'REQUIRES_IMPROVEMENT'));
    expect(moderated).toMatchObject({ status: 'MODERATED', moderation: { on: '2026-12-30', grade: 'REQUIRES_IMPROVEMENT' }, currentGrade: 'REQUIRES_IMPROVEMENT', uoppMeetings: [], disputes: {} });
    expect(moderated).not.toHaveProperty('moderationDue');
  });

  it('an event no rule reads leaves the state as it was', () => {
    const state = auditDecider.evolve(auditDecider.initialState(), allocated);
    const narrative: AuditEvent = { type: 'NarrativeRecorded', data: { auditId: 'a1', section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q2', text: 'Mum said the worker listened' } };
    expect(auditDecider.evolve(state, narrative)).toBe(state);
    expect(auditDecider.evolve(state, { type: 'SomethingNewer', data: {} } as unknown as AuditEvent)).toBe(state);
  });
});
