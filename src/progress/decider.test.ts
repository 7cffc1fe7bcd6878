import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import { mondayOf, progressDecider, type RecordInadequateWorkProgress } from './decider.js';
import type { ProgressEvent } from './events.js';

const calendar = calendarFor('GB-ENG');
const spec = DeciderSpec.for(progressDecider);
const coord = { staffId: 'coord', roles: ['EH_COORDINATOR_LEAD'] as Role[] };
const inadequate = { id: 'a1', teamId: 'eh-hub', currentGrade: 'INADEQUATE' as const, initialUoppHeld: true };
const earlyHelp = (id: string) => ({ id, service: 'Early Help' });

// Wednesday 13 January 2027.
const record = (over: Partial<RecordInadequateWorkProgress> = {}, data: Partial<RecordInadequateWorkProgress['data']> = {}): RecordInadequateWorkProgress => ({
  type: 'RecordInadequateWorkProgress',
  data: { auditId: 'a1', progress: ' Safety plan reviewed with the family; school attendance up ', onTrack: true, ...data },
  audit: inadequate,
  actorTeam: earlyHelp('ei'),
  caseTeam: earlyHelp('eh-hub'),
  actor: coord,
  today: '2027-01-13',
  calendar,
  ...over,
});
const recorded = (weekOf = '2027-01-11', recordedOn = '2027-01-13'): ProgressEvent => ({
  type: 'InadequateWorkProgressRecorded',
  data: { auditId: 'a1', weekOf, progress: 'Safety plan reviewed with the family; school attendance up', onTrack: true, recordedById: 'coord', recordedOn },
});

describe('the weekly progress record on Inadequate work (REP-8)', () => {
  it('the EH coordinator lead of the case’s service records the week’s progress, once a week', () => {
    spec.given([]).when(record()).then([recorded()]);
    spec.given([recorded()]).when(record({ today: '2027-01-18' })).then([recorded('2027-01-18', '2027-01-18')]);
    spec.given([recorded()]).when(record({ today: '2027-01-17' })).thenThrows('CONFLICT', /REP-8: the progress for the week of 2027-01-11 is already recorded: one record a week/);
  });

  it('weeks run Monday to Sunday', () => {
    expect(['2027-01-11', '2027-01-13', '2027-01-17'].map(mondayOf)).toEqual(['2027-01-11', '2027-01-11', '2027-01-11']);
    expect(mondayOf('2027-01-18')).toBe('2027-01-18');
  });

  it('is for the EH coordinator lead of the case’s service only', () => {
    spec.given([]).when(record({ actor: { staffId: 'tm', roles: ['TEAM_MANAGER'] } })).thenThrows('FORBIDDEN', /^REP-8: only the EH coordinator lead/);
    spec.given([]).when(record({ actorTeam: { id: 'yjs', service: 'Youth Justice' } })).thenThrows('FORBIDDEN', /^REP-8: only the EH coordinator lead of the case's service/);
    spec.given([]).when(record({ actorTeam: null })).thenThrows('FORBIDDEN', /^REP-8:/);
  });

  it('is on Inadequate work, after its initial UoPP meeting', () => {
    spec.given([]).when(record({ audit: { ...inadequate, currentGrade: 'REQUIRES_IMPROVEMENT' } })).thenThrows('CONFLICT', /REP-8: weekly progress is recorded on work whose current grade is Inadequate/);
    spec.given([]).when(record({ audit: { ...inadequate, initialUoppHeld: false } })).thenThrows('CONFLICT', /following the initial UoPP meeting, which is not recorded yet/);
    spec.given([]).when(record({ audit: null })).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });

  it('asks for the progress in words and whether the work is on track', () => {
    spec.given([]).when(record({}, { progress: '  ' })).thenThrows('BAD_USER_INPUT', /^progress: must not be empty/, 'progress');
    spec.given([]).when(record({}, { onTrack: 'yes' as unknown as boolean })).thenThrows('BAD_USER_INPUT', /^onTrack: must be true or false/, 'onTrack');
  });
});
