import { requireText, type Decider, type CommandContext } from '../shared/decider.js';
import { badInput, conflict, forbidden, notFound } from '../shared/errors.js';
import type { Grade, LocalDate } from '../shared/domain-types.js';
import type { ProgressEvent } from './events.js';

/**
 * The weekly progress record on Inadequate work (000 "Improvement & Learning: UoPP", Inadequate):
 * after the initial UoPP meeting the EH coordinator lead of the case's service tracks the plan and
 * reports weekly to the head of service and the audit manager (REP-8, REP-9 in docs/rules/reporting.md).
 */

export type ProgressState = { auditId: string | null; weeks: LocalDate[] };

/** What the rule needs of the audit, from its own stream; null when it was never allocated. */
export type ProgressAuditFact = { id: string; teamId: string; currentGrade: Grade | null; initialUoppHeld: boolean };

export type RecordInadequateWorkProgress = CommandContext & {
  type: 'RecordInadequateWorkProgress';
  data: { auditId: string; progress: string; onTrack: boolean };
  audit: ProgressAuditFact | null;
  /** The actor's own team and the team holding the case (service of each). */
  actorTeam: { id: string; service: string } | null;
  caseTeam: { id: string; service: string } | null;
};

export type ProgressCommand = RecordInadequateWorkProgress;

/** The Monday of the week `date` falls in. */
export function mondayOf(date: LocalDate): LocalDate {
  const ms = Date.parse(`${date}T12:00:00Z`);
  const back = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - back * 86_400_000).toISOString().slice(0, 10);
}

export const progressDecider: Decider<ProgressCommand, ProgressEvent, ProgressState> = {
  initialState: () => ({ auditId: null, weeks: [] }),

  decide(command, state) {
    const { data, actor, audit, actorTeam, caseTeam } = command;
    // REP-8: the coordinator lead of the service holding the case (PPL-1), nobody else.
    if (!actor.roles.includes('EH_COORDINATOR_LEAD')) throw forbidden('REP-8: only the EH coordinator lead of the case\'s service records the weekly progress on this work');
    if (!audit || audit.id !== data.auditId) throw notFound('audit', data.auditId);
    const ofService = actorTeam !== null && caseTeam !== null && caseTeam.id === audit.teamId && actorTeam.service === caseTeam.service;
    if (!ofService) throw forbidden('REP-8: only the EH coordinator lead of the case\'s service records the weekly progress on this work');
    const progress = requireText('progress', data.progress);
    if (typeof data.onTrack !== 'boolean') throw badInput('onTrack', 'must be true or false');
    if (audit.currentGrade !== 'INADEQUATE') throw conflict('REP-8: weekly progress is recorded on work whose current grade is Inadequate, and this work\'s is not');
    if (!audit.initialUoppHeld) throw conflict('REP-8: weekly progress is recorded following the initial UoPP meeting, which is not recorded yet');
    const weekOf = mondayOf(command.today);
    if (state.weeks.includes(weekOf)) throw conflict(`REP-8: the progress for the week of ${weekOf} is already recorded: one record a week`);
    return [{ type: 'InadequateWorkProgressRecorded', data: { auditId: audit.id, weekOf, progress, onTrack: data.onTrack, recordedById: actor.staffId, recordedOn: command.today } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'InadequateWorkProgressRecorded':
        return { auditId: event.data.auditId, weeks: [...state.weeks, event.data.weekOf] };
      default:
        return state;
    }
  },
};
