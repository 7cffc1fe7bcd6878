import { Get, Param, Post } from '@nestjs/common';
import { dateInputError, dateInputItems, dateInputValues, readDateInput, type DatePart } from '../kernel/date-input.js';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { loadAudit, RECORD_DISCUSSION, type Audit } from './audit.queries.js';

const EDITABLE = ['ALLOCATED', 'RETURNED'];
const LABELS: Record<string, string> = { 'discussedOn-day': 'The day of the discussion', withIds: 'Who took part' };
const FIELD_FOR: Record<string, string> = { discussedOn: 'discussedOn-day', withIds: 'withIds' };

/**
 * AUD-1: the auditor records when the collaborative discussion with the practitioner and/or team
 * manager of the case took place, and who took part; the templates that ask for it refuse
 * submission without it. A later record replaces the date (after a return for rectification).
 */
@WebController('audits')
export class DiscussionController {
  @Get(':id/discussion')
  async form(@Page() page: WebPage, @Param('id') id: string) {
    const { audit } = await loadAudit(page, id);
    this.requireAuditor(page, audit);
    const values = dateInputValues('discussedOn', audit.collaborativeDiscussionOn);
    this.render(page, audit, values, audit.collaborativeDiscussionWithIds ?? [], new FormErrors(), null);
  }

  @Post(':id/discussion')
  async record(@Page() page: WebPage, @Param('id') id: string) {
    const { audit } = await loadAudit(page, id);
    this.requireAuditor(page, audit);
    const form = page.form;
    const withIds = ticked(page);
    const errors = new FormErrors();
    const discussedOn = readDateInput(form, 'discussedOn', 'the day of the discussion');
    if (!discussedOn.ok) errors.add(`discussedOn-${discussedOn.parts[0]}`, discussedOn.text);
    if (withIds.length === 0) errors.add('withIds', 'Select who took part in the discussion');
    if (!discussedOn.ok || errors.any) return this.render(page, audit, form, withIds, errors, discussedOn.ok ? null : discussedOn.parts, 400);

    const result = await page.mutate(RECORD_DISCUSSION, { input: { auditId: audit.id, discussedOn: discussedOn.value, withIds } });
    if (!result.ok) {
      errors.addApiErrors(result.errors, (f) => FIELD_FOR[f?.replace(/^input\./, '') ?? ''] ?? null, LABELS);
      return this.render(page, audit, form, withIds, errors, errors.for('discussedOn-day') ? [] : null, 400);
    }
    page.redirect(`/audits/${encodeURIComponent(audit.id)}`);
  }

  /** The API refuses anyone but the allocated auditor, and an audit already submitted; the page says so first. */
  private requireAuditor(page: WebPage, audit: Audit) {
    if (audit.auditorId !== page.staffId) throw new ApiFailure('FORBIDDEN', [{ message: "Only the audit's auditor can record the collaborative discussion" }]);
    if (!EDITABLE.includes(audit.status)) throw new ApiFailure('CONFLICT', [{ message: 'This audit has been submitted: the collaborative discussion can no longer be changed here' }]);
  }

  private render(page: WebPage, audit: Audit, values: Record<string, string>, withIds: string[], errors: FormErrors, dateErrorParts: DatePart[] | null, status = 200) {
    const people = [
      { value: audit.practitionerId, text: `The practitioner (${audit.practitionerId})` },
      { value: audit.teamManagerId, text: `The team manager (${audit.teamManagerId})` },
    ].map((p) => ({ ...p, checked: withIds.includes(p.value ?? '') }));
    page.render(
      'audit/discussion.njk',
      {
        pageTitle: 'Record the collaborative discussion',
        audit,
        errors,
        people,
        discussedOnItems: dateInputItems('discussedOn', values, dateErrorParts),
        discussedOnError: dateInputError(errors, 'discussedOn'),
        action: `/audits/${encodeURIComponent(audit.id)}/discussion`,
      },
      status,
    );
  }
}

/** The ticked boxes of `withIds`: one is a string, several an array. */
function ticked(page: WebPage): string[] {
  const raw = (page.req.body as Record<string, unknown> | undefined)?.withIds;
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
}
