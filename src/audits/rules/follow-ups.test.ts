import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../../test/support/decider-spec.js';
import { cmd, facts, moderatedAudit, who } from '../../../test/support/audit-fixtures.js';
import { auditDecider, type EscalateToDivisionalDirector, type RecordUoPPMeeting, type RecordUrgentIssuesAddressed, type ResolveDispute } from '../decider.js';
import type { AuditEvent } from '../events.js';
import type { Grade, LocalDate } from '../../shared/domain-types.js';
// Moderated, without the ReauditDue that moderation below Good brings: the decider-fixtures' moderatedAudit.
import { actor, admin, allocated as allocatedEvent, completed, fullyGraded, moderatedAudit as moderatedOnly, submitted, theModeratedAudit } from '../test-support/decider-fixtures.js';

/**
 * AFT-1 and AFT-2 (docs/rules/after-the-audit.md): the follow-ups follow the current grade, whoever
 * set it. Moderation on Wednesday 30 December 2026; the dispute decision on Friday 8 January 2027.
 */
const spec = DeciderSpec.for(auditDecider);

const disputed: AuditEvent[] = [
  { type: 'ModerationDisputed', data: { auditId: 'a1', disputeId: 'd1', raisedById: 'prac', raisedAs: 'PRACTITIONER', raisedOn: '2027-01-04', grade: 'GOOD', reason: 'The plan was not read' } },
  { type: 'DisputeDiscussed', data: { auditId: 'a1', disputeId: 'd1', moderatorId: 'mod', discussedOn: '2027-01-06', resolved: false, note: 'Not settled' } },
];
const resolve = (grade: Grade) =>
  cmd<ResolveDispute>('ResolveDispute', { auditId: 'a1', disputeId: 'd1', grade, rationale: 'Decided on the file' }, who.headOfService, '2027-01-08', {});

const uopp = (data: Partial<RecordUoPPMeeting['data']>, chair = facts.auditor, by: { staffId: string; roles: never[] | string[] } = who.auditor, today = '2027-01-06') =>
  cmd<RecordUoPPMeeting>('RecordUoPPMeeting', { auditId: 'a1', heldOn: today, chairId: chair.id, attendeeIds: ['prac', 'tm', 'aud'], ...data }, by as never, today, {
    chair,
    attendees: [facts.practitioner, facts.teamManager, facts.auditor],
  });

describe('AFT-1: a dispute decision that lowers the work starts every follow-up the grade needs', () => {
  it('Good to Inadequate: dip audit, re-audit, 4-month escalation, UoPP in 3 working days, urgent issues in 2, and the people to tell', () => {
    spec
      .given([...moderatedAudit('GOOD'), ...disputed])
      .when(resolve('INADEQUATE'))
      .thenMatches(([decided, revised, reauditDue, notified, ...rest], state) => {
        expect(decided.type).toBe('DisputeResolved');
        expect(revised).toEqual({
          type: 'FollowUpsRevised',
          data: {
            auditId: 'a1',
            revisedOn: '2027-01-08',
            cause: 'DISPUTE',
            from: 'GOOD',
            to: 'INADEQUATE',
            started: ['DIP_AUDIT', 'IMPROVEMENT_ESCALATION', 'REAUDIT', 'UOPP', 'URGENT_ISSUES'],
            ended: [],
            reauditRequired: true,
            dipAuditDue: '2027-02-19',
            escalateIfNotImprovedBy: '2027-05-08',
            urgentIssuesDue: '2027-01-12',
            uoppDue: '2027-01-13',
            followUpUoppDue: null,
          },
        });
        expect(reauditDue).toEqual({
          type: 'ReauditDue',
          data: { auditId: 'a1', dueOn: '2027-02-19', moderatedGrade: 'INADEQUATE', kind: 'DIP_AUDIT', escalateIfNotImprovedBy: '2027-05-08' },
        });
        expect(notified).toMatchObject({ type: 'NotificationRequired', data: { reason: 'INADEQUATE_DECIDED', notifyBy: '2027-01-08', notifierId: 'hos' } });
        expect(rest).toEqual([]);
        expect(state).toMatchObject({ currentGrade: 'INADEQUATE', reauditRequired: true, dipAuditDue: '2027-02-19', improvementEscalationDue: '2027-05-08', urgentIssuesDue: '2027-01-12', uoppDue: '2027-01-13' });
      });
  });

  it('the chair follows the grade: lowered to Inadequate before the meeting, the audit manager chairs it, not the auditor', () => {
    const given = [...moderatedAudit('GOOD'), ...disputed];
    const lowered = spec.given(given).when(resolve('INADEQUATE')).thenMatches(() => undefined);
    const after = [...given, ...lowered];
    spec.given(after).when(uopp({}, facts.auditor, who.auditor, '2027-01-11')).thenThrows('BAD_USER_INPUT', /^chairId: for Inadequate work the audit manager chairs/, 'chairId');
    spec
      .given(after)
      .when(uopp({ chairId: 'am' }, facts.auditManager, who.auditManager, '2027-01-11'))
      .thenMatches(([held]) => expect(held).toMatchObject({ type: 'UoPPHeld', data: { from: 'INADEQUATE', followUpDue: '2027-02-22' } }));
  });

  it('lowered to Inadequate after the first meeting: a follow-up UoPP 6 weeks after the decision, which may then be held', () => {
    const given = [...moderatedAudit('GOOD')];
    const first = spec.given(given).when(uopp({})).thenMatches(() => undefined);
    const lowered = spec.given([...given, ...first, ...disputed]).when(resolve('INADEQUATE')).thenMatches(([, revised]) => {
      expect(revised.data).toMatchObject({ started: ['DIP_AUDIT', 'IMPROVEMENT_ESCALATION', 'REAUDIT', 'URGENT_ISSUES', 'FOLLOW_UP_UOPP'], uoppDue: '2027-01-07', followUpUoppDue: '2027-02-19' });
    });
    spec
      .given([...given, ...first, ...disputed, ...lowered])
      .when({ ...uopp({ chairId: 'am', attendeeIds: ['prac', 'tm'] }, facts.auditManager, who.auditManager, '2027-02-19') })
      .thenMatches(([held]) => expect(held).toMatchObject({ type: 'UoPPHeld', data: { meeting: 'FOLLOW_UP', from: 'INADEQUATE' } }));
  });

  it('a decision that keeps the grade changes no follow-up', () => {
    spec.given([...moderatedAudit('REQUIRES_IMPROVEMENT'), ...disputed]).when(resolve('REQUIRES_IMPROVEMENT')).thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['DisputeResolved']));
  });
});

describe('AFT-2: a grade raised to Good or better ends the follow-ups that no longer apply', () => {
  it('a dispute decision RI to Good ends the dip audit, the re-audit and the 4-month escalation; the escalation is then refused', () => {
    const given = [...moderatedAudit('REQUIRES_IMPROVEMENT'), ...disputed];
    const raised = spec
      .given(given)
      .when(resolve('GOOD'))
      .thenMatches(([, revised, ...rest], state) => {
        expect(revised.data).toMatchObject({
          from: 'REQUIRES_IMPROVEMENT',
          to: 'GOOD',
          started: [],
          ended: ['DIP_AUDIT', 'REAUDIT', 'IMPROVEMENT_ESCALATION'],
          reauditRequired: false,
          dipAuditDue: null,
          escalateIfNotImprovedBy: null,
        });
        expect(rest).toEqual([]);
        expect(state).toMatchObject({ reauditRequired: false, dipAuditDue: null, improvementEscalationDue: null });
      });
    const escalate = cmd<EscalateToDivisionalDirector>('EscalateToDivisionalDirector', { auditId: 'a1', summary: 'Not improved' }, who.admin, '2027-05-10', { followUps: [] });
    spec.given([...given, ...raised]).when(escalate).thenThrows('CONFLICT', /only work moderated below Good, with a re-audit due, can be escalated/);
  });

  it('a UoPP meeting that raises Inadequate to RI ends nothing: the plan for Inadequate work runs until the work is Good', () => {
    spec
      .given(moderatedAudit('INADEQUATE'))
      .when(uopp({ chairId: 'am', revisedGrade: 'REQUIRES_IMPROVEMENT', rationale: 'Safety plan in place' }, facts.auditManager, who.auditManager, '2027-01-04'))
      .thenMatches((events, state) => {
        expect(events.map((e) => e.type)).toEqual(['UoPPHeld']);
        expect(state).toMatchObject({ currentGrade: 'REQUIRES_IMPROVEMENT', followUpUoppDue: '2027-02-15', urgentIssuesDue: '2027-01-04', dipAuditDue: '2027-02-10' });
      });
  });

  it('a UoPP meeting that raises Inadequate to Good ends the urgent issues, the follow-up meeting and the rest; the follow-up is then refused', () => {
    const given = moderatedAudit('INADEQUATE');
    const raised = spec
      .given(given)
      .when(uopp({ chairId: 'am', revisedGrade: 'GOOD', rationale: 'Every action done' }, facts.auditManager, who.auditManager, '2027-01-04'))
      .thenMatches(([held, revised, ...rest]) => {
        expect(held).toMatchObject({ type: 'UoPPHeld', data: { followUpDue: '2027-02-15' } });
        expect(revised.data).toMatchObject({ cause: 'UOPP', ended: ['DIP_AUDIT', 'REAUDIT', 'IMPROVEMENT_ESCALATION', 'URGENT_ISSUES', 'FOLLOW_UP_UOPP'], followUpUoppDue: null, urgentIssuesDue: null });
        expect(rest).toEqual([]);
      });
    spec
      .given([...given, ...raised])
      .when(uopp({ chairId: 'am', attendeeIds: ['prac', 'tm'] }, facts.auditManager, who.auditManager, '2027-02-15'))
      .thenThrows('CONFLICT', /a follow-up meeting is only for Inadequate work/);
  });

  it('urgent issues already addressed stay addressed: nothing to end', () => {
    const addressed: AuditEvent = { type: 'UrgentIssuesAddressed', data: { auditId: 'a1', addressedById: 'tm', addressedOn: '2027-01-04', dueOn: '2027-01-04', summary: 'Safety plan' } };
    spec
      .given([...moderatedAudit('INADEQUATE'), addressed, ...disputed])
      .when(resolve('GOOD'))
      .thenMatches(([, revised]) => expect(revised.data).toMatchObject({ ended: ['DIP_AUDIT', 'REAUDIT', 'IMPROVEMENT_ESCALATION'], urgentIssuesDue: '2027-01-04' }));
  });
});

describe('AFT-3: UoPP minimum attendance', () => {
  it('the team manager, the practitioner and the auditor at least; the chair counts as attending', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ attendeeIds: ['prac', 'tm'] })).thenMatches(([held]) => expect(held.type).toBe('UoPPHeld'));
    spec
      .given(moderatedAudit('GOOD'))
      .when(uopp({ attendeeIds: ['tm'] }))
      .thenThrows('BAD_USER_INPUT', /^attendeeIds: a UoPP meeting is attended at least by the team manager, practitioner, auditor \(000 "Who should attend\?", rule AFT-3\): missing the practitioner \(prac\)$/, 'attendeeIds');
    spec
      .given(moderatedAudit('INADEQUATE'))
      .when(uopp({ chairId: 'am', attendeeIds: ['tm'] }, facts.auditManager, who.auditManager, '2027-01-04'))
      .thenThrows('BAD_USER_INPUT', /missing the practitioner \(prac\), the auditor \(aud\)$/, 'attendeeIds');
  });

  it('the follow-up on Inadequate work: the team manager and the practitioner at least', () => {
    const given = moderatedAudit('INADEQUATE');
    const first = spec.given(given).when(uopp({ chairId: 'am' }, facts.auditManager, who.auditManager, '2027-01-04')).thenMatches(() => undefined);
    spec
      .given([...given, ...first])
      .when(uopp({ chairId: 'am', attendeeIds: ['tm'] }, facts.auditManager, who.auditManager, '2027-02-15'))
      .thenThrows('BAD_USER_INPUT', /^attendeeIds: the follow-up UoPP meeting is attended at least by the team manager, practitioner .*missing the practitioner \(prac\)$/, 'attendeeIds');
  });
});

describe('RecordUrgentIssuesAddressed', () => {
  // Moderated Inadequate on Wednesday 30 December 2026: urgent issues due 2 working days on, Monday 4 January 2027.
  const inadequate: AuditEvent[] = [
    allocatedEvent,
    ...fullyGraded('INADEQUATE'),
    submitted('INADEQUATE', '2026-12-24', '2026-12-29'),
    completed('INADEQUATE', '2026-12-30', 'INADEQUATE', '2027-01-05', '2027-01-04'),
  ];
  const addressed = (today: LocalDate, data: Partial<RecordUrgentIssuesAddressed['data']> = {}, who = actor('tm', 'TEAM_MANAGER')) =>
    cmd<RecordUrgentIssuesAddressed>('RecordUrgentIssuesAddressed', { auditId: 'a1', summary: ' Safety plan reviewed with the family ', ...data }, who, today, {});
  const event = (addressedOn: LocalDate): AuditEvent => ({
    type: 'UrgentIssuesAddressed',
    data: { auditId: 'a1', addressedById: 'tm', addressedOn, dueOn: '2027-01-04', summary: 'Safety plan reviewed with the family' },
  });

  it('the case’s team manager records the urgent issues of Inadequate work as addressed, with the deadline it met', () => {
    spec.given(inadequate).when(addressed('2026-12-31')).then([event('2026-12-31')]);
  });

  it('records it late too, against the same deadline: missing it is for the tracker to show, not a reason to refuse', () => {
    spec.given(inadequate).when(addressed('2027-01-06')).then([event('2027-01-06')]);
  });

  it('and the state keeps the day it was done', () => {
    const state = [...inadequate, event('2026-12-31')].reduce(auditDecider.evolve, auditDecider.initialState());
    expect(theModeratedAudit(state).urgentIssuesAddressedOn).toBe('2026-12-31');
  });

  it('refuses anyone but the case’s team manager', () => {
    spec.given(inadequate).when(addressed('2026-12-31', {}, actor('tm2', 'TEAM_MANAGER'))).thenThrows('FORBIDDEN', /^only the team manager of the case may record/);
    spec.given(inadequate).when(addressed('2026-12-31', {}, admin)).thenThrows('FORBIDDEN', /^only the team manager of the case may record/);
  });

  it('refuses before moderation, for work not moderated Inadequate, twice, without a summary, and an unknown audit', () => {
    spec.given([allocatedEvent, ...fullyGraded('INADEQUATE'), submitted('INADEQUATE', '2026-12-24', '2026-12-29')]).when(addressed('2026-12-31')).thenThrows('CONFLICT', /^the audit is SUBMITTED: urgent issues can be recorded as addressed only while/);
    spec.given(moderatedOnly('REQUIRES_IMPROVEMENT')).when(addressed('2026-12-31')).thenThrows('CONFLICT', /^audit a1 has no urgent issues to address: they follow work moderated Inadequate$/);
    spec.given([...inadequate, event('2026-12-31')]).when(addressed('2027-01-02')).thenThrows('CONFLICT', /^the urgent issues of audit a1 were already recorded as addressed on 2026-12-31$/);
    spec.given(inadequate).when(addressed('2026-12-31', { summary: '  ' })).thenThrows('BAD_USER_INPUT', /^summary: /, 'summary');
    spec.given([]).when(addressed('2026-12-31')).thenThrows('NOT_FOUND', /^audit a1 does not exist$/);
  });
});

describe('EscalateToDivisionalDirector (000: not improved by 4 months)', () => {
  const reauditDue: AuditEvent = {
    type: 'ReauditDue',
    data: { auditId: 'a1', dueOn: '2027-02-10', moderatedGrade: 'REQUIRES_IMPROVEMENT', kind: 'DIP_AUDIT', escalateIfNotImprovedBy: '2027-04-30' },
  };
  const given = [...moderatedOnly('REQUIRES_IMPROVEMENT'), reauditDue];
  const escalate = (followUps: EscalateToDivisionalDirector['followUps'] = [], today: LocalDate = '2027-04-30', who = admin, summary = 'Plan drifted: no supervision since February') =>
    cmd<EscalateToDivisionalDirector>('EscalateToDivisionalDirector', { auditId: 'a1', summary }, who, today, { followUps });
  const escalated = (grade: Grade, evidenceAuditId: string | null): AuditEvent => ({
    type: 'EscalatedToDivisionalDirector',
    data: { auditId: 'a1', dueOn: '2027-04-30', escalatedOn: '2027-04-30', escalatedById: 'admin', grade, evidenceAuditId, summary: 'Plan drifted: no supervision since February' },
  });

  it('the ReauditDue date is when the work must have improved by', () => {
    spec.given(moderatedOnly('REQUIRES_IMPROVEMENT')).when(escalate()).thenThrows('CONFLICT', /only work moderated below Good, with a re-audit due/);
    expect(theModeratedAudit(given.reduce(auditDecider.evolve, auditDecider.initialState())).improvementEscalationDue).toBe('2027-04-30');
  });

  it('escalates on the day, on the latest graded dip audit or re-audit still below Good', () => {
    const followUps = [
      { auditId: 'dip1', status: 'MODERATED' as const, currentGrade: 'REQUIRES_IMPROVEMENT' as const },
      // Allocated but not yet submitted: its draft grade is no evidence.
      { auditId: 're1', status: 'ALLOCATED' as const, currentGrade: 'GOOD' as const },
    ];
    spec.given(given).when(escalate(followUps)).thenMatches(([event], state) => {
      expect(event).toEqual(escalated('REQUIRES_IMPROVEMENT', 'dip1'));
      expect(theModeratedAudit(state).escalatedToDirectorOn).toBe('2027-04-30');
    });
  });

  it('with no graded follow-up, the audit’s own grade is the evidence that the work has not improved', () => {
    spec.given(given).when(escalate()).then([escalated('REQUIRES_IMPROVEMENT', null)]);
  });

  it('refuses work that has improved, before the date, and twice', () => {
    spec
      .given(given)
      .when(escalate([{ auditId: 'dip1', status: 'SUBMITTED', currentGrade: 'GOOD' }]))
      .thenThrows('CONFLICT', /^the work has improved \(GOOD in the follow-up audit dip1\): only work still below Good is escalated$/);
    spec.given(given).when(escalate([], '2027-04-29')).thenThrows('CONFLICT', /^the work has until 2027-04-30 \(4 months after moderation\) to improve before it is escalated$/);
    spec.given([...given, escalated('REQUIRES_IMPROVEMENT', null)]).when(escalate([], '2027-05-03')).thenThrows('CONFLICT', /already escalated to the divisional director on 2027-04-30/);
  });

  it('needs a summary, the audit team, and an audit that exists', () => {
    spec.given(given).when(escalate([], '2027-04-30', admin, ' ')).thenThrows('BAD_USER_INPUT', /^summary: must not be empty$/, 'summary');
    spec.given(given).when(escalate([], '2027-04-30', actor('am', 'AUDIT_MANAGER'))).thenThrows('FORBIDDEN', /^only AUDIT_TEAM may escalate work to the divisional director$/);
    spec.given([]).when(escalate()).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });
});
