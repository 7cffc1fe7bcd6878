import { calendarFor } from '../../src/calendar/working-calendar.js';
import { OVERALL, isBelowGood, type Grade, type LocalDate, type Role } from '../../src/shared/domain-types.js';
import type { StaffFact } from '../../src/shared/facts.js';
import { gradedSectionKeys, type AuditCommand } from '../../src/audits/decider.js';
import type { AuditEvent } from '../../src/audits/events.js';
import { findTemplate, type AuditTemplate } from '../../src/audits/templates/index.js';
import * as deadlines from '../../src/shared/deadlines.js';

/**
 * Events and commands for the audit decider's given/when/then tests: an Early Help case of the EH Hub
 * (practitioner prac, team manager tm) audited by aud from Early Intervention and moderated by mod,
 * in the December 2026 cycle c1.
 */

export const calendar = calendarFor('GB-ENG');
export const actor = (staffId: string, ...roles: Role[]) => ({ staffId, roles });
export const staff = (id: string, teamId: string | null, ...roles: Role[]): StaffFact => ({ id, teamId, roles, exemptions: [] });
export const cycle = { id: 'c1', month: '2026-12', status: 'OPEN' as const };

export const who = {
  admin: actor('admin', 'AUDIT_TEAM'),
  auditor: actor('aud', 'AUDITOR'),
  moderator: actor('mod', 'MODERATOR'),
  practitioner: actor('prac', 'PRACTITIONER'),
  teamManager: actor('tm', 'TEAM_MANAGER'),
  headOfService: actor('hos', 'HEAD_OF_SERVICE'),
  auditManager: actor('am', 'AUDIT_MANAGER'),
};

export const facts = {
  practitioner: staff('prac', 'eh-hub', 'PRACTITIONER'),
  teamManager: staff('tm', 'eh-hub', 'TEAM_MANAGER'),
  auditor: staff('aud', 'ei', 'AUDITOR'),
  moderator: staff('mod', 'ei', 'MODERATOR'),
  auditManager: staff('am', null, 'AUDIT_MANAGER'),
};

/** A command as the handler builds it: the context, then the facts the rule needs. */
export function cmd<C extends AuditCommand>(
  type: C['type'],
  data: C['data'],
  by: { staffId: string; roles: Role[] },
  today: LocalDate,
  extra: Omit<C, 'type' | 'data' | 'actor' | 'today' | 'calendar'>,
): C {
  return { type, data, actor: by, today, calendar, ...extra } as unknown as C;
}

export function allocated(template: Pick<AuditTemplate, 'id' | 'version'> = findTemplate('early-help-uop', 1)!): AuditEvent {
  return {
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
      templateId: template.id,
      templateVersion: template.version,
      reauditOfAuditId: null,
      auditedBefore: null,
      previousAuditOn: null,
      ethnicity: null,
      childAge: null,
      monthsOpen: null,
    },
  };
}

export const gradeSet = (section: string, to: Grade, from: Grade | null = null): AuditEvent => ({
  type: 'GradeSet',
  data: { auditId: 'a1', section, from, to, rationale: `Evidence for ${section}`, auditorId: 'aud' },
});

/** Every graded section of `template` at `grade`, then OVERALL. */
export const fullyGraded = (template: AuditTemplate, grade: Grade, overall: Grade = grade): AuditEvent[] => [
  ...gradedSectionKeys(template).map((s) => gradeSet(s, grade)),
  gradeSet(OVERALL, overall),
];

export const caseAction = (actionId = 'act-1', ownerId = 'prac'): AuditEvent => ({
  type: 'ActionAgreed',
  data: { auditId: 'a1', actionId, description: 'Safety plan shared with the family', ownerId, dueOn: '2027-01-29', scope: 'CASE', onCaseRecord: true, agreedById: 'aud', agreedOn: '2026-12-10' },
});

export const submittedEvent = (overallGrade: Grade, submittedOn: LocalDate = '2026-12-24'): AuditEvent => ({
  type: 'AuditSubmitted',
  data: { auditId: 'a1', submittedOn, overallGrade, moderationDue: '2026-12-31', suggestedGrade: overallGrade, inconsistencies: [] },
});

/**
 * An Early Help v1 audit graded `grade` throughout (with a case action when below Good), submitted on
 * 24 December and moderated to `moderated` on 30 December 2026, with the follow-ups moderation starts.
 */
export function moderatedAudit(grade: Grade, moderated: Grade = grade): AuditEvent[] {
  const template = findTemplate('early-help-uop', 1)!;
  const on = '2026-12-30';
  const events: AuditEvent[] = [
    allocated(template),
    ...fullyGraded(template, grade),
    ...(isBelowGood(grade) ? [caseAction()] : []),
    submittedEvent(grade),
    { type: 'ModerationChanged', data: { auditId: 'a1', section: OVERALL, from: grade, to: moderated, rationale: 'Agreed after discussion', moderatorId: 'mod' } },
    {
      type: 'ModerationCompleted',
      data: {
        auditId: 'a1',
        completedOn: on,
        moderatedGrade: moderated,
        initialGrade: grade,
        uoppDue: deadlines.uoppDue(calendar, on, moderated),
        urgentIssuesDue: deadlines.urgentIssuesDue(calendar, on, moderated),
        reauditRequired: isBelowGood(moderated),
      },
    },
  ];
  if (isBelowGood(moderated)) {
    events.push({
      type: 'ReauditDue',
      data: { auditId: 'a1', dueOn: deadlines.dipAuditDue(calendar, on), moderatedGrade: moderated, kind: 'DIP_AUDIT', escalateIfNotImprovedBy: deadlines.improvementEscalationDue(calendar, on) },
    });
  }
  return events;
}
