import { Get, Param, Post } from '@nestjs/common';
import { dateInputError, dateInputItems, readDateInput, type DatePart } from '../kernel/date-input.js';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { AGREE, AUDIT_FOR_AGREEING, SCOPE_LABELS, type ActionAudit } from './actions.queries.js';
import { actionHref } from './actions.controller.js';
import { mayAgreeActions } from './follow-ups.js';

const LABELS: Record<string, string> = { description: 'The action', ownerId: 'The owner', ownerOther: 'The owner', 'dueOn-day': 'The due date', scope: 'The kind of action' };
const FIELD_FOR: Record<string, string> = { description: 'description', ownerId: 'ownerId', dueOn: 'dueOn-day', scope: 'scope' };

/**
 * Agreeing a SMART action on an audit (004: specific, with an owner and a real date, not "within 5
 * days"): the auditor during the audit, the audit manager or the audit team. Case actions go on the
 * child's record; learning actions never do (DESIGN "Actions are SMART").
 */
@WebController('audits')
export class AgreeActionController {
  @Get(':id/actions/new')
  async form(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.load(page, id);
    this.render(page, audit, {}, new FormErrors(), null);
  }

  @Post(':id/actions')
  async agree(@Page() page: WebPage, @Param('id') id: string) {
    const audit = await this.load(page, id);
    const form = page.form;
    const errors = new FormErrors();
    const owner = form.owner === 'other' ? form.ownerOther?.trim() : form.owner === 'practitioner' ? audit.practitionerId : form.owner === 'teamManager' ? audit.teamManagerId : '';
    if (!form.owner) errors.add('owner', 'Select who owns the action');
    else if (!owner) errors.add('ownerOther', 'Enter the staff ID of the person who owns the action');
    const dueOn = readDateInput(form, 'dueOn', 'the due date');
    if (!dueOn.ok) errors.add(`dueOn-${dueOn.parts[0]}`, dueOn.text);
    if (errors.any || !dueOn.ok) return this.render(page, audit, form, errors, dueOn.ok ? null : dueOn.parts, 400);

    const input = { auditId: audit.id, description: form.description ?? '', ownerId: owner, dueOn: dueOn.value, scope: form.scope || 'CASE' };
    let result;
    try {
      result = await page.mutate<{ agreeAction: { id: string; auditId: string } }>(AGREE, { input });
    } catch (error) {
      // An owner no one is registered as: the API answers NOT_FOUND, which on this form is the owner's field.
      if (!(error instanceof ApiFailure && error.code === 'NOT_FOUND')) throw error;
      errors.add(form.owner === 'other' ? 'ownerOther' : 'owner', 'There is no member of staff with that staff ID');
      return this.render(page, audit, form, errors, null, 400);
    }
    if (!result.ok) {
      errors.addApiErrors(result.errors, (f) => FIELD_FOR[f?.replace(/^input\./, '') ?? ''] ?? null, LABELS);
      const dateRefused = errors.for('dueOn-day') ? ([] as DatePart[]) : null;
      return this.render(page, audit, form, errors, dateRefused, 400);
    }
    page.redirect(`${actionHref(result.data.agreeAction)}?done=agreed`);
  }

  private async load(page: WebPage, id: string): Promise<ActionAudit> {
    const { audit } = await page.query<{ audit: ActionAudit | null }>(AUDIT_FOR_AGREEING, { auditId: id });
    if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit does not exist, or you cannot see it' }]);
    if (!mayAgreeActions({ staffId: page.staffId, roles: page.session.roles ?? [] }, audit)) {
      throw new ApiFailure('FORBIDDEN', [{ message: "Only the audit's auditor, the audit manager or the audit team can agree actions on it" }]);
    }
    return audit;
  }

  private render(page: WebPage, audit: ActionAudit, values: Record<string, string>, errors: FormErrors, dateErrorParts: DatePart[] | null, status = 200) {
    page.render(
      'actions/agree.njk',
      {
        pageTitle: 'Agree an action',
        navigation: 'actions',
        audit,
        values,
        errors,
        scopes: Object.entries(SCOPE_LABELS).map(([value, text]) => ({ value, text })),
        dueOnItems: dateInputItems('dueOn', values, dateErrorParts),
        dueOnError: dateInputError(errors, 'dueOn'),
        action: `/audits/${encodeURIComponent(audit.id)}/actions`,
        backHref: `/audits/${encodeURIComponent(audit.id)}`,
      },
      status,
    );
  }
}
