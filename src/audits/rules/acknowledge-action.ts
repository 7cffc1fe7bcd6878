import { conflict, forbidden, notFound } from '../../shared/errors.js';
import { optionalText, type CommandContext } from '../../shared/decider.js';
import type { AuditState } from '../audit-state.js';
import type { AuditEvent } from '../events.js';
import { requireAudit } from './guards.js';

/**
 * AUD-5 (003 "Actions should be discussed with the practitioner - agree them together listening to the
 * voice of the practitioner"; 004 "agree them with the social worker"): the practitioner of the case
 * acknowledges each case action, with a comment if they have one. Once per action; a learning action
 * is shared with the practitioner's line instead and needs none.
 */
export type AcknowledgeAction = CommandContext & {
  type: 'AcknowledgeAction';
  data: { auditId: string; actionId: string; comment?: string | null };
};

export function acknowledgeAction(command: AcknowledgeAction, state: AuditState): AuditEvent[] {
  const { data, actor, today } = command;
  requireAudit(state, data.auditId);
  const action = state.actions[data.actionId];
  if (!action) throw notFound('action', data.actionId);
  if (actor.staffId !== state.practitionerId) throw forbidden('only the practitioner of the case may acknowledge its actions (rule AUD-5)');
  if (action.scope !== 'CASE') throw conflict(`action ${action.id} is a ${action.scope} action: only case actions are acknowledged on the audit (rule AUD-5)`);
  if (action.status === 'DROPPED') throw conflict(`action ${action.id} was dropped: there is nothing to acknowledge`);
  if (state.acknowledgedActionIds.includes(action.id)) throw conflict(`action ${action.id} is already acknowledged by the practitioner`);
  return [{ type: 'ActionAcknowledged', data: { auditId: state.id, actionId: action.id, practitionerId: actor.staffId, acknowledgedOn: today, comment: optionalText(data.comment) } }];
}
