import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { AUDIT_TEAM_PAGES, hub, requireRoles } from './access.js';
import { dateFrom } from './form-values.js';

const OPEN_AUDITS = `query OpenAudits { cycles { id name month status audits { id caseRef status initialGrade auditorId overallGradeInconsistencies deadlines { rectifyBy } } } }`;
const AUDIT = `query QaAudit($id: ID!) { audit(id: $id) { id cycleId caseRef status initialGrade auditorId overallGradeInconsistencies deadlines { rectifyBy } } }`;
const RETURN = `mutation ReturnAudit($input: ReturnAuditForRectificationInput!) { returnAuditForRectification(input: $input) { id status } }`;
const INVALIDATE = `mutation InvalidateAudit($input: InvalidateAuditInput!) { invalidateAudit(input: $input) { id status } }`;

interface QaAudit {
  id: string;
  caseRef: string;
  status: string;
  initialGrade: string | null;
  auditorId: string;
  overallGradeInconsistencies: string[];
  deadlines: { rectifyBy: string | null };
}

/** The audit team's QA of audits (DESIGN "Users": returns them with a rectification date, invalidates them). */
const RETURNABLE = ['SUBMITTED'];
const INVALIDATABLE = ['ALLOCATED', 'SUBMITTED', 'RETURNED'];

@WebController('audit-team')
export class QualityController {
  @Get('audits')
  async audits(@Page() page: WebPage) {
    // Anyone may read the cycles they can see; this list is the audit team's QA.
    requireRoles(page, AUDIT_TEAM_PAGES, 'see the audits awaiting QA');
    const { cycles } = await page.query<{ cycles: Array<{ id: string; name: string; month: string; status: string; audits: QaAudit[] }> }>(OPEN_AUDITS);
    const groups = cycles
      .map((cycle) => ({ ...cycle, audits: cycle.audits.filter((a) => INVALIDATABLE.includes(a.status)).map(withActions) }))
      .filter((cycle) => cycle.audits.length > 0);
    page.render('audit-team/audits.njk', { pageTitle: 'Submitted audits', navigation: 'audit-team', groups, done: page.req.query.done ?? null });
  }

  @Get('audits/:id/return')
  async returnForm(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.audit(page, id, RETURNABLE, 'returned for rectification');
    this.renderReturn(page, audit, {}, new FormErrors());
  }

  @Post('audits/:id/return')
  async returnAudit(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.audit(page, id, RETURNABLE, 'returned for rectification');
    const form = page.form;
    const rectifyBy = dateFrom(form, 'rectifyBy');
    const errors = new FormErrors();
    if (!rectifyBy) {
      // Nothing is sent without a whole date (the API could not read it); an empty reason is said too.
      if (!form.reason?.trim()) errors.add('reason', 'Enter the reason the audit is returned');
      errors.add('rectifyBy-day', 'Enter the day to put it right by, as a day, month and year');
    } else {
      const result = await page.mutate(RETURN, { input: { auditId: audit.id, reason: form.reason, rectifyBy } });
      if (result.ok) return page.redirect(hub('/audits?done=returned'));
      errors.addApiErrors(result.errors, (f) => (/reason/.test(f ?? '') ? 'reason' : /rectifyBy/.test(f ?? '') ? 'rectifyBy-day' : null), {
        reason: 'The reason',
        'rectifyBy-day': 'The day to put it right by',
      });
    }
    this.renderReturn(page, audit, form, errors, 400);
  }

  @Get('audits/:id/invalidate')
  async invalidateForm(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.audit(page, id, INVALIDATABLE, 'invalidated');
    this.renderInvalidate(page, audit, {}, new FormErrors());
  }

  @Post('audits/:id/invalidate')
  async invalidate(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.audit(page, id, INVALIDATABLE, 'invalidated');
    const form = page.form;
    const result = await page.mutate(INVALIDATE, { input: { auditId: audit.id, reason: form.reason } });
    if (result.ok) return page.redirect(hub('/audits?done=invalidated'));
    const errors = new FormErrors().addApiErrors(result.errors, (f) => (/reason/.test(f ?? '') ? 'reason' : null), { reason: 'The reason' });
    this.renderInvalidate(page, audit, form, errors, 400);
  }

  /** The audit, if the audit team may act on it in this way now (the API would refuse otherwise). */
  private async audit(page: WebPage, id: string, statuses: string[], done: string): Promise<QaAudit> {
    requireRoles(page, ['AUDIT_TEAM'], 'return or invalidate an audit');
    const { audit } = await page.query<{ audit: QaAudit | null }>(AUDIT, { id });
    if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'There is no audit with this ID' }]);
    if (!statuses.includes(audit.status)) throw new ApiFailure('CONFLICT', [{ message: `This audit cannot be ${done} now` }]);
    return audit;
  }

  private renderReturn(page: WebPage, audit: QaAudit, values: Record<string, string>, errors: FormErrors, status = 200) {
    page.render('audit-team/return.njk', { pageTitle: `Return the audit of case ${audit.caseRef}`, navigation: 'audit-team', audit, values, errors }, status);
  }

  private renderInvalidate(page: WebPage, audit: QaAudit, values: Record<string, string>, errors: FormErrors, status = 200) {
    page.render('audit-team/invalidate.njk', { pageTitle: `Invalidate the audit of case ${audit.caseRef}`, navigation: 'audit-team', audit, values, errors }, status);
  }
}

function withActions(audit: QaAudit) {
  const base = hub(`/audits/${encodeURIComponent(audit.id)}`);
  return {
    ...audit,
    returnHref: RETURNABLE.includes(audit.status) ? `${base}/return` : null,
    invalidateHref: INVALIDATABLE.includes(audit.status) ? `${base}/invalidate` : null,
  };
}
