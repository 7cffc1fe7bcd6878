import { badInput, conflict, notFound } from '../shared/errors.js';
import type { Role } from '../shared/domain-types.js';
import { requireRole, type CommandContext } from '../shared/decider.js';
import type { StaffFact } from '../shared/facts.js';
import type { ModerationGroupAppointed } from './events.js';

/**
 * AUD-13 (001 "Moderation": "Audits in Children's Social Care and Early Help are moderated by a group
 * consisting of the Divisional Director, the Heads of Service, Group Managers and Quality Assurance
 * Officers"; docs/rules/the-audit.md): an option of the programme, per cycle, beside the one allocated
 * moderator of 000. Appointed, any member of the group may moderate the cycle's audits; the allocated
 * moderator still may. Group managers and QA officers have no role of their own: they sit in the
 * group as moderators (MODERATOR) or of the audit team (AUDIT_TEAM).
 */

export const MODERATION_GROUP_ROLES: readonly Role[] = ['DIVISIONAL_DIRECTOR', 'HEAD_OF_SERVICE', 'MODERATOR', 'AUDIT_TEAM'];

export type AppointModerationGroup = CommandContext & {
  type: 'AppointModerationGroup';
  data: { cycleId: string; memberIds: string[] };
  /** The members found; an id without a fact here is unknown. */
  members: readonly StaffFact[];
};

export function appointModerationGroup(command: AppointModerationGroup, state: { scheduled: boolean; id: string; status: string | null }): ModerationGroupAppointed[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'appoint the moderation group');
  const { data } = command;
  if (!state.scheduled) throw notFound('cycle', data.cycleId);
  if (!Array.isArray(data.memberIds)) throw badInput('memberIds', 'must be a list of staff ids');
  const memberIds = [...new Set(data.memberIds)];
  if (memberIds.length < 2) throw badInput('memberIds', 'AUD-13: a moderation group has at least two members');
  for (const id of memberIds) {
    const member = command.members.find((m) => m.id === id);
    if (!member) throw badInput('memberIds', `no staff member has the id ${id}`);
    if (!member.roles.some((r) => MODERATION_GROUP_ROLES.includes(r))) {
      throw badInput('memberIds', `AUD-13: ${id} is not one who moderates in the group: the divisional director, a head of service, a group manager or QA officer (MODERATOR or AUDIT_TEAM)`);
    }
  }
  if (state.status === 'CLOSED') throw conflict(`cycle ${state.id} is closed`);
  return [{ type: 'ModerationGroupAppointed', data: { cycleId: state.id, memberIds, appointedById: command.actor.staffId, appointedOn: command.today } }];
}
