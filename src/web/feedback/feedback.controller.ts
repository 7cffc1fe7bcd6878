import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { answerField, familyInput, familyValues, practitionerField, practitionerInput, practitionerValues } from './feedback-form.js';
import { FEEDBACK, PRACTITIONER_SECTION, RECORD_FAMILY, RECORD_PRACTITIONER, TEMPLATE_SECTIONS, type FeedbackAudit, type Question } from './feedback.queries.js';

const OPEN = ['ALLOCATED', 'RETURNED'];
const FAMILY_LABELS: Record<string, string> = {
  rating: "The family's rating",
  couldHaveTheirSay: 'Whether they could have their say',
  ableToAccessSupport: 'Whether they can access support',
  comments: 'The comments',
  notCompletedReason: 'The reason',
};
const base = (audit: { id: string }) => `/audits/${encodeURIComponent(audit.id)}/feedback`;

/**
 * Family and practitioner feedback (template sections 9 and 10, AUD-6, AUD-7): the auditor records
 * the family's view; the practitioner answers their own section (the auditor records only why it
 * could not be). Read back by whoever may read the audit.
 */
@WebController('audits')
export class FeedbackController {
  @Get(':id/feedback')
  async show(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, questions } = await this.load(page, id);
    const open = OPEN.includes(audit.status);
    const done = page.req.query.done === 'family' ? "The family's feedback has been recorded." : page.req.query.done === 'practitioner' ? "The practitioner's feedback has been recorded." : null;
    page.render('feedback/feedback.njk', {
      pageTitle: 'Feedback',
      audit,
      questions: questions.map((q, i) => ({ ...q, number: i + 1, answer: audit.practitionerFeedback?.answers.find((a) => a.question === q.key)?.text ?? null })),
      familyHref: open && page.staffId === audit.auditorId ? `${base(audit)}/family` : null,
      practitionerHref: open && (page.staffId === audit.practitionerId || page.staffId === audit.auditorId) ? `${base(audit)}/practitioner` : null,
      ...(done ? { flash: done } : {}),
    });
  }

  @Get(':id/feedback/family')
  async familyForm(@Page() page: WebPage, @Param('id') id: string) {
    const { audit } = await this.load(page, id);
    this.requireOpen(audit, page.staffId === audit.auditorId, "Only the audit's auditor records the family's feedback");
    this.renderFamily(page, audit, familyValues(audit.familyFeedback), new FormErrors());
  }

  @Post(':id/feedback/family')
  async recordFamily(@Page() page: WebPage, @Param('id') id: string) {
    const { audit } = await this.load(page, id);
    this.requireOpen(audit, page.staffId === audit.auditorId, "Only the audit's auditor records the family's feedback");
    const result = await page.mutate(RECORD_FAMILY, { input: familyInput(audit.id, page.form) });
    if (!result.ok) {
      const errors = new FormErrors().addApiErrors(result.errors, (f) => (f && f.replace(/^input\./, '') in FAMILY_LABELS ? f.replace(/^input\./, '') : null), FAMILY_LABELS);
      return this.renderFamily(page, audit, page.form, errors, 400);
    }
    page.redirect(`${base(audit)}?done=family`);
  }

  @Get(':id/feedback/practitioner')
  async practitionerForm(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, questions } = await this.load(page, id);
    this.requirePractitionerOrAuditor(page, audit);
    this.renderPractitioner(page, audit, questions, practitionerValues(audit.practitionerFeedback), new FormErrors());
  }

  @Post(':id/feedback/practitioner')
  async recordPractitioner(@Page() page: WebPage, @Param('id') id: string) {
    const { audit, questions } = await this.load(page, id);
    this.requirePractitionerOrAuditor(page, audit);
    const input = practitionerInput(audit.id, page.form, questions, page.staffId === audit.practitionerId);
    const result = await page.mutate(RECORD_PRACTITIONER, { input });
    if (!result.ok) {
      const labels: Record<string, string> = { comments: 'Your comments', notCompletedReason: 'The reason' };
      questions.forEach((q, i) => (labels[answerField(q.key)] = `The answer to question ${i + 1}`));
      const errors = new FormErrors().addApiErrors(result.errors, (f) => {
        const field = practitionerField(f, input);
        // The auditor's form has only the reason: the API's "give the feedback, or the reason" lands there.
        return page.staffId === audit.practitionerId || field === null ? field : 'notCompletedReason';
      }, labels);
      return this.renderPractitioner(page, audit, questions, page.form, errors, 400);
    }
    page.redirect(`${base(audit)}?done=practitioner`);
  }

  private async load(page: WebPage, id: string): Promise<{ audit: FeedbackAudit; questions: Question[] }> {
    const { audit } = await page.query<{ audit: FeedbackAudit | null }>(FEEDBACK, { id });
    if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit does not exist, or you cannot see it' }]);
    const { template } = await page.query<{ template: { sections: Array<{ key: string; questions: Question[] }> } | null }>(TEMPLATE_SECTIONS, {
      id: audit.templateId,
      version: audit.templateVersion,
    });
    return { audit, questions: template?.sections.find((s) => s.key === PRACTITIONER_SECTION)?.questions ?? [] };
  }

  private requireOpen(audit: FeedbackAudit, allowed: boolean, refusal: string) {
    if (!allowed) throw new ApiFailure('FORBIDDEN', [{ message: refusal }]);
    if (!OPEN.includes(audit.status)) throw new ApiFailure('CONFLICT', [{ message: 'This audit has been submitted: its feedback can no longer be recorded' }]);
  }

  private requirePractitionerOrAuditor(page: WebPage, audit: FeedbackAudit) {
    this.requireOpen(audit, page.staffId === audit.practitionerId || page.staffId === audit.auditorId, "Only the practitioner of the case (or the audit's auditor, for why it could not be completed) records the practitioner's section");
  }

  private renderFamily(page: WebPage, audit: FeedbackAudit, values: Record<string, string>, errors: FormErrors, status = 200) {
    page.render('feedback/family.njk', { pageTitle: "The family's feedback", audit, values, errors, action: `${base(audit)}/family`, backHref: base(audit) }, status);
  }

  private renderPractitioner(page: WebPage, audit: FeedbackAudit, questions: Question[], values: Record<string, string>, errors: FormErrors, status = 200) {
    page.render(
      'feedback/practitioner.njk',
      {
        pageTitle: 'Practitioner feedback',
        audit,
        values,
        errors,
        byPractitioner: page.staffId === audit.practitionerId,
        questions: questions.map((q, i) => ({ ...q, number: i + 1, name: answerField(q.key) })),
        action: `${base(audit)}/practitioner`,
        backHref: base(audit),
      },
      status,
    );
  }
}
