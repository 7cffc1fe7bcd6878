import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { hub, requireRoles } from './access.js';
import { findingsFrom } from './form-values.js';
import {
  DIP_SAMPLE,
  DIP_SAMPLE_WORDS,
  DIP_SAMPLES,
  ESCALATE,
  ESCALATIONS,
  IMPROVEMENT_WORDS,
  REPORT_FINDINGS,
  type Escalation,
} from './oversight.queries.js';

interface DipSample {
  id: string;
  status: string;
  themeTitle: string;
  findings: string[];
  headOfServiceId: string | null;
  [more: string]: unknown;
}

/**
 * Escalations: work moderated below Good and its 4-month date (000 "6-month re-audit": not improved
 * by 4 months, escalated by the audit team to the divisional director). Dip samples (000 "Completion
 * of dip samples"): the list, one sample with its answers and findings, and reporting the findings to
 * a head of service for sign-off.
 */
@WebController('audit-team')
export class OversightController {
  @Get('escalations')
  async escalations(@Page() page: WebPage) {
    const { improvementEscalations } = await page.query<{ improvementEscalations: Escalation[] }>(ESCALATIONS);
    const rows = improvementEscalations.map((e) => ({
      ...e,
      tag: IMPROVEMENT_WORDS[e.status],
      escalateHref: e.status === 'DUE' ? hub(`/escalations/${encodeURIComponent(e.auditId)}`) : null,
    }));
    page.render('audit-team/escalations.njk', { pageTitle: 'Escalations', navigation: 'audit-team', rows, escalated: page.req.query.escalated ?? null });
  }

  @Get('escalations/:auditId')
  async escalateForm(@Page() page: WebPage, @Param('auditId') auditId: string) {
    const escalation = await this.dueEscalation(page, auditId);
    page.render('audit-team/escalate.njk', { pageTitle: `Escalate case ${escalation.caseRef}`, navigation: 'audit-team', escalation, values: {}, errors: new FormErrors() });
  }

  @Post('escalations/:auditId')
  async escalate(@Page() page: WebPage, @Param('auditId') auditId: string) {
    const escalation = await this.dueEscalation(page, auditId);
    const form = page.form;
    const result = await page.mutate(ESCALATE, { input: { auditId: escalation.auditId, summary: form.summary } });
    if (result.ok) return page.redirect(hub(`/escalations?escalated=${encodeURIComponent(escalation.caseRef)}`));
    const errors = new FormErrors().addApiErrors(result.errors, (f) => (/summary/.test(f ?? '') ? 'summary' : null), { summary: 'The summary' });
    page.render('audit-team/escalate.njk', { pageTitle: `Escalate case ${escalation.caseRef}`, navigation: 'audit-team', escalation, values: form, errors }, 400);
  }

  @Get('dip-samples')
  async dipSamples(@Page() page: WebPage) {
    const { dipSamples, cycles } = await page.query<{ dipSamples: Array<DipSample & { cycleId: string }>; cycles: Array<{ id: string; name: string }> }>(DIP_SAMPLES);
    const cycleName = new Map(cycles.map((c) => [c.id, c.name]));
    const samples = dipSamples.map((s) => ({ ...s, cycle: cycleName.get(s.cycleId) ?? s.cycleId, statusText: DIP_SAMPLE_WORDS[s.status] ?? s.status }));
    page.render('audit-team/dip-samples.njk', { pageTitle: 'Dip samples', navigation: 'audit-team', samples });
  }

  @Get('dip-samples/:id')
  async dipSample(@Page() page: WebPage, @Param('id') id: string) {
    await this.renderDipSample(page, id, {}, new FormErrors());
  }

  @Post('dip-samples/:id/findings')
  async reportFindings(@Page() page: WebPage, @Param('id') id: string) {
    requireRoles(page, ['AUDIT_TEAM'], 'report the findings of a dip sample');
    const form = page.form;
    const errors = new FormErrors();
    const findings = findingsFrom(form.findings);
    if (findings.length === 0) errors.add('findings', 'Enter at least one finding');
    if (!form.headOfServiceId) errors.add('headOfServiceId', 'Select the head of service who signs the findings off');
    if (!errors.any) {
      const result = await page.mutate(REPORT_FINDINGS, { input: { dipSampleId: id, findings, headOfServiceId: form.headOfServiceId } });
      if (result.ok) return page.redirect(hub(`/dip-samples/${encodeURIComponent(id)}`));
      errors.addApiErrors(result.errors, (f) => (/findings/.test(f ?? '') ? 'findings' : /headOfService/.test(f ?? '') ? 'headOfServiceId' : null), {
        findings: 'The findings',
        headOfServiceId: 'The head of service',
      });
    }
    await this.renderDipSample(page, id, form, errors, 400);
  }

  private async dueEscalation(page: WebPage, auditId: string): Promise<Escalation> {
    requireRoles(page, ['AUDIT_TEAM'], 'escalate work to the divisional director');
    const { improvementEscalations } = await page.query<{ improvementEscalations: Escalation[] }>(ESCALATIONS);
    const escalation = improvementEscalations.find((e) => e.auditId === auditId);
    if (!escalation) throw new ApiFailure('NOT_FOUND', [{ message: 'There is no work below Good with this audit ID' }]);
    if (escalation.status !== 'DUE') throw new ApiFailure('CONFLICT', [{ message: `This work is not due for escalation: ${IMPROVEMENT_WORDS[escalation.status].text.toLowerCase()}` }]);
    return escalation;
  }

  private async renderDipSample(page: WebPage, id: string, values: Record<string, string>, errors: FormErrors, status = 200) {
    const { dipSample, staff } = await page.query<{ dipSample: DipSample | null; staff: Array<{ id: string; name: string; roles: string[] }> }>(DIP_SAMPLE, { id });
    if (!dipSample) throw new ApiFailure('NOT_FOUND', [{ message: 'There is no dip sample with this ID' }]);
    const names = new Map(staff.map((s) => [s.id, s.name]));
    const chosen = values.headOfServiceId ?? dipSample.headOfServiceId ?? '';
    page.render(
      'audit-team/dip-sample.njk',
      {
        pageTitle: `Dip sample: ${dipSample.themeTitle}`,
        navigation: 'audit-team',
        sample: dipSample,
        statusText: DIP_SAMPLE_WORDS[dipSample.status] ?? dipSample.status,
        nameOf: (staffId: string | null) => (staffId ? (names.get(staffId) ?? staffId) : ''),
        canReport: dipSample.status !== 'SIGNED_OFF' && (page.session.roles ?? []).includes('AUDIT_TEAM'),
        headsOfService: [
          { value: '', text: 'Select a head of service' },
          ...staff.filter((s) => s.roles.includes('HEAD_OF_SERVICE')).map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen })),
        ],
        values: { findings: values.findings ?? dipSample.findings.join('\n') },
        errors,
      },
      status,
    );
  }
}
