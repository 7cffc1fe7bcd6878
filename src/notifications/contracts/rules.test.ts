import { describe, expect, it } from '@jest/globals';
import type { Directory, Person, Team } from './recipients.js';
import { decideMessages, type AuditFacts, type Decision, type EventInput, type RuleContext } from './rules.js';

/** Given a directory and what is known of the audit, when an event happens, then exactly these people are told. */

const person = (id: string, teamId: string | null, roles: string[]): Person => ({ id, name: `${id[0].toUpperCase()}${id.slice(1)} Surname`, email: `${id}@council.example`, teamId, roles, left: false });
const teams: Team[] = [
  { id: 'north', name: 'North', service: 'Early Help' },
  { id: 'south', name: 'South', service: 'Early Help' },
  { id: 'youth', name: 'Youth', service: 'Targeted Youth' },
];
const staff: Person[] = [
  person('prac', 'north', ['PRACTITIONER']),
  person('tm', 'north', ['TEAM_MANAGER']),
  person('tmsouth', 'south', ['TEAM_MANAGER']),
  person('tmyouth', 'youth', ['TEAM_MANAGER']),
  person('aud', 'south', ['AUDITOR']),
  person('mod', null, ['MODERATOR']),
  person('am', null, ['AUDIT_MANAGER']),
  person('qa', null, ['AUDIT_TEAM']),
  person('hos', null, ['HEAD_OF_SERVICE']),
];
const directoryOf = (people: Person[]): Directory => ({ people: new Map(people.map((p) => [p.id, p])), teams: new Map(teams.map((t) => [t.id, t])) });
const audit: AuditFacts = {
  auditId: 'a1',
  caseRef: 'EH-1',
  cycleId: 'c1',
  teamId: 'north',
  practitionerId: 'prac',
  teamManagerId: 'tm',
  auditorId: 'aud',
  moderatorId: 'mod',
  moderationChanges: 0,
  disputeRaisers: {},
  currentGrade: null,
};

function given(context: Partial<RuleContext> = {}) {
  const full: RuleContext = { directory: directoryOf(staff), audit, cycle: null, dipSample: null, ...context };
  return {
    when: (event: EventInput) => ({
      then: (expected: Record<string, string[]>) => {
        const decided: Decision[] = decideMessages(event, full);
        expect(Object.fromEntries(decided.map((d) => [d.rule, d.to.map((r) => r.staffId)]))).toEqual(expected);
        return decided;
      },
    }),
  };
}

describe('who is told what', () => {
  it('allocation (000 "Audits"): practitioner and team manager with the KLOEs; the auditor; the moderator', () => {
    const [practitioner] = given({ audit: null, cycle: { id: 'c1', name: 'Early Help 2026-12', month: '2026-12', kloes: ['Voice of the child'], moderationDue: '2026-12-31' } })
      .when({ type: 'AuditAllocated', data: { auditId: 'a1', caseRef: 'EH-1', cycleId: 'c1', teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' } })
      .then({ ALLOCATED_PRACTITIONER: ['prac', 'tm'], ALLOCATED_AUDITOR: ['aud'], ALLOCATED_MODERATOR: ['mod'] });
    expect(practitioner.facts).toMatchObject({ kloes: ['Voice of the child'], practitionerFirstName: 'Prac', moderationDue: '2026-12-31' });
  });

  it('a reallocation tells only the new auditor or moderator', () => {
    given()
      .when({ type: 'AuditReallocated', data: { auditId: 'a1', fromAuditorId: 'aud', auditorId: 'tmyouth', fromModeratorId: 'mod', moderatorId: 'mod' } })
      .then({ ALLOCATED_AUDITOR: ['tmyouth'] });
  });

  it('submission (000 "Moderation"): moderator, practitioner, team manager, the audit team copied', () => {
    given().when({ type: 'AuditSubmitted', data: { auditId: 'a1', moderationDue: '2026-12-31' } }).then({ AUDIT_SUBMITTED: ['mod', 'prac', 'tm', 'qa'] });
  });

  it('Inadequate (000): the five at once; the coordinator lead is a team manager of another team of the service while the role does not exist', () => {
    const recipients = [
      { role: 'PRACTITIONER', staffId: 'prac' },
      { role: 'TEAM_MANAGER', staffId: 'tm' },
      { role: 'EH_COORDINATOR_LEAD', staffId: null },
      { role: 'AUDIT_MANAGER', staffId: null },
      { role: 'HEAD_OF_SERVICE', staffId: null },
    ];
    given().when({ type: 'NotificationRequired', data: { auditId: 'a1', reason: 'INADEQUATE_SUBMITTED', recipients } }).then({ INADEQUATE_SUBMITTED: ['prac', 'tm', 'tmsouth', 'am', 'hos'] });
    // Once EH_COORDINATOR_LEAD exists, its holders in the case's service are told instead of the stand-in.
    const withLead = directoryOf([...staff, person('lead', 'south', ['EH_COORDINATOR_LEAD']), person('lead2', 'youth', ['EH_COORDINATOR_LEAD'])]);
    given({ directory: withLead })
      .when({ type: 'NotificationRequired', data: { auditId: 'a1', reason: 'INADEQUATE_MODERATED', recipients } })
      .then({ INADEQUATE_MODERATED: ['prac', 'tm', 'lead', 'am', 'hos'] });
    // AFT-1: a dispute decision that lowers the work to Inadequate tells the same five, as the outcome after moderation.
    given().when({ type: 'NotificationRequired', data: { auditId: 'a1', reason: 'INADEQUATE_DECIDED', recipients } }).then({ INADEQUATE_MODERATED: ['prac', 'tm', 'tmsouth', 'am', 'hos'] });
  });

  it('the head of service of the case’s service when one is placed in it, else every head of service', () => {
    const placed = directoryOf([...staff, person('hosnorth', 'south', ['HEAD_OF_SERVICE'])]);
    given({ directory: placed }).when({ type: 'DisputeDiscussed', data: { auditId: 'a1', disputeId: 'd1', resolved: false } }).then({ DISPUTE_DISCUSSED: ['qa', 'hosnorth'] });
  });

  it('a safety concern (003 "Escalations"): exactly those it was escalated to; the concern stays out of the message', () => {
    const [m] = given()
      .when({ type: 'EscalationRaised', data: { auditId: 'a1', raisedById: 'aud', escalatedToIds: ['tm', 'tmsouth'], escalatedOn: '2026-12-21', concern: 'SECRET', immediateActions: 'SECRET' } })
      .then({ SAFETY_CONCERN_ESCALATED: ['tm', 'tmsouth'] });
    expect(JSON.stringify(m.facts)).not.toContain('SECRET');
  });

  it("returned for rectification (000): the auditor, copied to the auditor's head of service; the reason stays out", () => {
    const [m] = given().when({ type: 'AuditReturnedForRectification', data: { auditId: 'a1', rectifyBy: '2026-12-23', reason: 'SECRET' } }).then({ RETURNED_FOR_RECTIFICATION: ['aud', 'hos'] });
    expect(m.to.find((r) => r.staffId === 'hos')?.as).toBe('AUDITOR_HEAD_OF_SERVICE');
    expect(JSON.stringify(m.facts)).not.toContain('SECRET');
  });

  it('moderation completed (000 "Moderators"): auditor, practitioner, team manager, audit team; how many grades changed, never why', () => {
    const [m] = given({ audit: { ...audit, moderationChanges: 2 } })
      .when({ type: 'ModerationCompleted', data: { auditId: 'a1', moderatedGrade: 'REQUIRES_IMPROVEMENT', uoppDue: '2027-01-08' } })
      .then({ MODERATION_COMPLETED: ['aud', 'prac', 'tm', 'qa'] });
    expect(m.facts).toMatchObject({ gradesChanged: 2, moderatedGrade: 'REQUIRES_IMPROVEMENT' });
  });

  it('a dispute (000 "Escalation"): raised to the moderator; unresolved to the audit team and head of service; decided to everyone it concerns', () => {
    given().when({ type: 'ModerationDisputed', data: { auditId: 'a1', disputeId: 'd1', raisedById: 'prac', reason: 'SECRET' } }).then({ DISPUTE_RAISED: ['mod', 'qa'] });
    const raised = { ...audit, disputeRaisers: { d1: 'tm' } };
    given({ audit: raised }).when({ type: 'DisputeDiscussed', data: { auditId: 'a1', disputeId: 'd1', resolved: true } }).then({ DISPUTE_DISCUSSED: ['tm'] });
    given({ audit: raised }).when({ type: 'DisputeDiscussed', data: { auditId: 'a1', disputeId: 'd1', resolved: false } }).then({ DISPUTE_DISCUSSED: ['tm', 'qa', 'hos'] });
    given({ audit: raised })
      .when({ type: 'DisputeResolved', data: { auditId: 'a1', disputeId: 'd1', decidedById: 'hos', to: 'GOOD', rationale: 'SECRET' } })
      .then({ DISPUTE_DECIDED: ['tm', 'mod', 'aud', 'prac'] });
  });

  it('the UoPP record (000): TM, practitioner, coordinator lead; and the head of service for Inadequate work; never its content', () => {
    const held = { auditId: 'a1', heldOn: '2026-12-22', chairId: 'aud', attendeeIds: ['prac', 'tm'], from: 'REQUIRES_IMPROVEMENT', rationale: 'SECRET', linkedPlan: 'TAF' };
    const [m] = given().when({ type: 'UoPPHeld', data: held }).then({ UOPP_RECORD: ['tm', 'prac', 'tmsouth'] });
    expect(m.facts).toMatchObject({ heldOn: '2026-12-22', chairName: 'Aud Surname', attendeeNames: ['Prac Surname', 'Tm Surname'], linkedPlan: 'TAF' });
    expect(JSON.stringify(m.facts)).not.toContain('SECRET');
    given().when({ type: 'UoPPHeld', data: { ...held, from: 'INADEQUATE' } }).then({ UOPP_RECORD: ['tm', 'prac', 'tmsouth', 'hos'] });
  });

  it('dip sample findings (000 "Completion of dip samples"): the head of service named and the coordinator leads of the teams sampled; the findings stay in the service', () => {
    const [m] = given({ dipSample: { id: 's1', theme: 'CLOSURE', teamIds: ['south', 'youth'] } })
      .when({ type: 'DipSampleFindingsReported', data: { dipSampleId: 's1', headOfServiceId: 'hos', findings: ['SECRET one', 'SECRET two'] } })
      .then({ DIP_SAMPLE_FINDINGS: ['hos', 'tm'] });
    expect(m.facts).toEqual({ dipSampleId: 's1', theme: 'CLOSURE', findings: 2 });
  });

  it('a dip audit submitted (000 "Dip audits ..."): its findings to the head of service and the EH coordinator lead, besides the usual submission', () => {
    given({ audit: { ...audit, dipAuditOf: 'a0' } })
      .when({ type: 'AuditSubmitted', data: { auditId: 'a1', moderationDue: '2027-02-26' } })
      .then({ DIP_AUDIT_FINDINGS: ['hos', 'tmsouth'], AUDIT_SUBMITTED: ['mod', 'prac', 'tm', 'qa'] });
  });

  it('one person in two capacities gets one message; events nobody is told of decide nothing', () => {
    given({ audit: { ...audit, disputeRaisers: { d1: 'prac' } } })
      .when({ type: 'DisputeResolved', data: { auditId: 'a1', disputeId: 'd1', decidedById: 'hos', to: 'GOOD' } })
      .then({ DISPUTE_DECIDED: ['prac', 'mod', 'aud', 'tm'] });
    given().when({ type: 'AnswerRecorded', data: { auditId: 'a1' } }).then({});
    given({ audit: null }).when({ type: 'AuditSubmitted', data: { auditId: 'a1' } }).then({});
  });
});
