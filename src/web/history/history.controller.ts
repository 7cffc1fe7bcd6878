import { Get, Param, Post } from '@nestjs/common';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { EXPORT_TRAIL, HISTORY_AUDIT, SECTION_TITLES, VERIFY_TRAIL, type HistoryAudit, type TrailVerification } from './history.queries.js';
import { dateTime, timeline } from './timeline.js';

const base = (audit: { id: string }) => `/audits/${encodeURIComponent(audit.id)}`;

/**
 * Every grade ever given on an audit, as a timeline: who, when, from, to, the rationale and the
 * source (auditor, moderator, UoPP meeting, dispute decision). Governance and the audit team also see
 * whether the audit's trail verifies; governance downloads it as a signed bundle to check offline.
 */
@WebController('audits')
export class HistoryController {
  @Get(':id/history')
  async show(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.load(page, id);
    const { template } = await page.query<{ template: { sections: Array<{ key: string; title: string }> } | null }>(SECTION_TITLES, {
      id: audit.templateId,
      version: audit.templateVersion,
    });
    const titles = Object.fromEntries((template?.sections ?? []).map((s) => [s.key, s.title]));
    const roles = page.session.roles ?? [];
    const verification = roles.some((r) => r === 'GOVERNANCE' || r === 'AUDIT_TEAM')
      ? (await page.query<{ verifyAuditTrail: TrailVerification }>(VERIFY_TRAIL, { auditId: audit.id })).verifyAuditTrail
      : null;
    page.render('history/history.njk', {
      pageTitle: `Grade history of case ${audit.caseRef}`,
      audit,
      entries: timeline(audit.gradeHistory, titles).map((e) => ({ ...e, when: dateTime(e.at) })),
      verification,
      mayExport: roles.includes('GOVERNANCE'),
      exportAction: `${base(audit)}/history/export`,
      backHref: base(audit),
    });
  }

  /** The signed bundle (exportAuditTrail), as a file to keep and check with `npm run verify-trail`. */
  @Post(':id/history/export')
  async export(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.load(page, id);
    const result = await page.mutate<{ exportAuditTrail: string }>(EXPORT_TRAIL, { auditId: audit.id });
    if (!result.ok) throw new ApiFailure(result.errors[0]?.extensions?.code ?? 'CONFLICT', result.errors);
    page.res
      .status(200)
      .type('application/json')
      .set('Cache-Control', 'no-store')
      .attachment(`audit-trail-${audit.id}.json`)
      .send(result.data.exportAuditTrail);
  }

  private async load(page: WebPage, id: string): Promise<HistoryAudit> {
    const { audit } = await page.query<{ audit: HistoryAudit | null }>(HISTORY_AUDIT, { id });
    if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit does not exist, or you cannot see it' }]);
    return audit;
  }
}
