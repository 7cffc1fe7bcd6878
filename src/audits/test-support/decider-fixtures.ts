import { DeciderSpec } from '../../../test/support/decider-spec.js';
import { calendarFor } from '../../calendar/working-calendar.js';
import { OVERALL, type Grade, type LocalDate, type Role } from '../../shared/domain-types.js';
import type { StaffFact } from '../../shared/facts.js';
import { findTemplate } from '../templates/index.js';
import { auditDecider, gradedSectionKeys, isAllocated, type AllocateAudit, type AllocatedAudit, type AuditState, type ModeratedAudit, type AuditCommand, type CompleteModeration, type ModerateGrade, type SetGrade, type SubmitAudit } from '../decider.js';
import type { AuditAllocated, AuditEvent } from '../events.js';

/**
 * The commands and events of the audit decider's given/when/then tests by capability (rules/*.test.ts).
 */

// ---------------------------------------------------------------------------------------------
// A case held by the EH Hub, audited by someone from Early Intervention.

export const calendar = calendarFor('GB-ENG');
export const spec = DeciderSpec.for(auditDecider);
export const template = findTemplate('early-help-uop', 1)!;
export const GRADED = gradedSectionKeys(template);

export const actor = (staffId: string, ...roles: Role[]) => ({ staffId, roles });
export const admin = actor('admin', 'AUDIT_TEAM');
export const auditorActor = actor('aud', 'AUDITOR');

// Trained (PPL-2) well before any allocation here; allocation-preconditions.test.ts covers an untrained auditor.
export const staff = (id: string, teamId: string | null, ...roles: Role[]): StaffFact => ({ id, teamId, roles, exemptions: [], trainedOn: '2026-01-15' });
export const practitioner = staff('prac', 'eh-hub', 'PRACTITIONER');
export const teamManager = staff('tm', 'eh-hub', 'TEAM_MANAGER');
export const auditor = staff('aud', 'ei', 'AUDITOR');
export const moderator = staff('mod', 'ei', 'MODERATOR');

/** BEF-3: approved by every post (allocation-preconditions.test.ts covers the rest). */
export const APPROVED = (['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'] as const).map((role) => ({ role, staffId: role, approvedOn: '2026-11-20' }));

export function allocate(overrides: Partial<AllocateAudit> = {}, data: Partial<AllocateAudit['data']> = {}): AllocateAudit {
  return {
    type: 'AllocateAudit',
    data: {
      auditId: 'a1',
      cycleId: 'c1',
      caseRef: 'EH-1001',
      teamId: 'eh-hub',
      practitionerId: 'prac',
      teamManagerId: 'tm',
      auditorId: 'aud',
      moderatorId: 'mod',
      ...data,
    },
    cycle: { id: 'c1', month: '2026-12', status: 'OPEN', kloeApprovals: APPROVED },
    team: { id: 'eh-hub', service: 'Early Help' },
    practitioner,
    teamManager,
    auditor,
    moderator,
    template,
    actor: admin,
    today: '2026-12-01',
    calendar,
    ...overrides,
  };
}

export const allocated: AuditAllocated = {
  type: 'AuditAllocated',
  data: {
    auditId: 'a1',
    cycleId: 'c1',
    caseRef: 'EH-1001',
    teamId: 'eh-hub',
    practitionerId: 'prac',
    teamManagerId: 'tm',
    auditorId: 'aud',
    moderatorId: 'mod',
    templateId: 'early-help-uop',
    templateVersion: 1,
    reauditOfAuditId: null,
    // The template header's case facts, null when nobody stated them and the case has no earlier audit.
    auditedBefore: null,
    previousAuditOn: null,
    ethnicity: null,
    childAge: null,
    monthsOpen: null,
  },
};

export const setGrade = (section: string, grade: Grade, rationale = `Evidence for ${section}`, who = auditorActor, today: LocalDate = '2026-12-10'): SetGrade => ({
  type: 'SetGrade',
  data: { auditId: 'a1', section, grade, rationale },
  template,
  actor: who,
  today,
  calendar,
});

export const gradeSet = (section: string, to: Grade, from: Grade | null = null): AuditEvent => ({
  type: 'GradeSet',
  data: { auditId: 'a1', section, from, to, rationale: `Evidence for ${section}`, auditorId: 'aud' },
});

/** Every graded section at `grade`, and OVERALL at `overall`. */
export const fullyGraded = (grade: Grade, overall: Grade = grade): AuditEvent[] => [...GRADED.map((s) => gradeSet(s, grade)), gradeSet(OVERALL, overall)];

/** AUD-4: work graded below Good is submitted with a case action that brings it to Good. */
export const caseActionAgreed: AuditEvent = {
  type: 'ActionAgreed',
  data: { auditId: 'a1', actionId: 'act-good', description: 'Safety plan shared with the family', ownerId: 'prac', dueOn: '2027-01-29', scope: 'CASE', onCaseRecord: true, agreedById: 'aud', agreedOn: '2026-12-10' },
};

// ---------------------------------------------------------------------------------------------
// The rest of the lifecycle

export const cycle = { id: 'c1', month: '2026-12', status: 'OPEN' as const };
export const moderatorActor = actor('mod', 'MODERATOR');

/** A command as the handler builds it: the context, then the facts the rule needs. */
export function cmd<C extends AuditCommand>(type: C['type'], data: C['data'], who: { staffId: string; roles: Role[] }, today: LocalDate, facts: Omit<C, 'type' | 'data' | 'actor' | 'today' | 'calendar'>): C {
  return { type, data, actor: who, today, calendar, ...facts } as unknown as C;
}

/** AUD-12: the rule the suggestion records when all seven sections have the same grade. */
export const SAME_GRADE_RULE: Record<Grade, string> = {
  OUTSTANDING: '7 of 7 sections Outstanding: the majority (002 Outcomes)',
  GOOD: '7 of 7 sections Good or better: the majority (002 Outcomes)',
  REQUIRES_IMPROVEMENT: '7 of 7 sections Requires Improvement or better: the majority (002 Outcomes)',
  INADEQUATE: '7 of 7 sections Inadequate, no majority Requires Improvement or better: the majority (002 Outcomes)',
};

export const submit = (today: LocalDate = '2026-12-24', who = auditorActor) =>
  cmd<SubmitAudit>('SubmitAudit', { auditId: 'a1' }, who, today, { template, cycle });

export const submitted = (overallGrade: Grade, submittedOn: LocalDate = '2026-12-24', moderationDue: LocalDate = '2026-12-31', suggestedGrade: Grade | null = overallGrade): AuditEvent => ({
  type: 'AuditSubmitted',
  data: { auditId: 'a1', submittedOn, overallGrade, moderationDue, suggestedGrade, suggestionRule: suggestedGrade && SAME_GRADE_RULE[suggestedGrade], inconsistencies: [] },
});

export const moderate = (section: string, grade: Grade, rationale = 'Agreed after discussion with the auditor', who = moderatorActor) =>
  cmd<ModerateGrade>('ModerateGrade', { auditId: 'a1', section, grade, rationale }, who, '2026-12-29', { template });

export const moderationChanged = (section: string, from: Grade | null, to: Grade): AuditEvent => ({
  type: 'ModerationChanged',
  data: { auditId: 'a1', section, from, to, rationale: 'Agreed after discussion with the auditor', moderatorId: 'mod' },
});

export const complete = (today: LocalDate = '2026-12-24', who = moderatorActor) => cmd<CompleteModeration>('CompleteModeration', { auditId: 'a1' }, who, today, {});

export const completed = (moderatedGrade: Grade, completedOn: LocalDate, initialGrade: Grade, uoppDue: LocalDate, urgentIssuesDue: LocalDate | null = null): AuditEvent => ({
  type: 'ModerationCompleted',
  data: { auditId: 'a1', completedOn, moderatedGrade, initialGrade, uoppDue, urgentIssuesDue, reauditRequired: moderatedGrade === 'REQUIRES_IMPROVEMENT' || moderatedGrade === 'INADEQUATE' },
});

export const notification = (reason: 'INADEQUATE_SUBMITTED' | 'INADEQUATE_MODERATED', notifyBy: LocalDate, notifierId: string): AuditEvent => ({
  type: 'NotificationRequired',
  data: {
    auditId: 'a1',
    reason,
    grade: 'INADEQUATE',
    recipients: [
      { role: 'PRACTITIONER', staffId: 'prac' },
      { role: 'TEAM_MANAGER', staffId: 'tm' },
      { role: 'EH_COORDINATOR_LEAD', staffId: null },
      { role: 'AUDIT_MANAGER', staffId: null },
      { role: 'HEAD_OF_SERVICE', staffId: null },
    ],
    notifyBy,
    notifierId,
  },
});

/** An audit graded `grade` throughout, submitted, moderated to `moderated` on 2026-12-30. */
export const moderatedAudit = (grade: Grade, moderated: Grade = grade): AuditEvent[] => [
  allocated,
  ...fullyGraded(grade),
  submitted(grade),
  moderationChanged(OVERALL, grade, moderated),
  completed(moderated, '2026-12-30', grade, calendar.addWorkingDays('2026-12-30', moderated === 'INADEQUATE' ? 3 : 5)),
];

/** The audit the events left: allocated, or the test is wrong. */
export function theAudit(state: AuditState): AllocatedAudit {
  if (!isAllocated(state)) throw new Error('the events leave no allocated audit');
  return state;
}

/** The audit the events left: moderated, or the test is wrong. */
export function theModeratedAudit(state: AuditState): ModeratedAudit {
  if (state.status !== 'MODERATED') throw new Error(`the events leave the audit ${state.status}, not moderated`);
  return state;
}
