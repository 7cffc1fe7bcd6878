import { badInput, conflict } from '../../shared/errors.js';
import { isBelowGood, type Grade, type LocalDate } from '../../shared/domain-types.js';
import type { ActionState } from '../audit-state.js';

/**
 * What an audit needs before it is submitted, beyond its grades (docs/rules/the-audit.md).
 * Each function throws the refusal, naming the rule; nothing here reads a database.
 */

/**
 * AUD-4 (003 "Actions": "Where a case has been graded as RI or Inadequate the actions will need to
 * bring this case to a good or better grading"): work graded below Good is submitted only with at
 * least one case action still standing (open or done, not dropped). Dip samples are checks of the
 * record, not audits of the work, and agree no actions.
 */
export function requireActionToGood(overall: Grade, actions: Record<string, ActionState>, templateKind: string | undefined): void {
  if (templateKind === 'DIP_SAMPLE' || !isBelowGood(overall)) return;
  const standing = Object.values(actions).filter((a) => a.scope === 'CASE' && a.status !== 'DROPPED');
  if (standing.length === 0) {
    throw conflict(
      `cannot submit: work graded ${overall} needs at least one CASE action that brings it to Good (003 Actions, rule AUD-4): agree one with agreeAction first`,
    );
  }
}

/**
 * AUD-1 (003 header "Date of collaborative discussion as part of the audit with the practitioner
 * and/or Team Manager"; 000 "Completion of collaborative auditing"): for a template that asks for it,
 * the discussion is recorded before the audit is submitted.
 */
export function requireCollaborativeDiscussion(required: boolean, discussedOn: LocalDate | null): void {
  if (!required || discussedOn !== null) return;
  throw conflict(
    'cannot submit: the date of the collaborative discussion with the practitioner (and/or team manager) is required (003 header, rule AUD-1): record it with recordCollaborativeDiscussion first',
  );
}

/** The people a UoPP meeting needs at least, by post; `present` includes the chair. */
export type RequiredAttendee = { post: string; staffId: string };

/**
 * AFT-3 (000 "Who should attend?"): "The key professionals … who should attend as a minimum are the
 * Team Manager, the Social Worker/other allocated practitioner, and the original auditor." The
 * follow-up on Inadequate work is convened by the EH coordinator lead "with the TM/SW": the team
 * manager and the practitioner at least.
 */
export function requireMinimumAttendance(required: readonly RequiredAttendee[], present: ReadonlySet<string>, meeting: 'INITIAL' | 'FOLLOW_UP'): void {
  const missing = required.filter((r) => !present.has(r.staffId));
  if (missing.length === 0) return;
  const who = required.map((r) => r.post).join(', ');
  throw badInput(
    'attendeeIds',
    `${meeting === 'INITIAL' ? 'a UoPP meeting' : 'the follow-up UoPP meeting'} is attended at least by the ${who} (000 "Who should attend?", rule AFT-3): missing ${missing
      .map((r) => `the ${r.post} (${r.staffId})`)
      .join(', ')}`,
  );
}
