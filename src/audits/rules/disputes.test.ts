import { describe, expect, it } from '@jest/globals';
import { OVERALL, type Grade, type LocalDate, type Role } from '../../shared/domain-types.js';
import { type DiscussDispute, type RaiseDispute, type ResolveDispute } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { spec, actor, admin, auditorActor, allocated, fullyGraded, moderatorActor, cmd, submitted, moderatedAudit, theModeratedAudit } from '../test-support/decider-fixtures.js';

describe('Disputes', () => {
  const raise = (who: { staffId: string; roles: Role[] }, reason = 'The moderator did not see the updated plan', facts: Partial<Pick<RaiseDispute, 'actorTeam' | 'caseTeam'>> = {}) =>
    cmd<RaiseDispute>('RaiseDispute', { auditId: 'a1', disputeId: 'd1', reason }, who, '2027-01-04', facts);
  const raised = (raisedById = 'prac', raisedAs: 'PRACTITIONER' | 'TEAM_MANAGER' | 'EH_COORDINATOR_LEAD' = 'PRACTITIONER'): AuditEvent => ({
    type: 'ModerationDisputed',
    data: { auditId: 'a1', disputeId: 'd1', raisedById, raisedAs, raisedOn: '2027-01-04', grade: 'REQUIRES_IMPROVEMENT', reason: 'The moderator did not see the updated plan' },
  });
  const discuss = (resolved: boolean, who = moderatorActor, note = 'Discussed on Teams with the practitioner') =>
    cmd<DiscussDispute>('DiscussDispute', { auditId: 'a1', disputeId: 'd1', resolved, note }, who, '2027-01-06', {});
  const discussed = (resolved: boolean): AuditEvent => ({
    type: 'DisputeDiscussed',
    data: { auditId: 'a1', disputeId: 'd1', moderatorId: 'mod', discussedOn: '2027-01-06', resolved, note: 'Discussed on Teams with the practitioner' },
  });
  const resolve = (who: { staffId: string; roles: Role[] }, grade: Grade = 'GOOD', rationale = 'The plan was updated before the audit') =>
    cmd<ResolveDispute>('ResolveDispute', { auditId: 'a1', disputeId: 'd1', grade, rationale }, who, '2027-01-08', {});
  const given = moderatedAudit('GOOD', 'REQUIRES_IMPROVEMENT');

  it('the practitioner or the team manager raise a dispute after moderation', () => {
    spec.given(given).when(raise(actor('prac', 'PRACTITIONER'))).then([raised()]);
    spec.given(given).when(raise(actor('tm', 'TEAM_MANAGER'))).then([raised('tm', 'TEAM_MANAGER')]);
  });

  it('PPL-1: the EH coordinator lead of the case’s service; a team manager of another team no longer stands in for them', () => {
    const caseTeam = { id: 'eh-hub', service: 'Early Help' };
    spec.given(given).when(raise(actor('coord', 'EH_COORDINATOR_LEAD'), undefined, { actorTeam: { id: 'ei', service: 'Early Help' }, caseTeam })).then([raised('coord', 'EH_COORDINATOR_LEAD')]);
    spec
      .given(given)
      .when(raise(actor('coord', 'EH_COORDINATOR_LEAD'), undefined, { actorTeam: { id: 'yjs', service: 'Youth Justice' }, caseTeam }))
      .thenThrows('FORBIDDEN', /only the practitioner, team manager or EH coordinator lead of the case may dispute/);
    spec
      .given(given)
      .when(raise(actor('tm2', 'TEAM_MANAGER'), undefined, { actorTeam: { id: 'ei', service: 'Early Help' }, caseTeam }))
      .thenThrows('FORBIDDEN', /only the practitioner, team manager or EH coordinator lead of the case may dispute/);
  });

  it('refuses anyone else, before moderation, without a reason, and a second open dispute', () => {
    spec.given(given).when(raise(auditorActor)).thenThrows('FORBIDDEN', /only the practitioner, team manager or EH coordinator lead/);
    spec.given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]).when(raise(actor('prac', 'PRACTITIONER'))).thenThrows('CONFLICT', /the audit is SUBMITTED: the moderation can be disputed only while it is MODERATED/);
    spec.given(given).when(raise(actor('prac', 'PRACTITIONER'), '')).thenThrows('BAD_USER_INPUT', /^reason: must not be empty/, 'reason');
    spec
      .given([...given, raised()])
      .when({ ...raise(actor('tm', 'TEAM_MANAGER')), data: { auditId: 'a1', disputeId: 'd2', reason: 'x' } })
      .thenThrows('CONFLICT', /dispute d1 about this audit is still open/);
  });

  it('the moderator discusses it; a settled dispute changes no grade', () => {
    spec.given([...given, raised()]).when(discuss(true)).thenMatches(([event], state) => {
      expect(event).toEqual(discussed(true));
      expect(theModeratedAudit(state).currentGrade).toBe('REQUIRES_IMPROVEMENT');
      expect(theModeratedAudit(state).disputes.d1.status).toBe('SETTLED');
    });
    spec.given([...given, raised()]).when(discuss(false, auditorActor)).thenThrows('FORBIDDEN', /only the allocated moderator may discuss a dispute/);
    spec.given([...given, raised()]).when(discuss(false, moderatorActor, ' ')).thenThrows('BAD_USER_INPUT', /^note: must not be empty/, 'note');
    spec.given([...given, raised(), discussed(false)]).when(discuss(true)).thenThrows('CONFLICT', /dispute d1 was already discussed \(UNRESOLVED\)/);
    spec.given(given).when(discuss(true)).thenThrows('NOT_FOUND', /dispute d1 does not exist/);
  });

  it('unresolved: the head of service decides, a grade change of source DISPUTE', () => {
    spec
      .given([...given, raised(), discussed(false)])
      .when(resolve(actor('hos', 'HEAD_OF_SERVICE')))
      .thenMatches(([event], state) => {
        expect(event).toEqual({
          type: 'DisputeResolved',
          data: {
            auditId: 'a1',
            disputeId: 'd1',
            section: OVERALL,
            source: 'DISPUTE',
            from: 'REQUIRES_IMPROVEMENT',
            to: 'GOOD',
            rationale: 'The plan was updated before the audit',
            decidedById: 'hos',
            decidedAs: 'HEAD_OF_SERVICE',
            decidedOn: '2027-01-08',
          },
        });
        expect(theModeratedAudit(state).currentGrade).toBe('GOOD');
      });
    spec.given([...given, raised(), discussed(false)]).when(resolve(admin, 'REQUIRES_IMPROVEMENT')).thenMatches(([event]) => expect(event.data).toMatchObject({ decidedAs: 'AUDIT_TEAM', from: 'REQUIRES_IMPROVEMENT', to: 'REQUIRES_IMPROVEMENT' }));
  });

  it('the decision: only by the head of service or audit team, only after an unresolved discussion, with a rationale', () => {
    spec.given([...given, raised(), discussed(false)]).when(resolve(moderatorActor)).thenThrows('FORBIDDEN', /only HEAD_OF_SERVICE or AUDIT_TEAM may decide an unresolved dispute/);
    spec.given([...given, raised()]).when(resolve(admin)).thenThrows('CONFLICT', /dispute d1 must first be discussed with the moderator/);
    spec.given([...given, raised(), discussed(true)]).when(resolve(admin)).thenThrows('CONFLICT', /dispute d1 is already settled/);
    spec.given([...given, raised(), discussed(false)]).when(resolve(admin, 'GOOD', '')).thenThrows('BAD_USER_INPUT', /^rationale: must not be empty/, 'rationale');
  });
});

describe('A further dispute after one was settled or decided', () => {
  const raise = (disputeId: string, who = actor('prac', 'PRACTITIONER'), today: LocalDate = '2027-01-04') =>
    cmd<RaiseDispute>('RaiseDispute', { auditId: 'a1', disputeId, reason: 'The grade does not reflect the plan' }, who, today, {});
  const disputed = (disputeId: string, grade: Grade): AuditEvent => ({
    type: 'ModerationDisputed',
    data: { auditId: 'a1', disputeId, raisedById: 'prac', raisedAs: 'PRACTITIONER', raisedOn: '2027-01-04', grade, reason: 'The grade does not reflect the plan' },
  });
  const discussed = (disputeId: string, resolved: boolean): AuditEvent => ({
    type: 'DisputeDiscussed',
    data: { auditId: 'a1', disputeId, moderatorId: 'mod', discussedOn: '2027-01-05', resolved, note: 'Talked it through' },
  });
  const decided = (disputeId: string, from: Grade, to: Grade): AuditEvent => ({
    type: 'DisputeResolved',
    data: { auditId: 'a1', disputeId, section: OVERALL, source: 'DISPUTE', from, to, rationale: 'Final', decidedById: 'hos', decidedAs: 'HEAD_OF_SERVICE', decidedOn: '2027-01-06' },
  });
  const raisedGrade: AuditEvent = {
    type: 'UoPPHeld',
    data: { auditId: 'a1', heldOn: '2027-01-07', chairId: 'aud', attendeeIds: ['prac'], from: 'REQUIRES_IMPROVEMENT', revisedGrade: 'GOOD', rationale: 'Plan now working', meeting: 'INITIAL', linkedPlan: null, followUpDue: null },
  };
  const ri = moderatedAudit('REQUIRES_IMPROVEMENT');

  it('refuses raising the same grade again once settled, naming the rule', () => {
    spec
      .given([...ri, disputed('d1', 'REQUIRES_IMPROVEMENT'), discussed('d1', true)])
      .when(raise('d2', actor('tm', 'TEAM_MANAGER')))
      .thenThrows('CONFLICT', /^dispute d1 was already settled with the grade at REQUIRES_IMPROVEMENT: a further dispute may be raised only once the grade has changed since then$/);
  });

  it('refuses raising it again once decided, even when the decision changed the grade', () => {
    spec
      .given([...ri, disputed('d1', 'REQUIRES_IMPROVEMENT'), discussed('d1', false), decided('d1', 'REQUIRES_IMPROVEMENT', 'INADEQUATE')])
      .when(raise('d2'))
      .thenThrows('CONFLICT', /^dispute d1 was already decided with the grade at INADEQUATE: a further dispute may be raised only once the grade has changed since then$/);
  });

  it('allows one further dispute once the grade has changed since, and no more until it changes again', () => {
    const afterUopp = [...ri, disputed('d1', 'REQUIRES_IMPROVEMENT'), discussed('d1', true), raisedGrade];
    spec.given(afterUopp).when(raise('d2', actor('prac', 'PRACTITIONER'), '2027-01-08')).thenMatches(([event], state) => {
      expect(event.data).toMatchObject({ disputeId: 'd2', grade: 'GOOD' });
      expect(theModeratedAudit(state).disputeOrder).toEqual(['d1', 'd2']);
    });
    spec
      .given([...afterUopp, disputed('d2', 'GOOD'), discussed('d2', false), decided('d2', 'GOOD', 'GOOD')])
      .when(raise('d3'))
      .thenThrows('CONFLICT', /^dispute d2 was already decided with the grade at GOOD/);
  });
});
