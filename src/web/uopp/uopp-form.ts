import type { FieldError } from '../kernel/form-errors.js';
import { dateFromFields } from '../moderation/moderation-form.js';
import type { UoppAudit } from './uopp.queries.js';

/** The plans a UoPP meeting's actions go into (the API's LinkedPlan): it links to the plan, never holds its content. */
export const LINKED_PLANS = [
  { value: 'EHA', text: 'Early Help Assessment (EHA)' },
  { value: 'TAF', text: 'Team Around the Family plan (TAF)' },
  { value: 'TAC', text: 'Team Around the Child plan (TAC)' },
];

/** The case's people who attend at least (AFT-3: the team manager, the practitioner, the original auditor), and its moderator. */
export function caseAttendees(audit: UoppAudit): Array<{ value: string; text: string }> {
  return [
    { value: audit.practitionerId, text: `Practitioner (${audit.practitionerId})` },
    { value: audit.teamManagerId, text: `Team manager (${audit.teamManagerId})` },
    { value: audit.auditorId, text: `Auditor (${audit.auditorId})` },
    { value: audit.moderatorId, text: `Moderator (${audit.moderatorId})` },
  ];
}

/** Who chairs, as the documents say (000): the audit manager for Inadequate work, the auditor for RI and above. */
export function suggestedChair(audit: UoppAudit, person: { staffId: string | null; roles: readonly string[] }): string {
  if (audit.currentGrade === 'INADEQUATE') return person.roles.includes('AUDIT_MANAGER') && person.staffId ? person.staffId : '';
  return audit.auditorId;
}

/** Staff ids typed in one field, separated by commas or spaces. */
export function staffIds(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter(Boolean);
}

/**
 * The meeting form as RecordUoPPMeetingInput. `attendees` are the ticked people of the case; the
 * form's `otherAttendees` adds anyone else by staff id. No revised grade and no plan send null.
 */
export function meetingInput(auditId: string, form: Record<string, string>, attendees: string[]): { input: Record<string, unknown> | null; problems: FieldError[] } {
  const heldOn = dateFromFields(form, 'heldOn', 'the day the meeting was held');
  if (heldOn.problem) return { input: null, problems: [heldOn.problem] };
  return {
    input: {
      auditId,
      heldOn: heldOn.value,
      chairId: (form.chairId ?? '').trim(),
      attendeeIds: [...new Set([...attendees, ...staffIds(form.otherAttendees)])],
      linkedPlan: form.linkedPlan && form.linkedPlan !== 'NONE' ? form.linkedPlan : null,
      revisedGrade: form.revisedGrade && form.revisedGrade !== 'UNCHANGED' ? form.revisedGrade : null,
      rationale: form.rationale?.trim() ? form.rationale : null,
    },
    problems: [],
  };
}

/** The API's field → the form's field. */
export function meetingField(apiField: string | null): string | null {
  const name = apiField?.replace(/^input\./, '') ?? null;
  const fields: Record<string, string> = { heldOn: 'heldOn-day', chairId: 'chairId', attendeeIds: 'attendees', linkedPlan: 'linkedPlan', revisedGrade: 'revisedGrade', rationale: 'rationale' };
  return name ? (fields[name] ?? null) : null;
}
