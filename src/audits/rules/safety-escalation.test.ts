import { describe, expect, it } from '@jest/globals';
import type { StaffFact } from '../../shared/facts.js';
import { type RaiseEscalation } from '../decider.js';
import { spec, admin, auditorActor, staff, teamManager, allocated, moderatorActor, cmd } from '../test-support/decider-fixtures.js';

describe('RaiseEscalation', () => {
  const escalate = (data: Partial<RaiseEscalation['data']> = {}, who = auditorActor, escalatedTo: StaffFact[] = [teamManager, staff('coord', 'eh-hub', 'TEAM_MANAGER')]) =>
    cmd<RaiseEscalation>(
      'RaiseEscalation',
      {
        auditId: 'a1',
        escalationId: 'e1',
        escalatedToIds: ['tm', 'coord'],
        escalatedOn: '2026-12-09',
        concern: 'Younger sibling not seen for 8 weeks',
        immediateActions: 'Visit booked for tomorrow',
        ...data,
      },
      who,
      '2026-12-09',
      { escalatedTo },
    );

  it('records who it went to, when, and the immediate actions', () => {
    spec
      .given([allocated])
      .when(escalate())
      .then([
        {
          type: 'EscalationRaised',
          data: {
            auditId: 'a1',
            escalationId: 'e1',
            raisedById: 'aud',
            escalatedToIds: ['tm', 'coord'],
            escalatedOn: '2026-12-09',
            concern: 'Younger sibling not seen for 8 weeks',
            immediateActions: 'Visit booked for tomorrow',
          },
        },
      ]);
  });

  it('refuses no one to escalate to, unknown people, a future date, an empty concern or immediate actions', () => {
    spec.given([allocated]).when(escalate({ escalatedToIds: [] })).thenThrows('BAD_USER_INPUT', /^escalatedToIds: say who the concern was escalated to/, 'escalatedToIds');
    spec.given([allocated]).when(escalate({ escalatedToIds: ['tm', 'ghost'] })).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
    spec.given([allocated]).when(escalate({ escalatedOn: '2026-12-10' })).thenThrows('BAD_USER_INPUT', /^escalatedOn: must not be in the future/, 'escalatedOn');
    spec.given([allocated]).when(escalate({ concern: '' })).thenThrows('BAD_USER_INPUT', /^concern: must not be empty/, 'concern');
    spec.given([allocated]).when(escalate({ immediateActions: ' ' })).thenThrows('BAD_USER_INPUT', /^immediateActions: must not be empty/, 'immediateActions');
  });

  it('by the auditor or moderator of the audit only', () => {
    spec.given([allocated]).when(escalate({}, moderatorActor)).thenMatches(([e]) => expect(e.data).toMatchObject({ raisedById: 'mod' }));
    spec.given([allocated]).when(escalate({}, admin)).thenThrows('FORBIDDEN', /only the allocated auditor or moderator may record an escalation/);
  });
});
