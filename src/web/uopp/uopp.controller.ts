import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { caseAttendees, LINKED_PLANS, meetingField, meetingInput, suggestedChair } from './uopp-form.js';
import { loadUopp, RECORD_UOPP_MEETING, RECORD_URGENT_ISSUES, type UoppAudit } from './uopp.queries.js';

const base = (audit: { id: string }) => `/audits/${encodeURIComponent(audit.id)}`;
const MAY_RECORD = ['AUDIT_MANAGER', 'AUDIT_TEAM', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD'];

/**
 * The UoPP meeting after moderation (000 "Understanding our Practice meetings"): that it took place,
 * when, who attended and chaired, the plan it links to (never its content), and the grade if the
 * meeting raised it. For work moderated Inadequate, the team manager records that the urgent issues
 * were addressed. The API decides who may record them (the chair, the auditor, the audit manager…).
 */
@WebController('audits')
export class UoppController {
  @Get(':id/uopp')
  async show(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await loadUopp(page, id);
    this.render(page, audit, null, { chairId: suggestedChair(audit, this.person(page)) }, [], new FormErrors());
  }

  @Post(':id/uopp')
  async recordMeeting(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await loadUopp(page, id);
    const attendees = this.ticked(page);
    const errors = new FormErrors();
    const { input, problems } = meetingInput(audit.id, page.form, attendees);
    for (const problem of problems) errors.add(problem.field, problem.text);
    if (input) await this.send(page, RECORD_UOPP_MEETING, { input }, errors, meetingField, MEETING_LABELS);
    if (errors.any) return this.render(page, audit, 'meeting', page.form, attendees, errors, 400);
    page.redirect(`${base(audit)}/uopp`);
  }

  @Post(':id/urgent-issues')
  async urgentIssues(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await loadUopp(page, id);
    const errors = new FormErrors();
    await this.send(page, RECORD_URGENT_ISSUES, { input: { auditId: audit.id, summary: page.form.summary ?? '' } }, errors, (f) => (f?.endsWith('summary') ? 'summary' : null), {
      summary: 'What was done',
    });
    if (errors.any) return this.render(page, audit, 'urgent', page.form, [], errors, 400);
    page.redirect(`${base(audit)}/uopp`);
  }

  /** A mutation whose refusals go beside the fields; an unknown staff id typed in the form is one too. */
  private async send(page: WebPage, document: string, variables: Record<string, unknown>, errors: FormErrors, fieldFor: (f: string | null) => string | null, labels: Record<string, string>) {
    try {
      const result = await page.mutate(document, variables);
      if (!result.ok) errors.addApiErrors(result.errors, fieldFor, labels);
    } catch (error) {
      if (!(error instanceof ApiFailure) || error.code !== 'NOT_FOUND') throw error;
      const unknownStaff = /^staff member (.+) does not exist$/.exec(error.message);
      if (!unknownStaff) throw error;
      errors.add(unknownStaff[1] === (variables.input as { chairId?: string }).chairId ? 'chairId' : 'otherAttendees', `There is no staff member with the id ${unknownStaff[1]}`);
    }
  }

  private ticked(page: WebPage): string[] {
    const raw = (page.req.body as Record<string, unknown> | undefined)?.attendees;
    return (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
  }

  private person(page: WebPage) {
    return { staffId: page.staffId, roles: page.session.roles ?? [] };
  }

  private render(page: WebPage, audit: UoppAudit, refused: string | null, values: Record<string, string>, attendees: string[], errors: FormErrors, status = 200) {
    const { staffId, roles } = this.person(page);
    const meetingDue = audit.status === 'MODERATED' && (!audit.uoppHeld || audit.deadlines.followUpUoppDue !== null);
    const mayRecord = staffId === audit.auditorId || roles.some((r) => MAY_RECORD.includes(r));
    page.render(
      'uopp/uopp.njk',
      {
        pageTitle: `UoPP meeting for case ${audit.caseRef}`,
        audit,
        meetingForm: meetingDue && mayRecord,
        followUp: audit.uoppHeld,
        urgentForm: staffId === audit.teamManagerId && !!audit.deadlines.urgentIssuesDue && !audit.urgentIssuesAddressed,
        revisions: audit.gradeHistory.filter((c) => c.source === 'UOPP'),
        people: caseAttendees(audit).map((p) => ({ ...p, checked: attendees.includes(p.value) })),
        plans: LINKED_PLANS,
        planNames: Object.fromEntries(LINKED_PLANS.map((p) => [p.value, p.text])),
        refused,
        values,
        errors,
        meetingAction: `${base(audit)}/uopp`,
        urgentAction: `${base(audit)}/urgent-issues`,
        backHref: base(audit),
      },
      status,
    );
  }
}

const MEETING_LABELS = {
  'heldOn-day': 'The day the meeting was held',
  chairId: 'The chair',
  attendees: 'Who attended',
  linkedPlan: 'The plan',
  revisedGrade: 'The revised grade',
  rationale: 'The rationale',
};
