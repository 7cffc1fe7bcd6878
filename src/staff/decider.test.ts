import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import { staffDecider, teamDecider, type GrantAuditorExemption, type RegisterStaff, type RegisterTeam } from './decider.js';
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
