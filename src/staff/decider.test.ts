import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import { staffDecider, teamDecider, type GrantAuditorExemption, type RecordAuditorTraining, type RecordStaffLeaving, type RegisterStaff, type RegisterTeam } from './decider.js';
import type { StaffEvent, TeamEvent } from './events.js';

const calendar = calendarFor('GB-ENG');
const today = '2026-03-04';
const admin = { staffId: 'admin', roles: ['AUDIT_TEAM'] as Role[] };
const hos = { staffId: 'hos', roles: ['HEAD_OF_SERVICE'] as Role[] };

const teamSpec = DeciderSpec.for(teamDecider);
const staffSpec = DeciderSpec.for(staffDecider);

const registerTeam = (data: Partial<RegisterTeam['data']> = {}, actor = admin): RegisterTeam => ({
  type: 'RegisterTeam',
  data: { id: 'eh-hub', name: 'EH Hub', service: 'Early Help', ...data },
  actor,
  today,
  calendar,
});

const teamRegistered: TeamEvent = { type: 'TeamRegistered', data: { teamId: 'eh-hub', name: 'EH Hub', service: 'Early Help' } };

const registerStaff = (data: Partial<RegisterStaff['data']> = {}, team: RegisterStaff['team'] = { id: 'eh-hub' }): RegisterStaff => ({
  type: 'RegisterStaff',
  data: { id: 'amy', name: 'Amy Auditor', email: 'amy@example.org', teamId: 'eh-hub', roles: ['AUDITOR'], ...data },
  team,
  actor: admin,
  today,
  calendar,
});

const amyRegistered: StaffEvent = {
  type: 'StaffRegistered',
  data: { staffId: 'amy', name: 'Amy Auditor', email: 'amy@example.org', teamId: 'eh-hub', roles: ['AUDITOR'] },
};

describe('RegisterTeam', () => {
  it('registers a team with its name and service, trimmed', () => {
    teamSpec
      .given([])
      .when(registerTeam({ name: '  EH Hub ', service: ' Early Help' }))
      .then([teamRegistered]);
  });

  it.each([
    ['id', { id: ' ' }],
    ['name', { name: '' }],
    ['service', { service: '   ' }],
  ] as const)('refuses an empty %s, naming it', (field, data) => {
    teamSpec.given([]).when(registerTeam(data)).thenThrows('BAD_USER_INPUT', new RegExp(`^${field}: must not be empty`), field);
  });

  it('refuses a team already registered', () => {
    teamSpec.given([teamRegistered]).when(registerTeam()).thenThrows('CONFLICT', /team eh-hub is already registered/);
  });

  it('is for the audit team only', () => {
    teamSpec.given([]).when(registerTeam({}, { staffId: 'p', roles: ['PRACTITIONER'] })).thenThrows('FORBIDDEN', /AUDIT_TEAM.*register a team/);
  });

  it('folds into a registered team', () => {
    const state = [teamRegistered].reduce(teamDecider.evolve, teamDecider.initialState());
    expect(state).toEqual({ registered: true, id: 'eh-hub', name: 'EH Hub', service: 'Early Help' });
  });
});

describe('RegisterStaff', () => {
  it('registers a staff member in a registered team', () => {
    staffSpec.given([]).when(registerStaff()).then([amyRegistered]);
  });

  it('registers a staff member without a team, removing repeated roles', () => {
    staffSpec
      .given([])
      .when(registerStaff({ teamId: null, roles: ['AUDITOR', 'MODERATOR', 'AUDITOR'] }, null))
      .then([{ type: 'StaffRegistered', data: { ...amyRegistered.data, teamId: null, roles: ['AUDITOR', 'MODERATOR'] } }]);
  });

  it('refuses a team that is not registered', () => {
    staffSpec.given([]).when(registerStaff({ teamId: 'ghosts' }, null)).thenThrows('NOT_FOUND', /team ghosts does not exist/);
  });

  it('refuses a team fact for another team', () => {
    staffSpec.given([]).when(registerStaff({ teamId: 'ghosts' }, { id: 'eh-hub' })).thenThrows('NOT_FOUND', /team ghosts/);
  });

  it.each(['amy', 'amy@', '@example.org', 'amy@example', 'amy @example.org', 'amy@exa mple.org'])('refuses the email %j', (email) => {
    staffSpec.given([]).when(registerStaff({ email })).thenThrows('BAD_USER_INPUT', /^email: must be an email address/, 'email');
  });

  it('refuses an empty email, name or id', () => {
    staffSpec.given([]).when(registerStaff({ email: '' })).thenThrows('BAD_USER_INPUT', /^email: must not be empty/, 'email');
    staffSpec.given([]).when(registerStaff({ name: ' ' })).thenThrows('BAD_USER_INPUT', /^name: must not be empty/, 'name');
    staffSpec.given([]).when(registerStaff({ id: '' })).thenThrows('BAD_USER_INPUT', /^id: must not be empty/, 'id');
  });

  it('refuses no roles, and an unknown role', () => {
    staffSpec.given([]).when(registerStaff({ roles: [] })).thenThrows('BAD_USER_INPUT', /^roles: at least one role/, 'roles');
    staffSpec
      .given([])
      .when(registerStaff({ roles: ['AUDITOR', 'WIZARD' as Role] }))
      .thenThrows('BAD_USER_INPUT', /^roles: unknown role WIZARD/, 'roles');
  });

  it('refuses a staff member already registered', () => {
    staffSpec.given([amyRegistered]).when(registerStaff()).thenThrows('CONFLICT', /staff member amy is already registered/);
  });

  it('is for the audit team only', () => {
    staffSpec
      .given([])
      .when({ ...registerStaff(), actor: { staffId: 'x', roles: ['AUDITOR', 'HEAD_OF_SERVICE'] } })
      .thenThrows('FORBIDDEN', /AUDIT_TEAM may register staff/);
  });
});

describe('GrantAuditorExemption (000: only the head of service gives permission)', () => {
  const grant = (overrides: Partial<GrantAuditorExemption> = {}): GrantAuditorExemption => ({
    type: 'GrantAuditorExemption',
    data: { staffId: 'amy', cycleId: 'c1', reason: 'Long-term sick leave' },
    cycle: { id: 'c1', closed: false },
    actor: hos,
    today,
    calendar,
    ...overrides,
  });
  const exempted: StaffEvent = {
    type: 'AuditorExempted',
    data: { staffId: 'amy', cycleId: 'c1', reason: 'Long-term sick leave', grantedById: 'hos', grantedOn: today },
  };

  it('exempts an auditor from one cycle', () => {
    staffSpec.given([amyRegistered]).when(grant()).then([exempted]);
    const state = [amyRegistered, exempted].reduce(staffDecider.evolve, staffDecider.initialState());
    expect(state.exemptions).toEqual([{ cycleId: 'c1', reason: 'Long-term sick leave', grantedById: 'hos', grantedOn: today }]);
  });

  it('is for the head of service only, even for the audit team', () => {
    staffSpec.given([amyRegistered]).when(grant({ actor: admin })).thenThrows('FORBIDDEN', /only HEAD_OF_SERVICE may grant an auditor exemption/);
  });

  it('refuses an unknown staff member or cycle', () => {
    staffSpec.given([]).when(grant()).thenThrows('NOT_FOUND', /staff member amy does not exist/);
    staffSpec.given([amyRegistered]).when(grant({ cycle: null })).thenThrows('NOT_FOUND', /cycle c1 does not exist/);
  });

  it('refuses someone who is not an auditor', () => {
    const practitioner: StaffEvent = { type: 'StaffRegistered', data: { ...amyRegistered.data, roles: ['PRACTITIONER'] } };
    staffSpec.given([practitioner]).when(grant()).thenThrows('BAD_USER_INPUT', /^staffId: only an auditor/, 'staffId');
  });

  it('requires a reason', () => {
    staffSpec.given([amyRegistered]).when(grant({ data: { staffId: 'amy', cycleId: 'c1', reason: ' ' } })).thenThrows('BAD_USER_INPUT', /^reason:/, 'reason');
  });

  it('refuses a closed cycle and a second exemption for the same cycle', () => {
    staffSpec.given([amyRegistered]).when(grant({ cycle: { id: 'c1', closed: true } })).thenThrows('CONFLICT', /cycle c1 is closed/);
    staffSpec.given([amyRegistered, exempted]).when(grant()).thenThrows('CONFLICT', /already exempted from cycle c1/);
  });
});

describe("RecordAuditorTraining (PPL-2, 000: auditors must have completed training with the Audit Team)", () => {
  const record = (data: Partial<RecordAuditorTraining['data']> = {}, actor = admin): RecordAuditorTraining => ({
    type: 'RecordAuditorTraining',
    data: { staffId: 'amy', completedOn: '2026-02-20', ...data },
    actor,
    today,
    calendar,
  });
  const trained = (completedOn = '2026-02-20'): StaffEvent => ({
    type: 'AuditorTrainingRecorded',
    data: { staffId: 'amy', completedOn, recordedById: 'admin', recordedOn: today },
  });

  it('records the day an auditor completed the training; the latest completion counts', () => {
    staffSpec.given([amyRegistered]).when(record()).then([trained()]);
    const fold = (events: StaffEvent[]) => events.reduce(staffDecider.evolve, staffDecider.initialState());
    expect(fold([amyRegistered, trained()]).trainedOn).toBe('2026-02-20');
    expect(fold([amyRegistered, trained('2026-02-20'), trained('2025-01-10')]).trainedOn).toBe('2026-02-20');
    // A refresher course is a new record.
    staffSpec.given([amyRegistered, trained()]).when(record({ completedOn: today })).then([trained(today)]);
  });

  it('is for the audit team only', () => {
    staffSpec.given([amyRegistered]).when(record({}, hos)).thenThrows('FORBIDDEN', /only AUDIT_TEAM may record an auditor's training/);
  });

  it('refuses an unknown staff member and someone who is not an auditor', () => {
    staffSpec.given([]).when(record()).thenThrows('NOT_FOUND', /staff member amy does not exist/);
    const practitioner: StaffEvent = { type: 'StaffRegistered', data: { ...amyRegistered.data, roles: ['PRACTITIONER'] } };
    staffSpec.given([practitioner]).when(record()).thenThrows('BAD_USER_INPUT', /^staffId: PPL-2: amy does not hold the AUDITOR role/, 'staffId');
  });

  it('refuses a day that is not a date or is still to come, and the same record twice', () => {
    staffSpec.given([amyRegistered]).when(record({ completedOn: '20-02-2026' })).thenThrows('BAD_USER_INPUT', /^completedOn: must be a date/, 'completedOn');
    staffSpec.given([amyRegistered]).when(record({ completedOn: '2026-03-05' })).thenThrows('BAD_USER_INPUT', /^completedOn: must not be in the future/, 'completedOn');
    staffSpec.given([amyRegistered, trained()]).when(record()).thenThrows('CONFLICT', /PPL-2: the training amy completed on 2026-02-20 is already recorded/);
  });

});

describe('RecordStaffLeaving (PPL-8: a leaver is never mailed and signs in no more; their history stands)', () => {
  const leave = (data: Partial<RecordStaffLeaving['data']> = {}, actor = admin): RecordStaffLeaving => ({
    type: 'RecordStaffLeaving',
    data: { staffId: 'amy', leftOn: '2026-02-27', ...data },
    actor,
    today,
    calendar,
  });
  const left = (leftOn = '2026-02-27'): StaffEvent => ({ type: 'StaffLeft', data: { staffId: 'amy', leftOn, recordedById: 'admin', recordedOn: today } });

  it('records the day they left, today or earlier; the state keeps it', () => {
    staffSpec.given([amyRegistered]).when(leave()).then([left()]);
    staffSpec.given([amyRegistered]).when(leave({ leftOn: today })).then([left(today)]);
    expect([amyRegistered, left()].reduce(staffDecider.evolve, staffDecider.initialState()).leftOn).toBe('2026-02-27');
  });

  it('is for the audit team only, and not for oneself', () => {
    staffSpec.given([amyRegistered]).when(leave({}, hos)).thenThrows('FORBIDDEN', /only AUDIT_TEAM may record that a staff member has left/);
    const self = { staffId: 'amy', roles: ['AUDIT_TEAM'] as Role[] };
    staffSpec.given([amyRegistered]).when(leave({}, self)).thenThrows('BAD_USER_INPUT', /^staffId: PPL-8: another member of the audit team records that you have left/, 'staffId');
  });

  it('refuses an unknown person, a day that is not a date or is still to come, and leaving twice', () => {
    staffSpec.given([]).when(leave()).thenThrows('NOT_FOUND', /staff member amy does not exist/);
    staffSpec.given([amyRegistered]).when(leave({ leftOn: '27/02/2026' })).thenThrows('BAD_USER_INPUT', /^leftOn: must be a date/, 'leftOn');
    staffSpec.given([amyRegistered]).when(leave({ leftOn: '2026-03-05' })).thenThrows('BAD_USER_INPUT', /^leftOn: PPL-8: must not be in the future/, 'leftOn');
    staffSpec.given([amyRegistered, left()]).when(leave({ leftOn: today })).thenThrows('CONFLICT', /PPL-8: amy is already recorded as having left on 2026-02-27/);
  });
});
