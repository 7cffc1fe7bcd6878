import type { Action, ActionAudit } from './actions.queries.js';

/** Who is looking: their staff id and roles. */
export interface Viewer {
  staffId: string | null;
  roles: readonly string[];
}

export type FollowUp = 'acknowledge' | 'progress' | 'complete' | 'drop';

/**
 * The forms an action's page offers this person. The API decides (AUD-5 and the actions decider);
 * the page only leaves out what it would refuse:
 * - acknowledge: the practitioner of the case, a case action not dropped, not yet acknowledged (AUD-5);
 * - progress and complete: an open action's owner or the case's team manager;
 * - drop (with a reason): an open action, by the case's team manager or the audit team.
 */
export function followUpsFor(viewer: Viewer, action: Action, audit: ActionAudit): FollowUp[] {
  const me = viewer.staffId;
  const open = action.status === 'OPEN';
  const has = (role: string) => viewer.roles.includes(role);
  const offered: FollowUp[] = [];
  if (me === audit.practitionerId && has('PRACTITIONER') && action.scope === 'CASE' && action.status !== 'DROPPED' && !action.acknowledgedOn) offered.push('acknowledge');
  if (open && (me === action.ownerId || me === audit.teamManagerId)) offered.push('progress', 'complete');
  if (open && ((me === audit.teamManagerId && has('TEAM_MANAGER')) || has('AUDIT_TEAM'))) offered.push('drop');
  return offered;
}

/** Who may agree actions on an audit: its auditor, the audit manager or the audit team (the API decides). */
export function mayAgreeActions(viewer: Viewer, audit: ActionAudit): boolean {
  return viewer.staffId === audit.auditorId || viewer.roles.some((r) => r === 'AUDIT_TEAM' || r === 'AUDIT_MANAGER');
}

/** A team manager's case actions, soonest due first, each with its case reference. */
export function teamActions(
  me: string,
  cycles: Array<{ name: string; audits: Array<ActionAudit & { actions?: Action[] }> }>,
): Array<Action & { caseRef: string; cycle: string }> {
  const rows = cycles.flatMap((cycle) =>
    cycle.audits.filter((audit) => audit.teamManagerId === me).flatMap((audit) => (audit.actions ?? []).map((a) => ({ ...a, caseRef: audit.caseRef, cycle: cycle.name }))),
  );
  return rows.sort((x, y) => x.dueOn.localeCompare(y.dueOn) || x.id.localeCompare(y.id));
}
