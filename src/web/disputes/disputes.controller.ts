import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { disputeForms, settled } from './dispute-forms.js';
import { DISCUSS_DISPUTE, loadDisputes, RAISE_DISPUTE, RESOLVE_DISPUTE, type DisputesAudit } from './disputes.queries.js';

const base = (audit: { id: string }) => `/audits/${encodeURIComponent(audit.id)}`;
const field = (...names: string[]) => (apiField: string | null) => names.find((n) => apiField === n || apiField?.endsWith(`.${n}`)) ?? null;

/**
 * A moderation dispute from raising to the final decision (000 "Escalation"): the practitioner, team
 * manager or EH coordinator lead raises it, the moderator records the discussion and whether it
 * settled it, and if not the head of service or audit team decides the grade. One page shows where
 * each dispute stands and the form the signed-in person may use; the API refuses anyone else.
 */
@WebController('audits')
export class DisputesController {
  @Get(':id/disputes')
  async list(@Page() page: WebPage, @Param('id') id: string) {
    this.render(page, await loadDisputes(page, id), null, {}, new FormErrors());
  }

  @Post(':id/disputes')
  async raise(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await loadDisputes(page, id);
    const result = await page.mutate(RAISE_DISPUTE, { input: { auditId: audit.id, reason: page.form.reason ?? '' } });
    if (!result.ok) return this.render(page, audit, 'raise', page.form, new FormErrors().addApiErrors(result.errors, field('reason'), { reason: 'The reason' }), 400);
    page.redirect(`${base(audit)}/disputes`);
  }

  @Post(':id/disputes/:dispute/discussion')
  async discuss(@Page() page: WebPage, @Param('id') id: string, @Param('dispute') disputeId: string) {
    const audit = await loadDisputes(page, id);
    const resolved = settled(page.form.resolved);
    const errors = new FormErrors();
    if (resolved === null) errors.add('resolved', 'Say whether the discussion settled the dispute');
    else {
      const result = await page.mutate(DISCUSS_DISPUTE, { input: { auditId: audit.id, disputeId, resolved, note: page.form.note ?? '' } });
      if (!result.ok) errors.addApiErrors(result.errors, field('note', 'resolved'), { note: 'The note of the discussion', resolved: 'The answer' });
    }
    if (errors.any) return this.render(page, audit, 'discuss', page.form, errors, 400);
    page.redirect(`${base(audit)}/disputes`);
  }

  @Post(':id/disputes/:dispute/decision')
  async decide(@Page() page: WebPage, @Param('id') id: string, @Param('dispute') disputeId: string) {
    const audit = await loadDisputes(page, id);
    const errors = new FormErrors();
    if (!page.form.grade) errors.add('grade', 'Choose the grade you decide on');
    else {
      const result = await page.mutate(RESOLVE_DISPUTE, { input: { auditId: audit.id, disputeId, grade: page.form.grade, rationale: page.form.rationale ?? '' } });
      if (!result.ok) errors.addApiErrors(result.errors, field('grade', 'rationale'), { grade: 'The grade', rationale: 'The rationale' });
    }
    if (errors.any) return this.render(page, audit, 'decide', page.form, errors, 400);
    page.redirect(`${base(audit)}/disputes`);
  }

  private render(page: WebPage, audit: DisputesAudit, refused: string | null, values: Record<string, string>, errors: FormErrors, status = 200) {
    const forms = disputeForms(audit, { staffId: page.staffId, roles: page.session.roles ?? [] });
    page.render(
      'disputes/disputes.njk',
      {
        pageTitle: `Disputes about the moderation of case ${audit.caseRef}`,
        audit,
        forms,
        decisions: audit.gradeHistory.filter((c) => c.source === 'DISPUTE'),
        refused,
        values,
        errors,
        raiseAction: `${base(audit)}/disputes`,
        discussAction: forms.discuss ? `${base(audit)}/disputes/${encodeURIComponent(forms.discuss.id)}/discussion` : null,
        decideAction: forms.decide ? `${base(audit)}/disputes/${encodeURIComponent(forms.decide.id)}/decision` : null,
        backHref: base(audit),
      },
      status,
    );
  }
}
