import { Get, Param, Post } from '@nestjs/common';
import { OVERALL } from '../../shared/domain-types.js';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { auditorRationales, isDipAudit, loadAudit, moderationRoute, SUBMIT, type Audit, type Template, type TemplateSection } from './audit.queries.js';
import {
  answerField,
  auditorGrade,
  isGraded,
  journeySection,
  journeySections,
  moderatorGrade,
  narrativeField,
  recordedValues,
  sectionChanges,
  sectionState,
  submissionRefusal,
  type SectionValues,
} from './section-form.js';

const EDITABLE = ['ALLOCATED', 'RETURNED'];
const base = (audit: { id: string }) => `/audits/${encodeURIComponent(audit.id)}`;

/**
 * Completing an audit: the overview (a task list of the template's sections), a page per section
 * (answers, free text, grade and rationale beside the grade descriptors), check your answers, and
 * submit. Everything is read and written through the API as the signed-in person.
 */
@WebController('audits')
export class AuditController {
  @Get(':id')
  async overview(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, template } = await loadAudit(page, id);
    const mine = audit.auditorId === page.staffId && EDITABLE.includes(audit.status);
    const sections = journeySections(template).map((section) => ({
      key: section.key,
      title: section.title,
      state: sectionState(audit, section),
      grade: auditorGrade(audit, section.key),
      moderatorGrade: moderatorGrade(audit, section.key),
      href: mine ? `${base(audit)}/sections/${encodeURIComponent(section.key)}` : null,
    }));
    page.render('audit/overview.njk', {
      pageTitle: `Audit of case ${audit.caseRef}`,
      audit,
      template,
      sections,
      mine,
      completed: sections.filter((s) => s.state === 'COMPLETED').length,
      checkHref: `${base(audit)}/check-answers`,
      dipAudit: isDipAudit(audit),
      moderationRoute: moderationRoute(audit, template),
      // REP-10: the export reads with the audit query's rights, so whoever sees this page may have the document.
      documentHrefs: { docx: `${base(audit)}/audit.docx`, pdf: `${base(audit)}/audit.pdf` },
    });
  }

  /**
   * REP-10: the audit for the child's file, as GET /exports/audit.docx or .pdf gives it to the
   * signed-in person (the API's refusals end the request with their page).
   */
  @Get(':id/audit.docx')
  async docx(@Page() page: WebPage, @Param('id') id: string) {
    await page.sendFile(`/exports/audit.docx?auditId=${encodeURIComponent(id)}`);
  }

  @Get(':id/audit.pdf')
  async pdf(@Page() page: WebPage, @Param('id') id: string) {
    await page.sendFile(`/exports/audit.pdf?auditId=${encodeURIComponent(id)}`);
  }

  @Get(':id/sections/:section')
  async section(@Page() page: WebPage, @Param('id') id: string, @Param('section') key: string) {
    const { audit, template } = await loadAudit(page, id);
    const section = this.editableSection(page, audit, template, key);
    const values = recordedValues(audit, section, await auditorRationales(page, audit.id));
    this.renderSection(page, audit, template, section, values, new FormErrors(), page.req.query.from === 'check');
  }

  @Post(':id/sections/:section')
  async saveSection(@Page() page: WebPage, @Param('id') id: string, @Param('section') key: string) {
    const { audit, template } = await loadAudit(page, id);
    const section = this.editableSection(page, audit, template, key);
    const recorded = recordedValues(audit, section, await auditorRationales(page, audit.id));
    const form = page.form;
    const errors = new FormErrors();
    const { changes, problems } = sectionChanges(audit.id, section, recorded, form);
    for (const problem of problems) errors.add(problem.field, problem.text);
    for (const change of changes) {
      const result = await page.mutate(change.document, change.variables);
      if (!result.ok) errors.addApiErrors(result.errors, change.fieldFor, this.labels(section));
    }
    if (errors.any) return this.renderSection(page, audit, template, section, { ...recorded, ...form }, errors, form.from === 'check', 400);
    page.redirect(form.from === 'check' ? `${base(audit)}/check-answers` : this.nextHref(audit, template, section));
  }

  @Get(':id/check-answers')
  async checkAnswers(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, template } = await loadAudit(page, id);
    this.requireAuditor(page, audit);
    await this.renderCheck(page, audit, template, new FormErrors());
  }

  @Post(':id/submit')
  async submit(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, template } = await loadAudit(page, id);
    // The same form posted twice (a double click): the first one submitted it.
    if (audit.status === 'SUBMITTED' && audit.auditorId === page.staffId) return page.redirect(`${base(audit)}/submitted`);
    const result = await page.mutate(SUBMIT, { auditId: audit.id });
    if (!result.ok) {
      const errors = new FormErrors();
      for (const error of result.errors) errors.add(null, submissionRefusal(error.message, template));
      return this.renderCheck(page, audit, template, errors, 400);
    }
    page.redirect(`${base(audit)}/submitted`);
  }

  @Get(':id/submitted')
  async submitted(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, template } = await loadAudit(page, id);
    page.render('audit/submitted.njk', { pageTitle: 'Audit submitted', audit, moderationRoute: moderationRoute(audit, template), percent: template.moderationSamplePercent });
  }

  /** The section, if the signed-in person is this audit's auditor and it can still be changed. */
  private editableSection(page: WebPage, audit: Audit, template: Template, key: string): TemplateSection {
    this.requireAuditor(page, audit);
    const section = journeySection(template, key);
    if (!section) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit has no such section' }]);
    return section;
  }

  /** The API refuses anyone else's answers; the page says so before showing a form they cannot send. */
  private requireAuditor(page: WebPage, audit: Audit) {
    if (audit.auditorId !== page.staffId) throw new ApiFailure('FORBIDDEN', [{ message: "Only the audit's auditor can answer its questions and grade it" }]);
    if (!EDITABLE.includes(audit.status)) throw new ApiFailure('CONFLICT', [{ message: 'This audit has been submitted: its answers and grades can no longer be changed here' }]);
  }

  private nextHref(audit: Audit, template: Template, section: TemplateSection): string {
    const order = journeySections(template);
    const next = order[order.findIndex((s) => s.key === section.key) + 1];
    return next ? `${base(audit)}/sections/${encodeURIComponent(next.key)}` : `${base(audit)}/check-answers`;
  }

  private labels(section: TemplateSection): Record<string, string> {
    const labels: Record<string, string> = { grade: 'The grade', rationale: 'The rationale' };
    section.questions.forEach((q, i) => {
      labels[answerField(q.key)] = labels[narrativeField(q.key)] = `The answer to question ${i + 1}`;
    });
    return labels;
  }

  private renderSection(page: WebPage, audit: Audit, template: Template, section: TemplateSection, values: SectionValues, errors: FormErrors, fromCheck: boolean, status = 200) {
    const overall = section.key === OVERALL;
    page.render(
      'audit/section.njk',
      {
        pageTitle: section.title,
        audit,
        section,
        values,
        errors,
        fromCheck,
        graded: isGraded(section),
        descriptors: overall ? template.gradeDescriptors : section.descriptors,
        suggested: overall ? audit.suggestedOverallGrade : null,
        questions: section.questions.map((q, i) => ({ ...q, number: i + 1, name: q.answers.length ? answerField(q.key) : narrativeField(q.key) })),
        backHref: fromCheck ? `${base(audit)}/check-answers` : base(audit),
        backText: fromCheck ? 'Back to check your answers' : 'Back to the audit',
        action: `${base(audit)}/sections/${encodeURIComponent(section.key)}`,
      },
      status,
    );
  }

  private async renderCheck(page: WebPage, audit: Audit, template: Template, errors: FormErrors, status = 200) {
    const rationales = await auditorRationales(page, audit.id);
    const sections = journeySections(template).map((section) => ({
      ...section,
      values: recordedValues(audit, section, rationales),
      graded: isGraded(section),
      questions: section.questions.map((q, i) => ({ ...q, number: i + 1, name: q.answers.length ? answerField(q.key) : narrativeField(q.key) })),
      href: `${base(audit)}/sections/${encodeURIComponent(section.key)}?from=check`,
    }));
    page.render('audit/check-answers.njk', { pageTitle: 'Check your answers before submitting the audit', audit, sections, errors, action: `${base(audit)}/submit` }, status);
  }
}
