import type { Grade, LocalDate } from '../shared/domain-types.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';

/**
 * The programme's timescales (000 operational guide), in working days on the authority's calendar
 * unless the guide speaks in weeks or months. Dates in weeks/months are calendar dates and may fall
 * on a non-working day, as the guide's "6 weeks later" does.
 */

/**
 * Moderation is due by the last working day of the audit month; for work the auditor grades
 * Inadequate, within 1 working day of submission. (000 says "within 1 day"; DESIGN.md reads it as
 * a working day, which keeps a Friday submission from being due on a Saturday.)
 */
export function moderationDue(calendar: WorkingCalendar, cycleMonth: string, submittedOn: LocalDate, overall: Grade): LocalDate {
  return overall === 'INADEQUATE' ? calendar.addWorkingDays(submittedOn, 1) : calendar.lastWorkingDayOfMonth(cycleMonth);
}

/** The first UoPP meeting: within 5 working days of moderation, 3 for Inadequate work. */
export function uoppDue(calendar: WorkingCalendar, moderatedOn: LocalDate, moderated: Grade): LocalDate {
  return calendar.addWorkingDays(moderatedOn, moderated === 'INADEQUATE' ? 3 : 5);
}

/** Inadequate work: the team manager addresses urgent issues within 2 working days of the moderated outcome. */
export function urgentIssuesDue(calendar: WorkingCalendar, moderatedOn: LocalDate, moderated: Grade): LocalDate | null {
  return moderated === 'INADEQUATE' ? calendar.addWorkingDays(moderatedOn, 2) : null;
}

/** Inadequate work: a further UoPP meeting 6 weeks after the first. */
export function followUpUoppDue(calendar: WorkingCalendar, firstHeldOn: LocalDate, moderated: Grade): LocalDate | null {
  return moderated === 'INADEQUATE' ? calendar.addWeeks(firstHeldOn, 6) : null;
}

/** Work moderated RI or Inadequate: a dip audit 6 weeks after moderation. */
export function dipAuditDue(calendar: WorkingCalendar, moderatedOn: LocalDate): LocalDate {
  return calendar.addWeeks(moderatedOn, 6);
}

/** Work not improved by 4 months is escalated to the divisional director. */
export function improvementEscalationDue(calendar: WorkingCalendar, moderatedOn: LocalDate): LocalDate {
  return calendar.addMonths(moderatedOn, 4);
}
