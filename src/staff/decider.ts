import { optionalText, requireRole, requireText, type CommandContext, type Decider } from '../shared/decider.js';
import { badInput, conflict, forbidden, notFound } from '../shared/errors.js';
import { ROLES, type LocalDate, type Role } from '../shared/domain-types.js';
import { isLocalDate } from '../calendar/working-calendar.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { AuditorExemption, StaffEvent, TeamEvent } from './events.js';

// Deliberately plain: one @, something either side, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// ---------------------------------------------------------------------------------------------
// Teams

export type TeamState = { registered: boolean; id: string; name: string; service: string };

export type RegisterTeam = CommandContext & {
  type: 'RegisterTeam';
  data: { id: string; name: string; service: string };
};
export type TeamCommand = RegisterTeam;

export const teamDecider: Decider<TeamCommand, TeamEvent, TeamState> = {
  initialState: () => ({ registered: false, id: '', name: '', service: '' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterTeam': {
        requireRole(command.actor, ['AUDIT_TEAM'], 'register a team');
        const teamId = requireText('id', command.data.id);
        const name = requireText('name', command.data.name);
        const service = requireText('service', command.data.service);
        if (state.registered) throw conflict(`team ${teamId} is already registered`);
        return [{ type: 'TeamRegistered', data: { teamId, name, service } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'TeamRegistered':
        return { registered: true, id: event.data.teamId, name: event.data.name, service: event.data.service };
      default:
        return state;
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Staff

export type StaffState = {
  registered: boolean;
  id: string;
  name: string;
  email: string;
  teamId: string | null;
  roles: Role[];
  /** Cycles the head of service has excused this auditor from. */
  exemptions: AuditorExemption[];
  /** PPL-2: the latest day the auditor completed the audit team's training; null if never recorded. */
  trainedOn: LocalDate | null;
  /** PPL-8: the day they left the authority; null while they work here. */
  leftOn: LocalDate | null;
};

export type RegisterStaff = CommandContext & {
  type: 'RegisterStaff';
  data: { id: string; name: string; email: string; teamId?: string | null; roles: Role[] };
  /** The team named by data.teamId, or null when it is not registered. */
  team: { id: string } | null;
};

/**
 * PPL-6. The 000 guide: an auditor unable to complete an audit asks to be exempt, and only the head of
 * service can give that permission. An exemption covers one cycle.
 */
export type GrantAuditorExemption = CommandContext & {
  type: 'GrantAuditorExemption';
  data: { staffId: string; cycleId: string; reason: string };
  /** The cycle named by data.cycleId, or null when it does not exist. */
  cycle: { id: string; closed: boolean } | null;
};

/** PPL-2 (000): the audit team records that an auditor completed its training, and when. */
export type RecordAuditorTraining = CommandContext & {
  type: 'RecordAuditorTraining';
  data: { staffId: string; completedOn: LocalDate };
};

/** PPL-8: the audit team records that a staff member has left the authority, and on which day. */
export type RecordStaffLeaving = CommandContext & {
  type: 'RecordStaffLeaving';
  data: { staffId: string; leftOn: LocalDate };
};

export type StaffCommand = RegisterStaff | GrantAuditorExemption | RecordAuditorTraining | RecordStaffLeaving;

export const staffDecider: Decider<StaffCommand, StaffEvent, StaffState> = {
  initialState: () => ({ registered: false, id: '', name: '', email: '', teamId: null, roles: [], exemptions: [], trainedOn: null, leftOn: null }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterStaff':
        return registerStaff(command, state);
      case 'GrantAuditorExemption':
        return grantAuditorExemption(command, state);
      case 'RecordAuditorTraining':
        return recordAuditorTraining(command, state);
      case 'RecordStaffLeaving':
        return recordStaffLeaving(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'StaffRegistered':
        return {
          ...state,
          registered: true,
          id: event.data.staffId,
          name: event.data.name,
          email: event.data.email,
          teamId: event.data.teamId,
          roles: [...event.data.roles],
        };
      case 'AuditorExempted':
        return {
          ...state,
          exemptions: [
            ...state.exemptions,
            {
              cycleId: event.data.cycleId,
              reason: event.data.reason,
              grantedById: event.data.grantedById,
              grantedOn: event.data.grantedOn,
            },
          ],
        };
      case 'AuditorTrainingRecorded':
        // The latest completion counts: a record of an older course never takes a newer one away.
        return { ...state, trainedOn: state.trainedOn !== null && state.trainedOn > event.data.completedOn ? state.trainedOn : event.data.completedOn };
      case 'StaffLeft':
        return { ...state, leftOn: event.data.leftOn };
      default:
        return state;
    }
  },
};

/** PPL-7: the audit team registers staff, with roles from the list. */
function registerStaff(command: RegisterStaff, state: StaffState): StaffEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'register staff');
  const { data } = command;
  const staffId = requireText('id', data.id);
  const name = requireText('name', data.name);
  const email = requireText('email', data.email);
  if (!EMAIL.test(email)) throw badInput('email', 'must be an email address such as name@example.org');
  if (!Array.isArray(data.roles) || data.roles.length === 0) throw badInput('roles', 'at least one role is required');
  const unknown = data.roles.filter((role) => !ROLES.includes(role));
  if (unknown.length > 0) throw badInput('roles', `unknown role ${unknown.join(', ')}`);
  const teamId = optionalText(data.teamId);
  if (teamId !== null && command.team?.id !== teamId) throw notFound('team', teamId);
  if (state.registered) throw conflict(`staff member ${staffId} is already registered`);
  return [
    {
      type: 'StaffRegistered',
      data: { staffId, name, email, teamId, roles: [...new Set(data.roles)] },
    },
  ];
}

function grantAuditorExemption(command: GrantAuditorExemption, state: StaffState): StaffEvent[] {
  requireRole(command.actor, ['HEAD_OF_SERVICE'], 'grant an auditor exemption');
  const { data } = command;
  if (!state.registered) throw notFound('staff member', data.staffId);
  if (command.cycle === null || command.cycle.id !== data.cycleId) throw notFound('cycle', data.cycleId);
  if (!state.roles.includes('AUDITOR')) throw badInput('staffId', 'only an auditor can be exempted from auditing');
  const reason = requireText('reason', data.reason);
  if (command.cycle.closed) throw conflict(`cycle ${data.cycleId} is closed`);
  if (state.exemptions.some((e) => e.cycleId === data.cycleId)) {
    throw conflict(`staff member ${state.id} is already exempted from cycle ${data.cycleId}`);
  }
  return [
    {
      type: 'AuditorExempted',
      data: { staffId: state.id, cycleId: data.cycleId, reason, grantedById: command.actor.staffId, grantedOn: command.today },
    },
  ];
}

function recordAuditorTraining(command: RecordAuditorTraining, state: StaffState): StaffEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], "record an auditor's training");
  const { data } = command;
  if (!state.registered) throw notFound('staff member', data.staffId);
  if (!state.roles.includes('AUDITOR')) throw badInput('staffId', `PPL-2: ${state.id} does not hold the AUDITOR role: the audit team's training is recorded for auditors`);
  if (typeof data.completedOn !== 'string' || !isLocalDate(data.completedOn)) throw badInput('completedOn', 'must be a date written YYYY-MM-DD');
  if (data.completedOn > command.today) throw badInput('completedOn', `must not be in the future (today is ${command.today}): record the training once it is completed`);
  if (state.trainedOn === data.completedOn) throw conflict(`PPL-2: the training ${state.id} completed on ${data.completedOn} is already recorded`);
  return [
    {
      type: 'AuditorTrainingRecorded',
      data: { staffId: state.id, completedOn: data.completedOn, recordedById: command.actor.staffId, recordedOn: command.today },
    },
  ];
}

function recordStaffLeaving(command: RecordStaffLeaving, state: StaffState): StaffEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'record that a staff member has left');
  const { data } = command;
  if (!state.registered) throw notFound('staff member', data.staffId);
  if (typeof data.leftOn !== 'string' || !isLocalDate(data.leftOn)) throw badInput('leftOn', 'must be a date written YYYY-MM-DD');
  if (data.leftOn > command.today) throw badInput('leftOn', `PPL-8: must not be in the future (today is ${command.today}): record it on or after their last day`);
  if (state.id === command.actor.staffId) throw badInput('staffId', 'PPL-8: another member of the audit team records that you have left');
  if (state.leftOn !== null) throw conflict(`PPL-8: ${state.id} is already recorded as having left on ${state.leftOn}`);
  return [{ type: 'StaffLeft', data: { staffId: state.id, leftOn: data.leftOn, recordedById: command.actor.staffId, recordedOn: command.today } }];
}
