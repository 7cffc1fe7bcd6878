import { describe, expect, it } from '@jest/globals';
import { type Role } from '../../shared/domain-types.js';
import type { StaffFact } from '../../shared/facts.js';
import { type AgreeAction, type CompleteAction, type DropAction, type ProgressAction } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { spec, actor, admin, auditorActor, practitioner, allocated, cmd, theAudit } from '../test-support/decider-fixtures.js';

describe('SMART actions', () => {
  const owner = practitioner;
  const agree = (data: Partial<AgreeAction['data']> = {}, who = auditorActor, ownerFact: StaffFact | null = owner) =>
    cmd<AgreeAction>(
      'AgreeAction',
      { auditId: 'a1', actionId: 'x1', description: 'Explore a genogram with the family', ownerId: 'prac', dueOn: '2026-12-18', scope: 'CASE', ...data },
      who,
      '2026-12-10',
      { owner: ownerFact },
    );
  const agreed = (scope: 'CASE' | 'PRACTITIONER_LEARNING' = 'CASE'): AuditEvent => ({
    type: 'ActionAgreed',
    data: { auditId: 'a1', actionId: 'x1', description: 'Explore a genogram with the family', ownerId: 'prac', dueOn: '2026-12-18', scope, onCaseRecord: scope === 'CASE', agreedById: 'aud', agreedOn: '2026-12-10' },
  });

  it('the auditor agrees a case action with an owner and a calendar date; it goes on the case record', () => {
    spec.given([allocated]).when(agree()).then([agreed()]);
  });

  it('a learning action never goes on the case record', () => {
    spec.given([allocated]).when(agree({ scope: 'PRACTITIONER_LEARNING' })).then([agreed('PRACTITIONER_LEARNING')]);
  });

  it('due today is fine; a past date, a period or no date is not', () => {
    spec.given([allocated]).when(agree({ dueOn: '2026-12-10' })).thenMatches(([e]) => expect(e.data).toMatchObject({ dueOn: '2026-12-10' }));
    spec.given([allocated]).when(agree({ dueOn: '2026-12-09' })).thenThrows('BAD_USER_INPUT', /^dueOn: must not be in the past \(today is 2026-12-10\)/, 'dueOn');
    spec.given([allocated]).when(agree({ dueOn: 'within 5 days' })).thenThrows('BAD_USER_INPUT', /^dueOn: must be a calendar date such as 2026-06-04, not a period/, 'dueOn');
  });

  it('requires a description, a known owner and a scope', () => {
    spec.given([allocated]).when(agree({ description: ' ' })).thenThrows('BAD_USER_INPUT', /^description: must not be empty/, 'description');
    spec.given([allocated]).when(agree({ ownerId: 'ghost' }, auditorActor, null)).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
    spec.given([allocated]).when(agree({ scope: 'FAMILY' as 'CASE' })).thenThrows('BAD_USER_INPUT', /^scope: must be one of CASE, PRACTITIONER_LEARNING, TEAM_LEARNING, SERVICE_LEARNING/, 'scope');
  });

  it('agreed by the auditor, the audit manager or the audit team; not on an invalidated audit; ids unique', () => {
    spec.given([allocated]).when(agree({}, actor('prac', 'PRACTITIONER'))).thenThrows('FORBIDDEN', /only the allocated auditor, the audit manager or the audit team may agree actions/);
    spec.given([allocated]).when(agree({}, actor('am', 'AUDIT_MANAGER'))).thenMatches(([e]) => expect(e.data).toMatchObject({ agreedById: 'am' }));
    spec.given([allocated, { type: 'AuditInvalidated', data: { auditId: 'a1', invalidatedById: 'admin', invalidatedOn: '2026-12-11', reason: 'x' } }]).when(agree()).thenThrows('CONFLICT', /INVALIDATED/);
    spec.given([allocated, agreed()]).when(agree()).thenThrows('CONFLICT', /action x1 already exists/);
  });

  const follow = <C extends ProgressAction | CompleteAction | DropAction>(type: C['type'], data: Omit<C['data'], 'auditId' | 'actionId'>, who: { staffId: string; roles: Role[] }) =>
    cmd<C>(type, { auditId: 'a1', actionId: 'x1', ...data } as C['data'], who, '2026-12-15', {} as Omit<C, 'type' | 'data' | 'actor' | 'today' | 'calendar'>);

  it('the owner or their supervisor update progress and complete it', () => {
    spec
      .given([allocated, agreed()])
      .when(follow<ProgressAction>('ProgressAction', { note: 'Genogram started at the home visit' }, actor('prac', 'PRACTITIONER')))
      .then([{ type: 'ActionProgressed', data: { auditId: 'a1', actionId: 'x1', note: 'Genogram started at the home visit', progressedById: 'prac', progressedOn: '2026-12-15' } }]);
    spec
      .given([allocated, agreed()])
      .when(follow<CompleteAction>('CompleteAction', { note: null }, actor('tm', 'TEAM_MANAGER')))
      .thenMatches(([event], state) => {
        expect(event).toEqual({ type: 'ActionCompleted', data: { auditId: 'a1', actionId: 'x1', note: null, completedById: 'tm', completedOn: '2026-12-15' } });
        expect(theAudit(state).actions.x1.status).toBe('DONE');
      });
  });

  it('refuses others, an empty note, an unknown action, and a closed action', () => {
    spec.given([allocated, agreed()]).when(follow<ProgressAction>('ProgressAction', { note: 'x' }, auditorActor)).thenThrows('FORBIDDEN', /only the action's owner or their supervisor may update it/);
    spec.given([allocated, agreed()]).when(follow<ProgressAction>('ProgressAction', { note: ' ' }, actor('prac', 'PRACTITIONER'))).thenThrows('BAD_USER_INPUT', /^note: must not be empty/, 'note');
    spec.given([allocated]).when(follow<ProgressAction>('ProgressAction', { note: 'x' }, actor('prac', 'PRACTITIONER'))).thenThrows('NOT_FOUND', /action x1 does not exist/);
    const done: AuditEvent = { type: 'ActionCompleted', data: { auditId: 'a1', actionId: 'x1', note: null, completedById: 'prac', completedOn: '2026-12-14' } };
    spec.given([allocated, agreed(), done]).when(follow<ProgressAction>('ProgressAction', { note: 'x' }, actor('prac', 'PRACTITIONER'))).thenThrows('CONFLICT', /action x1 is DONE: only an OPEN action can change/);
  });

  it('dropping needs the supervisor or the audit team, and a reason', () => {
    spec
      .given([allocated, agreed()])
      .when(follow<DropAction>('DropAction', { reason: 'Case closed: family moved out of borough' }, actor('tm', 'TEAM_MANAGER')))
      .then([{ type: 'ActionDropped', data: { auditId: 'a1', actionId: 'x1', reason: 'Case closed: family moved out of borough', droppedById: 'tm', droppedOn: '2026-12-15' } }]);
    spec.given([allocated, agreed()]).when(follow<DropAction>('DropAction', { reason: 'x' }, actor('prac', 'PRACTITIONER'))).thenThrows('FORBIDDEN', /only the case's team manager or the audit team may drop an action/);
    spec.given([allocated, agreed()]).when(follow<DropAction>('DropAction', { reason: '' }, admin)).thenThrows('BAD_USER_INPUT', /^reason: must not be empty/, 'reason');
  });
});
