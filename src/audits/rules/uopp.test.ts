import { describe, expect, it } from '@jest/globals';
import { type LocalDate, type Role } from '../../shared/domain-types.js';
import type { StaffFact } from '../../shared/facts.js';
import { type RecordUoPPMeeting } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { spec, actor, admin, auditorActor, staff, practitioner, teamManager, auditor, allocated, fullyGraded, cmd, submitted, moderatedAudit, theModeratedAudit } from '../test-support/decider-fixtures.js';

describe('RecordUoPPMeeting', () => {
  const auditManager = staff('am', null, 'AUDIT_MANAGER');
  const attendees = [practitioner, teamManager, auditor];
  const uopp = (data: Partial<RecordUoPPMeeting['data']> = {}, facts: Partial<Pick<RecordUoPPMeeting, 'chair' | 'attendees'>> = {}, who = auditorActor, today: LocalDate = '2027-01-06') =>
    cmd<RecordUoPPMeeting>('RecordUoPPMeeting', { auditId: 'a1', heldOn: '2027-01-05', chairId: 'aud', attendeeIds: ['prac', 'tm', 'aud'], ...data }, who, today, {
      chair: auditor,
      attendees,
      ...facts,
    });
  const held = (data: Partial<Extract<AuditEvent, { type: 'UoPPHeld' }>['data']> = {}): AuditEvent => ({
    type: 'UoPPHeld',
    data: {
      auditId: 'a1',
      heldOn: '2027-01-05',
      chairId: 'aud',
      attendeeIds: ['prac', 'tm', 'aud'],
      from: 'GOOD',
      revisedGrade: null,
      rationale: null,
      meeting: 'INITIAL',
      linkedPlan: null,
      followUpDue: null,
      ...data,
    },
  });

  it('records that a meeting chaired by the auditor took place, linked to the family’s TAF plan', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ linkedPlan: 'TAF' })).then([held({ linkedPlan: 'TAF' })]);
  });

  it('may raise the grade, with a rationale', () => {
    spec
      .given(moderatedAudit('REQUIRES_IMPROVEMENT'))
      .when(uopp({ revisedGrade: 'GOOD', rationale: ' Actions completed; supervision now monthly ' }))
      .thenMatches(([event], state) => {
        expect(event).toEqual(held({ from: 'REQUIRES_IMPROVEMENT', revisedGrade: 'GOOD', rationale: 'Actions completed; supervision now monthly' }));
        expect(theModeratedAudit(state).currentGrade).toBe('GOOD');
        expect(theModeratedAudit(state).moderation.grade).toBe('REQUIRES_IMPROVEMENT');
      });
  });

  it('never lowers the grade, nor "raises" it to the same grade', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ revisedGrade: 'REQUIRES_IMPROVEMENT', rationale: 'x' })).thenThrows('BAD_USER_INPUT', /^revisedGrade: a UoPP meeting may raise the grade, never lower it/, 'revisedGrade');
    spec.given(moderatedAudit('GOOD')).when(uopp({ revisedGrade: 'GOOD', rationale: 'x' })).thenThrows('BAD_USER_INPUT', /^revisedGrade: .*must be above the current GOOD/, 'revisedGrade');
  });

  it('requires a rationale when revising', () => {
    spec.given(moderatedAudit('REQUIRES_IMPROVEMENT')).when(uopp({ revisedGrade: 'GOOD', rationale: '  ' })).thenThrows('BAD_USER_INPUT', /^rationale: is required when the UoPP meeting revises the grade/, 'rationale');
  });

  it('heldOn: not in the future, not before moderation', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ heldOn: '2027-01-07' })).thenThrows('BAD_USER_INPUT', /^heldOn: must not be in the future \(today is 2027-01-06\)/, 'heldOn');
    spec.given(moderatedAudit('GOOD')).when(uopp({ heldOn: '2026-12-29' })).thenThrows('BAD_USER_INPUT', /^heldOn: must not be before moderation was completed on 2026-12-30/, 'heldOn');
    spec.given(moderatedAudit('GOOD')).when(uopp({ heldOn: '2027-1-5' })).thenThrows('BAD_USER_INPUT', /^heldOn: must be a date/, 'heldOn');
  });

  it('RI and above: the auditor chairs, not the audit manager', () => {
    spec
      .given(moderatedAudit('REQUIRES_IMPROVEMENT'))
      .when(uopp({ chairId: 'am' }, { chair: auditManager }, actor('am', 'AUDIT_MANAGER')))
      .thenThrows('BAD_USER_INPUT', /^chairId: for work graded Requires Improvement and above the auditor chairs/, 'chairId');
  });

  it('Inadequate: the audit manager chairs; a follow-up 6 weeks after the first meeting', () => {
    const given = moderatedAudit('REQUIRES_IMPROVEMENT', 'INADEQUATE');
    spec.given(given).when(uopp({ heldOn: '2027-01-05' })).thenThrows('BAD_USER_INPUT', /^chairId: for Inadequate work the audit manager chairs/, 'chairId');
    const first = held({ chairId: 'am', from: 'INADEQUATE', followUpDue: '2027-02-16' });
    spec
      .given(given)
      .when(uopp({ chairId: 'am' }, { chair: auditManager }, actor('am', 'AUDIT_MANAGER')))
      .thenMatches(([event], state) => {
        expect(event).toEqual(first);
        expect(theModeratedAudit(state).followUpUoppDue).toBe('2027-02-16');
      });
    // The follow-up, convened by the EH coordinator lead: no chair rule, no new follow-up date.
    spec
      .given([...given, first])
      .when(uopp({ heldOn: '2027-02-16', chairId: 'tm' }, { chair: teamManager }, actor('tm', 'TEAM_MANAGER'), '2027-02-16'))
      .then([held({ heldOn: '2027-02-16', chairId: 'tm', from: 'INADEQUATE', meeting: 'FOLLOW_UP' })]);
  });

  it('one meeting, plus the follow-up for Inadequate work only', () => {
    spec.given([...moderatedAudit('GOOD'), held()]).when(uopp()).thenThrows('CONFLICT', /a follow-up meeting is only for Inadequate work/);
    const inadequate = [...moderatedAudit('INADEQUATE'), held({ chairId: 'am', from: 'INADEQUATE' }), held({ chairId: 'tm', from: 'INADEQUATE', meeting: 'FOLLOW_UP' })];
    spec.given(inadequate).when(uopp({ chairId: 'am' }, { chair: auditManager }, admin)).thenThrows('CONFLICT', /the UoPP meeting and its follow-up are already recorded/);
  });

  it('only after moderation', () => {
    spec.given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]).when(uopp()).thenThrows('CONFLICT', /the audit is SUBMITTED: a UoPP meeting can be recorded only while it is MODERATED/);
  });

  it('attendees: at least one, each a registered staff member; the chair must exist', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ attendeeIds: [] })).thenThrows('BAD_USER_INPUT', /^attendeeIds: at least one attendee/, 'attendeeIds');
    spec.given(moderatedAudit('GOOD')).when(uopp({ attendeeIds: ['prac', 'ghost'] })).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
    spec.given(moderatedAudit('GOOD')).when(uopp({}, { chair: null })).thenThrows('NOT_FOUND', /staff member aud does not exist/);
  });

  it('linkedPlan: EHA, TAF or TAC', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({ linkedPlan: 'CIN' as 'EHA' })).thenThrows('BAD_USER_INPUT', /^linkedPlan: must be one of EHA, TAF, TAC/, 'linkedPlan');
  });

  it('recorded by the chair, the auditor, the audit manager or the audit team only', () => {
    spec.given(moderatedAudit('GOOD')).when(uopp({}, {}, actor('prac', 'PRACTITIONER'))).thenThrows('FORBIDDEN', /only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting/);
  });
});

describe('The follow-up UoPP meeting on Inadequate work: who chairs and who records it', () => {
  const auditManager = staff('am', null, 'AUDIT_MANAGER');
  const caseTeam = { id: 'eh-hub', service: 'Early Help' };
  const coordinator = staff('coord', 'ei', 'EH_COORDINATOR_LEAD');
  const youthManager = staff('yjm', 'yjs', 'EH_COORDINATOR_LEAD');
  const first: AuditEvent = {
    type: 'UoPPHeld',
    data: { auditId: 'a1', heldOn: '2027-01-05', chairId: 'am', attendeeIds: ['prac', 'tm'], from: 'INADEQUATE', revisedGrade: null, rationale: null, meeting: 'INITIAL', linkedPlan: null, followUpDue: '2027-02-16' },
  };
  const given = [...moderatedAudit('INADEQUATE'), first];
  const followUp = (chair: StaffFact, who: { staffId: string; roles: Role[] }, chairTeam: { id: string; service: string } | null = null) =>
    cmd<RecordUoPPMeeting>('RecordUoPPMeeting', { auditId: 'a1', heldOn: '2027-02-16', chairId: chair.id, attendeeIds: ['prac', 'tm'] }, who, '2027-02-16', {
      chair,
      attendees: [practitioner, teamManager],
      chairTeam,
      caseTeam,
    });
  const heldBy = (chairId: string) => (events: AuditEvent[]) => expect(events[0].data).toMatchObject({ chairId, meeting: 'FOLLOW_UP', from: 'INADEQUATE' });

  it('chaired by the audit manager, the case’s team manager, or the EH coordinator lead of the case’s service (PPL-1)', () => {
    spec.given(given).when(followUp(auditManager, actor('am', 'AUDIT_MANAGER'))).thenMatches(heldBy('am'));
    spec.given(given).when(followUp(teamManager, actor('tm', 'TEAM_MANAGER'))).thenMatches(heldBy('tm'));
    spec.given(given).when(followUp(coordinator, actor('coord', 'EH_COORDINATOR_LEAD'), { id: 'ei', service: 'Early Help' })).thenMatches(heldBy('coord'));
    // The audit team may record it for the chair.
    spec.given(given).when(followUp(coordinator, admin, { id: 'ei', service: 'Early Help' })).thenMatches(heldBy('coord'));
  });

  it('refuses any other chair, naming the rule', () => {
    const rule = /^chairId: the follow-up UoPP meeting is convened by the EH coordinator lead with the TM\/SW: the chair must be the audit manager, the case's team manager or the EH coordinator lead of the case's service$/;
    // A team manager of another team in the same service no longer stands in for the coordinator lead.
    spec.given(given).when(followUp(staff('tm2', 'ei', 'TEAM_MANAGER'), admin, { id: 'ei', service: 'Early Help' })).thenThrows('BAD_USER_INPUT', rule, 'chairId');
    spec.given(given).when(followUp(youthManager, admin, { id: 'yjs', service: 'Youth Justice' })).thenThrows('BAD_USER_INPUT', rule, 'chairId');
    spec.given(given).when(followUp(staff('aud2', 'yjs', 'AUDITOR'), actor('am', 'AUDIT_MANAGER'))).thenThrows('BAD_USER_INPUT', rule, 'chairId');
    spec.given(given).when(followUp(practitioner, admin)).thenThrows('BAD_USER_INPUT', rule, 'chairId');
  });

  it('naming oneself chair does not make one the chair: refused as FORBIDDEN', () => {
    const forbiddenRule = /^only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting$/;
    spec.given(given).when(followUp(staff('aud2', 'yjs', 'AUDITOR'), actor('aud2', 'AUDITOR'))).thenThrows('FORBIDDEN', forbiddenRule);
    spec.given(given).when(followUp(youthManager, actor('yjm', 'TEAM_MANAGER'), { id: 'yjs', service: 'Youth Justice' })).thenThrows('FORBIDDEN', forbiddenRule);
    // The case's team manager may chair the follow-up, not the first meeting.
    spec
      .given(moderatedAudit('INADEQUATE'))
      .when({ ...followUp(teamManager, actor('tm', 'TEAM_MANAGER')), data: { auditId: 'a1', heldOn: '2027-01-05', chairId: 'tm', attendeeIds: ['prac'] }, today: '2027-01-06' })
      .thenThrows('FORBIDDEN', forbiddenRule);
  });
});
