import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import { cycleDecider } from './decider.js';
import type { CycleEvent } from './events.js';
import type { ApproveKloes, RecordKloeMeeting } from './kloe-approval.js';
import { programmeMilestones, type RecordPracticeDay } from './programme.js';

/** Before the audit (000 "KLOE meeting/Pre-audit"): BEF-1 to BEF-3 of docs/rules/before-the-audit.md. */

const calendar = calendarFor('GB-ENG');
const today = '2026-11-20';
const spec = DeciderSpec.for(cycleDecider);
const who = (staffId: string, ...roles: Role[]) => ({ staffId, roles });
const admin = who('admin', 'AUDIT_TEAM');
const hos = who('hos', 'HEAD_OF_SERVICE');
const coord = who('coord', 'EH_COORDINATOR_LEAD');
const dd = who('dd', 'DIVISIONAL_DIRECTOR');

const scheduled: CycleEvent = {
  type: 'CycleScheduled',
  data: { cycleId: 'c1', name: 'December EH Hub', service: 'EH Hub', month: '2026-12', kloes: ['Voice of the child'], moderationDue: '2026-12-31' },
};
const attendees = [
  { id: 'hos', roles: ['HEAD_OF_SERVICE'] as Role[] },
  { id: 'coord', roles: ['EH_COORDINATOR_LEAD'] as Role[] },
  { id: 'qa', roles: ['AUDIT_TEAM'] as Role[] },
];
const meet = (data: Partial<RecordKloeMeeting['data']> = {}, facts: Partial<RecordKloeMeeting> = {}): RecordKloeMeeting => ({
  type: 'RecordKloeMeeting',
  data: { cycleId: 'c1', heldOn: '2026-11-16', attendeeIds: ['hos', 'coord', 'qa'], ...data },
  attendees,
  actor: admin,
  today,
  calendar,
  ...facts,
});
const met: CycleEvent = {
  type: 'KloeMeetingHeld',
  data: { cycleId: 'c1', heldOn: '2026-11-16', attendeeIds: ['hos', 'coord', 'qa'], casesDueBy: '2026-11-23', recordedById: 'admin' },
};
const approve = (actor = hos): ApproveKloes => ({ type: 'ApproveKloes', data: { cycleId: 'c1' }, actor, today, calendar });
const approved = (by: string, ...approvedAs: Array<'HEAD_OF_SERVICE' | 'EH_COORDINATOR_LEAD' | 'DIVISIONAL_DIRECTOR'>): CycleEvent => ({
  type: 'KloesApproved',
  data: { cycleId: 'c1', approvedById: by, approvedAs, approvedOn: today, kloes: ['Voice of the child'] },
});
const state = (events: CycleEvent[]) => events.reduce(cycleDecider.evolve, cycleDecider.initialState());

describe('RecordKloeMeeting (BEF-1, BEF-2)', () => {
  it('records the meeting before the audit month, its attendees, and the cases due a week later', () => {
    spec.given([scheduled]).when(meet()).then([met]);
    expect(state([scheduled, met]).kloeMeeting).toEqual({ heldOn: '2026-11-16', attendeeIds: ['hos', 'coord', 'qa'], casesDueBy: '2026-11-23' });
  });

  it('is for the audit team only', () => {
    spec.given([scheduled]).when(meet({}, { actor: hos })).thenThrows('FORBIDDEN', /only AUDIT_TEAM may record the KLOE meeting/);
  });

  it('refuses a meeting on or after the start of the audit month, or one still to come', () => {
    spec.given([scheduled]).when(meet({ heldOn: '2026-12-01' }, { today: '2026-12-05' })).thenThrows('BAD_USER_INPUT', /^heldOn: BEF-1: the KLOE meeting is held before the audit starts .* before 2026-12-01/, 'heldOn');
    spec.given([scheduled]).when(meet({ heldOn: '2026-11-27' })).thenThrows('BAD_USER_INPUT', /^heldOn: must not be in the future/, 'heldOn');
    spec.given([scheduled]).when(meet({ heldOn: '16/11/2026' })).thenThrows('BAD_USER_INPUT', /^heldOn: must be a date/, 'heldOn');
  });

  it('asks for the head of service and an EH coordinator among the attendees, all registered', () => {
    spec
      .given([scheduled])
      .when(meet({ attendeeIds: ['hos', 'qa'] }))
      .thenThrows('BAD_USER_INPUT', /^attendeeIds: BEF-1: the head of service and EH coordinator\(s\) hold the KLOE meeting .*missing: EH_COORDINATOR_LEAD$/, 'attendeeIds');
    spec.given([scheduled]).when(meet({ attendeeIds: ['coord'] })).thenThrows('BAD_USER_INPUT', /missing: HEAD_OF_SERVICE$/, 'attendeeIds');
    spec.given([scheduled]).when(meet({ attendeeIds: ['hos', 'coord', 'ghost'] })).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
    spec.given([scheduled]).when(meet({ attendeeIds: [] })).thenThrows('BAD_USER_INPUT', /^attendeeIds:/, 'attendeeIds');
  });

  it('refuses an unknown cycle, a closed one, and a second record of the meeting', () => {
    spec.given([]).when(meet()).thenThrows('NOT_FOUND', /cycle c1 does not exist/);
    const closed: CycleEvent = { type: 'CycleClosed', data: { cycleId: 'c1', closedOn: today, closedById: 'admin' } };
    spec.given([scheduled, closed]).when(meet()).thenThrows('CONFLICT', /cycle c1 is closed/);
    spec.given([scheduled, met]).when(meet()).thenThrows('CONFLICT', /BEF-1: the KLOE meeting of cycle c1 is already recorded/);
  });
});

describe('ApproveKloes (BEF-3)', () => {
  it('each of the head of service, EH coordinator and divisional director approves the list', () => {
    spec.given([scheduled, met]).when(approve(hos)).then([approved('hos', 'HEAD_OF_SERVICE')]);
    spec.given([scheduled, met, approved('hos', 'HEAD_OF_SERVICE')]).when(approve(coord)).then([approved('coord', 'EH_COORDINATOR_LEAD')]);
    const all = [scheduled, met, approved('hos', 'HEAD_OF_SERVICE'), approved('coord', 'EH_COORDINATOR_LEAD'), approved('dd', 'DIVISIONAL_DIRECTOR')];
    expect(state(all).kloeApprovals.map((a) => a.role)).toEqual(['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR']);
  });

  it('someone holding two of the posts approves in both at once', () => {
    spec.given([scheduled, met]).when(approve(who('hd', 'HEAD_OF_SERVICE', 'DIVISIONAL_DIRECTOR'))).then([approved('hd', 'HEAD_OF_SERVICE', 'DIVISIONAL_DIRECTOR')]);
  });

  it('is for those three posts only, not the audit team', () => {
    spec.given([scheduled, met]).when(approve(admin)).thenThrows('FORBIDDEN', /BEF-3: only HEAD_OF_SERVICE, EH_COORDINATOR_LEAD, DIVISIONAL_DIRECTOR may approve the KLOEs/);
  });

  it('comes after the KLOE meeting, with KLOEs to approve, once per post', () => {
    spec.given([scheduled]).when(approve(hos)).thenThrows('CONFLICT', /BEF-3: .* approved after the KLOE meeting, which is not recorded yet/);
    const none: CycleEvent = { type: 'CycleScheduled', data: { cycleId: 'c1', name: 'December EH Hub', service: 'EH Hub', month: '2026-12', kloes: [], moderationDue: '2026-12-31' } };
    spec.given([none, met]).when(approve(hos)).thenThrows('CONFLICT', /BEF-3: cycle c1 has no KLOEs to approve/);
    spec.given([scheduled, met, approved('hos', 'HEAD_OF_SERVICE')]).when(approve(hos)).thenThrows('CONFLICT', /already approved as HEAD_OF_SERVICE/);
  });

  it('a changed KLOE list is approved again; the same list agreed again keeps its approvals', () => {
    const given = [scheduled, met, approved('hos', 'HEAD_OF_SERVICE')];
    const same: CycleEvent = { type: 'KloesAgreed', data: { cycleId: 'c1', kloes: ['Voice of the child'] } };
    const changed: CycleEvent = { type: 'KloesAgreed', data: { cycleId: 'c1', kloes: ['Voice of the child', 'Timely closures'] } };
    expect(state([...given, same]).kloeApprovals).toHaveLength(1);
    expect(state([...given, changed]).kloeApprovals).toEqual([]);
    spec.given([...given, changed]).when(approve(hos)).thenMatches((events) => expect(events).toHaveLength(1));
  });
});

describe('the six-month programme (BEF-13) and its Practice Day (BEF-14)', () => {
  const practiceDay = (data: Partial<RecordPracticeDay['data']> = {}, over: Partial<RecordPracticeDay> = {}): RecordPracticeDay => ({
    type: 'RecordPracticeDay',
    data: { cycleId: 'c1', heldOn: '2027-03-10', leadersObservations: [' Warm, curious direct work '], familyFeedback: ['We felt listened to'], ...data },
    actor: admin,
    today: '2027-03-12',
    calendar,
    ...over,
  });
  const held: CycleEvent = {
    type: 'PracticeDayHeld',
    data: { cycleId: 'c1', heldOn: '2027-03-10', leadersObservations: ['Warm, curious direct work'], familyFeedback: ['We felt listened to'], recordedById: 'admin' },
  };

  it('month 1 audit, months 3–6 learning, the Practice Day in month 4, the re-audit in month 6', () => {
    expect(programmeMilestones('2026-12')).toEqual({ auditMonth: '2026-12', learningFrom: '2027-02', learningTo: '2027-05', practiceDayMonth: '2027-03', reauditMonth: '2027-05' });
    expect(programmeMilestones('2026-05').reauditMonth).toBe('2026-10');
  });

  it('records the Practice Day of month 4 with the leaders’ observations and the families’ feedback, once', () => {
    spec.given([scheduled]).when(practiceDay()).then([held]);
    expect(state([scheduled, held]).practiceDay).toEqual({ heldOn: '2027-03-10', leadersObservations: ['Warm, curious direct work'], familyFeedback: ['We felt listened to'] });
    spec.given([scheduled, held]).when(practiceDay()).thenThrows('CONFLICT', /BEF-14: the Practice Day of cycle c1 is already recorded/);
  });

  it('refuses a day outside month 4, one still to come, nothing recorded, an empty entry, and anyone but the audit team', () => {
    spec.given([scheduled]).when(practiceDay({ heldOn: '2027-02-26' })).thenThrows('BAD_USER_INPUT', /^heldOn: BEF-14: the Practice Day takes place in month 4 of the programme, 2027-03$/, 'heldOn');
    spec.given([scheduled]).when(practiceDay({ heldOn: '2027-03-15' })).thenThrows('BAD_USER_INPUT', /^heldOn: must not be in the future/, 'heldOn');
    spec.given([scheduled]).when(practiceDay({ leadersObservations: [], familyFeedback: [] })).thenThrows('BAD_USER_INPUT', /^leadersObservations: BEF-14:/, 'leadersObservations');
    spec.given([scheduled]).when(practiceDay({ familyFeedback: [' '] })).thenThrows('BAD_USER_INPUT', /^familyFeedback: an entry must not be empty/, 'familyFeedback');
    spec.given([scheduled]).when(practiceDay({}, { actor: hos })).thenThrows('FORBIDDEN', /only AUDIT_TEAM may record the Practice Day/);
    spec.given([]).when(practiceDay()).thenThrows('NOT_FOUND', /cycle c1 does not exist/);
  });
});
