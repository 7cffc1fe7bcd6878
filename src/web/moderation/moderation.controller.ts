import { Get, Param, Post } from '@nestjs/common';
import { OVERALL } from '../../shared/domain-types.js';
import { moderationRoute, type Template } from '../audit/audit.queries.js';
import { journeySection } from '../audit/section-form.js';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { dateFromFields, moderatedGrade, moderationRows, recordedDecision, type ModerationRow, type ModerationValues } from './moderation-form.js';
import { COMPLETE_MODERATION, loadModeration, MODERATE_GRADE, RETURN_FOR_RECTIFICATION, type ModerationAudit } from './moderation.queries.js';

const base = (audit: { id: string }) => `/audits/${encodeURIComponent(audit.id)}`;

/**
 * Moderation of a submitted audit: every graded section with the auditor's grade and rationale beside
 * the moderator's choice; agreeing or changing each, always with a rationale; completing moderation.
 * And the audit team's QA: returning a submitted audit to the auditor to put right by a date.
 */
@WebController('audits')
export class ModerationController {
  @Get(':id/moderation')
  async overview(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, template } = await loadModeration(page, id);
    this.requireModeratorOrTeam(page, audit);
    this.renderOverview(page, audit, template, new FormErrors());
  }

  @Post(':id/complete-moderation')
  async complete(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, template } = await loadModeration(page, id);
    // The same form posted twice (a double click): the first one completed it.
    if (audit.status === 'MODERATED' && audit.moderatorId === page.staffId) return page.redirect(`${base(audit)}/moderation`);
    const result = await page.mutate(COMPLETE_MODERATION, { auditId: audit.id });
    if (!result.ok) return this.renderOverview(page, audit, template, new FormErrors().addApiErrors(result.errors, () => null), 400);
    page.redirect(`${base(audit)}/moderation`);
  }

  @Get(':id/moderation/:section')
  async section(@Page() page: WebPage, @Param('id') id: string, @Param('section') key: string) {
    const { audit, template } = await loadModeration(page, id);
    const row = this.moderatableRow(page, audit, template, key);
    this.renderSection(page, audit, template, row, recordedDecision(row), new FormErrors());
  }

  @Post(':id/moderation/:section')
  async moderate(@Page() page: WebPage, @Param('id') id: string, @Param('section') key: string) {
    const { audit, template } = await loadModeration(page, id);
    const row = this.moderatableRow(page, audit, template, key);
    const form = page.form;
    const errors = new FormErrors();
    const { grade, problems } = moderatedGrade(form, row.auditorGrade);
    for (const problem of problems) errors.add(problem.field, problem.text);
    if (grade) {
      const result = await page.mutate(MODERATE_GRADE, { input: { auditId: audit.id, section: row.key, grade, rationale: form.rationale ?? '' } });
      if (!result.ok) {
        errors.addApiErrors(result.errors, (f) => (f === 'rationale' || f === 'input.rationale' ? 'rationale' : f === 'grade' ? 'grade' : null), {
          rationale: 'The rationale',
          grade: 'The grade',
        });
      }
    }
    if (errors.any) return this.renderSection(page, audit, template, row, form, errors, 400);
    page.redirect(`${base(audit)}/moderation`);
  }

  @Get(':id/return')
  async returnForm(@Page() page: WebPage, @Param('id') id: string) {
    const { audit } = await loadModeration(page, id);
    this.requireAuditTeam(page, audit);
    this.renderReturn(page, audit, {}, new FormErrors());
  }

  @Post(':id/return')
  async returnAudit(@Page() page: WebPage, @Param('id') id: string) {
    const { audit } = await loadModeration(page, id);
    const form = page.form;
    const errors = new FormErrors();
    const rectifyBy = dateFromFields(form, 'rectifyBy', 'the date to put it right by');
    if (rectifyBy.problem) errors.add(rectifyBy.problem.field, rectifyBy.problem.text);
    else {
      const result = await page.mutate(RETURN_FOR_RECTIFICATION, { input: { auditId: audit.id, reason: form.reason ?? '', rectifyBy: rectifyBy.value } });
      if (!result.ok) {
        errors.addApiErrors(result.errors, (f) => (f?.endsWith('reason') ? 'reason' : f?.endsWith('rectifyBy') ? 'rectifyBy-day' : null), {
          reason: 'The reason',
          'rectifyBy-day': 'The date to put it right by',
        });
      }
    }
    if (errors.any) return this.renderReturn(page, audit, form, errors, 400);
    page.redirect(`${base(audit)}`);
  }

  /** The API refuses anyone else's moderation; the page says so before showing what they cannot use. */
  private requireModeratorOrTeam(page: WebPage, audit: ModerationAudit) {
    if (audit.moderatorId !== page.staffId && !page.session.roles?.includes('AUDIT_TEAM')) {
      throw new ApiFailure('FORBIDDEN', [{ message: "Only the audit's moderator can moderate it" }]);
    }
  }

  private requireAuditTeam(page: WebPage, audit: ModerationAudit) {
    if (!page.session.roles?.includes('AUDIT_TEAM')) throw new ApiFailure('FORBIDDEN', [{ message: 'Only the audit team can return an audit for rectification' }]);
    if (audit.status !== 'SUBMITTED') throw new ApiFailure('CONFLICT', [{ message: 'Only a submitted audit, not yet moderated, can be returned for rectification' }]);
  }

  private moderatableRow(page: WebPage, audit: ModerationAudit, template: Template, key: string): ModerationRow {
    if (audit.moderatorId !== page.staffId) throw new ApiFailure('FORBIDDEN', [{ message: "Only the audit's moderator can moderate it" }]);
    if (audit.status !== 'SUBMITTED') throw new ApiFailure('CONFLICT', [{ message: 'This audit is not waiting for moderation: its grades can no longer be moderated' }]);
    if (!moderable(audit, template)) throw new ApiFailure('CONFLICT', [{ message: notModeratedReason(audit, template) }]);
    const row = moderationRows(audit, template).find((r) => r.key === key);
    if (!row) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit has no such graded section' }]);
    return row;
  }

  private renderOverview(page: WebPage, audit: ModerationAudit, template: Template, errors: FormErrors, status = 200) {
    const moderating = audit.moderatorId === page.staffId && audit.status === 'SUBMITTED' && moderable(audit, template);
    const rows = moderationRows(audit, template).map((row) => ({ ...row, href: moderating ? `${base(audit)}/moderation/${encodeURIComponent(row.key)}` : null }));
    page.render(
      'moderation/moderation.njk',
      {
        pageTitle: `Moderation of case ${audit.caseRef}`,
        audit,
        template,
        rows,
        moderating,
        overallDecided: rows.some((r) => r.key === OVERALL && r.moderatorGrade),
        route: moderationRoute(audit, template),
        notModerated: moderable(audit, template) ? null : notModeratedReason(audit, template),
        mayReturn: audit.status === 'SUBMITTED' && !!page.session.roles?.includes('AUDIT_TEAM'),
        errors,
        completeAction: `${base(audit)}/complete-moderation`,
        returnHref: `${base(audit)}/return`,
        backHref: base(audit),
      },
      status,
    );
  }

  private renderSection(page: WebPage, audit: ModerationAudit, template: Template, row: ModerationRow, values: ModerationValues, errors: FormErrors, status = 200) {
    const section = journeySection(template, row.key)!;
    page.render(
      'moderation/moderate-section.njk',
      {
        pageTitle: `Moderate: ${row.title}`,
        audit,
        row,
        values,
        errors,
        descriptors: row.key === OVERALL ? template.gradeDescriptors : section.descriptors,
        action: `${base(audit)}/moderation/${encodeURIComponent(row.key)}`,
        backHref: `${base(audit)}/moderation`,
      },
      status,
    );
  }

  private renderReturn(page: WebPage, audit: ModerationAudit, values: Record<string, string>, errors: FormErrors, status = 200) {
    page.render('moderation/return.njk', { pageTitle: 'Return the audit for rectification', audit, values, errors, action: `${base(audit)}/return`, backHref: `${base(audit)}/moderation` }, status);
  }
}

/** AFT-4, AUD-10: a dip audit is never moderated; on a template moderated by sample, only an audit the sample chose. */
function moderable(audit: ModerationAudit, template: Template): boolean {
  const route = moderationRoute(audit, template);
  return route === 'MODERATOR' || route === 'IN_SAMPLE';
}

/** Why this audit is not moderated, in the rule's words. */
function notModeratedReason(audit: ModerationAudit, template: Template): string {
  switch (moderationRoute(audit, template)) {
    case 'DIP_AUDIT':
      return "A dip audit is the audit team's brief check of the work (AFT-4): it is complete on submission, without moderation.";
    case 'OUTSIDE_SAMPLE':
      return `This audit was not chosen in the month's moderation sample (AUD-10: ${template.moderationSamplePercent}% of audits received are moderated): it is complete without moderation, the auditor's grade standing.`;
    case 'AWAITING_SAMPLE':
      return `This audit waits for the month's moderation sample (AUD-10: ${template.moderationSamplePercent}% of audits received are moderated, drawn at random by the audit team): it is moderated only if the sample chooses it.`;
    default:
      return '';
  }
}
