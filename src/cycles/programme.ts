import type { LocalDate } from '../shared/domain-types.js';
import { badInput, conflict, forbidden, notFound } from '../shared/errors.js';
import { isLocalDate } from '../calendar/working-calendar.js';
import { type CommandContext } from '../shared/decider.js';
import type { PracticeDayHeld } from './events.js';

/**
 * The six-month programme of a cycle (000 "Audit Cycle – step by step over six months"; 001 "Stage 1:
 * … (month 1)", "Stage 2: Learning campaigns … (months 3, 4, 5 and 6)", "Stage 3: Re-audit (month 6)";
 * 000 "Practice Day takes place in month 4"): BEF-13 and BEF-14 of docs/rules/before-the-audit.md.
 */

export type ProgrammeMilestones = {
  /** Month 1. */
  auditMonth: string;
  /** Months 3 to 6. */
  learningFrom: string;
  learningTo: string;
  /** Month 4. */
  practiceDayMonth: string;
  /** Month 6: the following cycle's re-audit of work below Good. */
  reauditMonth: string;
};

/** `YYYY-MM` plus n months. */
export function addMonthsToMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** BEF-13: the milestones follow from the audit month. */
export function programmeMilestones(auditMonth: string): ProgrammeMilestones {
  return {
    auditMonth,
    learningFrom: addMonthsToMonth(auditMonth, 2),
    learningTo: addMonthsToMonth(auditMonth, 5),
    practiceDayMonth: addMonthsToMonth(auditMonth, 3),
    reauditMonth: addMonthsToMonth(auditMonth, 5),
  };
}

export type PracticeDay = { heldOn: LocalDate; leadersObservations: string[]; familyFeedback: string[] };

export type RecordPracticeDay = CommandContext & {
  type: 'RecordPracticeDay';
  data: { cycleId: string; heldOn: LocalDate; leadersObservations: string[]; familyFeedback: string[] };
};

const entries = (field: string, given: unknown): string[] => {
  if (!Array.isArray(given)) throw badInput(field, 'must be a list');
  const trimmed = given.map((g) => (typeof g === 'string' ? g.trim() : ''));
  if (trimmed.some((g) => g === '')) throw badInput(field, 'an entry must not be empty');
  return trimmed;
};

/**
 * BEF-14 (000 "Practice Days": "an opportunity for leaders to observe practice and to seek feedback
 * from children and families … Practice Day takes place in month 4"): recorded once, by the audit team,
 * on a day of month 4 that has come, with the leaders' observations and the families' feedback.
 */
export function recordPracticeDay(command: RecordPracticeDay, state: { scheduled: boolean; id: string; month: string; practiceDay: PracticeDay | null }): PracticeDayHeld[] {
  const { data } = command;
  if (!command.actor.roles.includes('AUDIT_TEAM')) throw forbidden('only AUDIT_TEAM may record the Practice Day');
  if (!state.scheduled) throw notFound('cycle', data.cycleId);
  if (typeof data.heldOn !== 'string' || !isLocalDate(data.heldOn)) throw badInput('heldOn', 'must be a date written YYYY-MM-DD');
  const month4 = programmeMilestones(state.month).practiceDayMonth;
  if (data.heldOn.slice(0, 7) !== month4) throw badInput('heldOn', `BEF-14: the Practice Day takes place in month 4 of the programme, ${month4}`);
  if (data.heldOn > command.today) throw badInput('heldOn', `must not be in the future (today is ${command.today}): record the Practice Day once it is held`);
  const leadersObservations = entries('leadersObservations', data.leadersObservations);
  const familyFeedback = entries('familyFeedback', data.familyFeedback);
  if (leadersObservations.length + familyFeedback.length === 0) throw badInput('leadersObservations', "BEF-14: record the leaders' observations or the families' feedback the day gathered");
  if (state.practiceDay) throw conflict(`BEF-14: the Practice Day of cycle ${state.id} is already recorded (held on ${state.practiceDay.heldOn})`);
  return [{ type: 'PracticeDayHeld', data: { cycleId: state.id, heldOn: data.heldOn, leadersObservations, familyFeedback, recordedById: command.actor.staffId } }];
}
