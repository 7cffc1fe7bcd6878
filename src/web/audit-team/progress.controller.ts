import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { hub, requireRoles } from './access.js';

const PROGRESS = `query Progress($auditId: ID!) { inadequateWorkProgress(auditId: $auditId) { weekOf progress onTrack recordedById recordedOn } }`;
/** The case reference, for those who may read the audit itself (the EH coordinator lead may not). */
const CASE = `query ProgressCase($auditId: ID!) { audit(id: $auditId) { id caseRef } }`;
const RECORD = `mutation RecordProgress($input: RecordInadequateWorkProgressInput!) { recordInadequateWorkProgress(input: $input) { weekOf } }`;

/** Who reads the weekly records (REP-9, progress.resolver.ts); the EH coordinator lead writes them (REP-8). */
const READERS = ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'DIVISIONAL_DIRECTOR', 'EH_COORDINATOR_LEAD'];

interface ProgressRecord {
  weekOf: string;
  progress: string;
  onTrack: boolean;
  recordedById: string;
  recordedOn: string;
}

/**
 * REP-8, REP-9: the weekly progress record on a piece of Inadequate work, written by the EH
 * coordinator lead of the case's service after the initial UoPP meeting, read by the audit team,
 * the audit manager, the head of service and the divisional director.
 */
@WebController('audit-team')
export class ProgressController {
  @Get('inadequate-work/:auditId')
  async progress(@Page() page: WebPage, @Param('auditId') auditId: string) {
    await this.renderProgress(page, auditId, {}, new FormErrors());
  }

  @Post('inadequate-work/:auditId')
  async record(@Page() page: WebPage, @Param('auditId') auditId: string) {
    requireRoles(page, ['EH_COORDINATOR_LEAD'], 'record the weekly progress on Inadequate work: it is the EH coordinator lead’s');
    const form = page.form;
    const errors = new FormErrors();
    if (form.onTrack !== 'yes' && form.onTrack !== 'no') {
      if (!form.progress?.trim()) errors.add('progress', 'Enter the progress this week');
      errors.add('onTrack', 'Select whether the work is progressing to Good as the plan asks');
    } else {
      const result = await page.mutate(RECORD, { input: { auditId, progress: form.progress, onTrack: form.onTrack === 'yes' } });
      if (result.ok) return page.redirect(hub(`/inadequate-work/${encodeURIComponent(auditId)}`));
      errors.addApiErrors(result.errors, (f) => (/progress/.test(f ?? '') ? 'progress' : null), { progress: 'The progress' });
    }
    await this.renderProgress(page, auditId, form, errors, 400);
  }

  private async renderProgress(page: WebPage, auditId: string, values: Record<string, string>, errors: FormErrors, status = 200) {
    requireRoles(page, READERS, 'read the weekly progress on Inadequate work');
    const { inadequateWorkProgress } = await page.query<{ inadequateWorkProgress: ProgressRecord[] }>(PROGRESS, { auditId });
    const roles = page.session.roles ?? [];
    const audit = roles.includes('AUDIT_TEAM') ? (await page.query<{ audit: { caseRef: string } | null }>(CASE, { auditId })).audit : null;
    page.render(
      'audit-team/progress.njk',
      {
        pageTitle: 'Weekly progress on Inadequate work',
        navigation: 'audit-team',
        auditId,
        caseRef: audit?.caseRef ?? null,
        records: inadequateWorkProgress,
        canRecord: roles.includes('EH_COORDINATOR_LEAD'),
        values,
        errors,
      },
      status,
    );
  }
}
