import { Get, Param, Post } from '@nestjs/common';
import { dateInputError, dateInputItems, readDateInput, type DatePart } from '../kernel/date-input.js';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { escalatedToIds } from './escalated-to.js';

const AUDIT = `query EscalationAudit($id: ID!) { audit(id: $id) { id caseRef status auditorId moderatorId practitionerId teamManagerId } }`;
const RAISE = `mutation RaiseEscalation($input: RaiseEscalationInput!) {
  raiseEscalation(input: $input) { id auditId escalatedToIds escalatedOn concern immediateActions }
}`;

interface EscalationAudit {
  id: string;
  caseRef: string;
  status: string;
  auditorId: string;
  moderatorId: string;
  practitionerId: string;
  teamManagerId: string;
}
interface Escalation {
  id: string;
  escalatedToIds: string[];
  escalatedOn: string;
  concern: string;
  immediateActions: string;
}

const LABELS: Record<string, string> = {
  escalatedTo: 'Who it was escalated to',
  'escalatedOn-day': 'The date it was escalated',
  concern: 'The concern',
  immediateActions: 'The immediate actions',
};
const FIELD_FOR: Record<string, string> = { escalatedToIds: 'escalatedTo', escalatedOn: 'escalatedOn-day', concern: 'concern', immediateActions: 'immediateActions' };

/**
 * A concern for the child's safety found during the audit, escalated at once (003 guidance,
 * "escalations"): to whom, when, the concern and the immediate actions. The audit's auditor or
 * moderator records it; the escalation is recorded as it was made and never changed.
 */
@WebController('audits')
export class EscalationController {
  @Get(':id/escalation')
  async form(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.load(page, id);
    this.render(page, audit, {}, new FormErrors(), null);
  }

  @Post(':id/escalation')
  async raise(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.load(page, id);
    const form = page.form;
    const errors = new FormErrors();
    const to = escalatedToIds(page.req.body?.escalatedTo, form.escalatedToOthers, audit);
    if (to.length === 0) errors.add('escalatedTo', 'Select who the concern was escalated to');
    const on = readDateInput(form, 'escalatedOn', 'the date it was escalated');
    if (!on.ok) errors.add(`escalatedOn-${on.parts[0]}`, on.text);
    if (errors.any || !on.ok) return this.render(page, audit, form, errors, on.ok ? null : on.parts, 400);

    const input = { auditId: audit.id, escalatedToIds: to, escalatedOn: on.value, concern: form.concern ?? '', immediateActions: form.immediateActions ?? '' };
    let result;
    try {
      result = await page.mutate<{ raiseEscalation: Escalation }>(RAISE, { input });
    } catch (error) {
      if (!(error instanceof ApiFailure && error.code === 'NOT_FOUND')) throw error;
      errors.add('escalatedToOthers', 'There is no member of staff with one of those staff IDs');
      return this.render(page, audit, form, errors, null, 400);
    }
    if (!result.ok) {
      errors.addApiErrors(result.errors, (f) => FIELD_FOR[f?.replace(/^input\./, '') ?? ''] ?? null, LABELS);
      return this.render(page, audit, form, errors, errors.for('escalatedOn-day') ? ([] as DatePart[]) : null, 400);
    }
    const e = result.data.raiseEscalation;
    const query = new URLSearchParams({ on: e.escalatedOn, to: e.escalatedToIds.join(',') });
    page.redirect(`/audits/${encodeURIComponent(audit.id)}/escalation/recorded?${query}`);
  }

  @Get(':id/escalation/recorded')
  async recorded(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.load(page, id);
    const on = /^\d{4}-\d{2}-\d{2}$/.test(String(page.req.query.on)) ? String(page.req.query.on) : null;
    // Only what looks like staff IDs is shown back: the address is not to put words on the page.
    const to = String(page.req.query.to ?? '').split(',').filter((id) => /^[\w.@-]{1,64}$/.test(id)).slice(0, 20);
    page.render('escalation/recorded.njk', { pageTitle: 'Concern escalated', audit, on, to });
  }

  /** The audit, if the signed-in person is its auditor or moderator (the API refuses anyone else). */
  private async load(page: WebPage, id: string): Promise<EscalationAudit> {
    const { audit } = await page.query<{ audit: EscalationAudit | null }>(AUDIT, { id });
    if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit does not exist, or you cannot see it' }]);
    if (page.staffId !== audit.auditorId && page.staffId !== audit.moderatorId) {
      throw new ApiFailure('FORBIDDEN', [{ message: "Only the audit's auditor or moderator can escalate a concern from it" }]);
    }
    return audit;
  }

  private render(page: WebPage, audit: EscalationAudit, values: Record<string, string>, errors: FormErrors, dateErrorParts: DatePart[] | null, status = 200) {
    const checked = new Set(([] as string[]).concat(page.req.body?.escalatedTo ?? []));
    page.render(
      'escalation/escalation.njk',
      {
        pageTitle: 'Escalate a safety concern',
        audit,
        values,
        errors,
        people: [
          { value: 'teamManager', text: `The team manager of the case (${audit.teamManagerId})`, checked: checked.has('teamManager') },
          { value: 'practitioner', text: `The practitioner of the case (${audit.practitionerId})`, checked: checked.has('practitioner') },
        ],
        escalatedOnItems: dateInputItems('escalatedOn', values, dateErrorParts),
        escalatedOnError: dateInputError(errors, 'escalatedOn'),
        action: `/audits/${encodeURIComponent(audit.id)}/escalation`,
        backHref: `/audits/${encodeURIComponent(audit.id)}`,
      },
      status,
    );
  }
}
