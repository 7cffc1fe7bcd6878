import { describe, expect, it } from '@jest/globals';
import type { Action, ActionAudit } from './actions.queries.js';
import { followUpsFor, mayAgreeActions, teamActions } from './follow-ups.js';

const audit: ActionAudit = { id: 'a1', caseRef: 'EH-1', status: 'SUBMITTED', auditorId: 'aud', practitionerId: 'prac', teamManagerId: 'tm' };
const action = (over: Partial<Action> = {}): Action => ({
  id: 'x1',
  auditId: 'a1',
  description: 'Review the plan',
  ownerId: 'prac',
  dueOn: '2027-01-29',
  scope: 'CASE',
  status: 'OPEN',
  overdue: false,
  onCaseRecord: true,
  agreedById: 'aud',
  agreedOn: '2026-12-07',
  lastProgressNote: null,
  lastProgressedOn: null,
  acknowledgedOn: null,
  acknowledgementComment: null,
  closedOn: null,
  closingNote: null,
  ...over,
});

describe("an action's follow-ups offered on its page", () => {
  it('given an open case action owned by the practitioner: they acknowledge, progress and complete it; the team manager progresses, completes and drops it', () => {
    expect(followUpsFor({ staffId: 'prac', roles: ['PRACTITIONER'] }, action(), audit)).toEqual(['acknowledge', 'progress', 'complete']);
    expect(followUpsFor({ staffId: 'tm', roles: ['TEAM_MANAGER'] }, action(), audit)).toEqual(['progress', 'complete', 'drop']);
    expect(followUpsFor({ staffId: 'qa', roles: ['AUDIT_TEAM'] }, action(), audit)).toEqual(['drop']);
    expect(followUpsFor({ staffId: 'aud', roles: ['AUDITOR'] }, action(), audit)).toEqual([]);
  });

  it('given an acknowledged, a learning or a closed action: no acknowledgement (AUD-5), and nothing once closed but the acknowledgement of a done case action', () => {
    expect(followUpsFor({ staffId: 'prac', roles: ['PRACTITIONER'] }, action({ acknowledgedOn: '2026-12-08' }), audit)).toEqual(['progress', 'complete']);
    expect(followUpsFor({ staffId: 'prac', roles: ['PRACTITIONER'] }, action({ scope: 'PRACTITIONER_LEARNING' }), audit)).toEqual(['progress', 'complete']);
    expect(followUpsFor({ staffId: 'prac', roles: ['PRACTITIONER'] }, action({ status: 'DONE' }), audit)).toEqual(['acknowledge']);
    expect(followUpsFor({ staffId: 'tm', roles: ['TEAM_MANAGER'] }, action({ status: 'DROPPED' }), audit)).toEqual([]);
  });

  it('actions are agreed by the auditor, the audit manager or the audit team', () => {
    expect(mayAgreeActions({ staffId: 'aud', roles: ['AUDITOR'] }, audit)).toBe(true);
    expect(mayAgreeActions({ staffId: 'am', roles: ['AUDIT_MANAGER'] }, audit)).toBe(true);
    expect(mayAgreeActions({ staffId: 'aud2', roles: ['AUDITOR'] }, audit)).toBe(false);
    expect(mayAgreeActions({ staffId: 'prac', roles: ['PRACTITIONER'] }, audit)).toBe(false);
  });

  it("a team manager's actions are those of the cases they manage, soonest due first", () => {
    const cycles = [
      { name: 'Dec', audits: [{ ...audit, actions: [action({ id: 'late', dueOn: '2027-03-01' })] }, { ...audit, id: 'a2', teamManagerId: 'other', actions: [action({ id: 'no' })] }] },
      { name: 'Feb', audits: [{ ...audit, id: 'a3', caseRef: 'EH-3', actions: [action({ id: 'soon', dueOn: '2027-01-05' })] }] },
    ];
    expect(teamActions('tm', cycles).map((a) => [a.id, a.caseRef, a.cycle])).toEqual([
      ['soon', 'EH-3', 'Feb'],
      ['late', 'EH-1', 'Dec'],
    ]);
  });
});
