/** The GraphQL documents and shapes the actions pages use (the public API; nothing else). */

const FIELDS = `id auditId description ownerId dueOn scope status overdue onCaseRecord agreedById agreedOn
  lastProgressNote lastProgressedOn acknowledgedOn acknowledgementComment closedOn closingNote`;

export const MY_ACTIONS = `query MyActions { myActions { ${FIELDS} } }`;

/** A team manager's cases in every cycle, with their case actions (the API shows the audits they may read); learning actions are asked per audit. */
export const TEAM_ACTIONS = `query TeamActions { me { id } cycles { id name audits { id caseRef teamManagerId actions { ${FIELDS} } } } }`;

export const LEARNING_ACTIONS = `query LearningActions($auditId: ID!) { learningActions(auditId: $auditId) { ${FIELDS} } }`;

export const ACTION_TRACKER = `query ActionTracker($status: ActionStatus, $overdueOnly: Boolean) {
  actionTracker(status: $status, overdueOnly: $overdueOnly) { ${FIELDS} }
}`;

/** One audit's actions: those on the child's record and the learning actions the person may see. */
export const AUDIT_ACTIONS = `query AuditActions($auditId: ID!) {
  audit(id: $auditId) { id caseRef status auditorId practitionerId teamManagerId actions { ${FIELDS} } }
  learningActions(auditId: $auditId) { ${FIELDS} }
}`;

export const AUDIT_FOR_AGREEING = `query AuditForAgreeing($auditId: ID!) {
  audit(id: $auditId) { id caseRef status auditorId practitionerId teamManagerId }
}`;

export const AGREE = `mutation AgreeAction($input: AgreeActionInput!) { agreeAction(input: $input) { id auditId } }`;
export const ACKNOWLEDGE = `mutation AcknowledgeAction($input: AcknowledgeActionInput!) { acknowledgeAction(input: $input) { id } }`;
export const PROGRESS = `mutation ProgressAction($input: ProgressActionInput!) { progressAction(input: $input) { id } }`;
export const COMPLETE = `mutation CompleteAction($input: CompleteActionInput!) { completeAction(input: $input) { id } }`;
export const DROP = `mutation DropAction($input: DropActionInput!) { dropAction(input: $input) { id } }`;

export interface Action {
  id: string;
  auditId: string;
  description: string;
  ownerId: string;
  dueOn: string;
  scope: string;
  status: string;
  overdue: boolean;
  onCaseRecord: boolean;
  agreedById: string;
  agreedOn: string;
  lastProgressNote: string | null;
  lastProgressedOn: string | null;
  acknowledgedOn: string | null;
  acknowledgementComment: string | null;
  closedOn: string | null;
  closingNote: string | null;
}

export interface ActionAudit {
  id: string;
  caseRef: string;
  status: string;
  auditorId: string;
  practitionerId: string;
  teamManagerId: string;
  actions?: Action[];
}

export const SCOPE_LABELS: Record<string, string> = {
  CASE: "Case action (on the child's record)",
  PRACTITIONER_LEARNING: 'Practitioner learning',
  TEAM_LEARNING: 'Team learning',
  SERVICE_LEARNING: 'Service learning',
};

export const ACTION_STATUS_LABELS: Record<string, string> = { OPEN: 'Open', DONE: 'Done', DROPPED: 'Dropped' };
