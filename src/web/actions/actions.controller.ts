import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import {
  ACKNOWLEDGE,
  ACTION_STATUS_LABELS,
  ACTION_TRACKER,
  AUDIT_ACTIONS,
  COMPLETE,
  DROP,
  LEARNING_ACTIONS,
  MY_ACTIONS,
  PROGRESS,
  SCOPE_LABELS,
  TEAM_ACTIONS,
  type Action,
  type ActionAudit,
} from './actions.queries.js';
import { followUpsFor, teamActions, type FollowUp } from './follow-ups.js';

export const actionHref = (a: { auditId: string; id: string }) => `/actions/${encodeURIComponent(a.auditId)}/${encodeURIComponent(a.id)}`;

/** What the banner says after a follow-up (the page it lands on is read again from the API). */
const DONE: Record<string, string> = {
  agreed: 'The action has been agreed.',
  acknowledged: 'Your acknowledgement has been recorded.',
  progressed: 'The progress note has been recorded.',
  completed: 'The action has been completed.',
  dropped: 'The action has been dropped.',
};

/** Each follow-up's form: the mutation, what it sends, and the words for its fields. */
const FOLLOW_UPS: Record<FollowUp, { document: string; input: (id: string, form: Record<string, string>) => Record<string, unknown>; field: string; label: string; done: string }> = {
  acknowledge: { document: ACKNOWLEDGE, input: (actionId, f) => ({ actionId, comment: f.comment?.trim() || null }), field: 'comment', label: 'Your comment', done: 'acknowledged' },
  progress: { document: PROGRESS, input: (actionId, f) => ({ actionId, note: f.note ?? '' }), field: 'note', label: 'The progress note', done: 'progressed' },
  complete: { document: COMPLETE, input: (actionId, f) => ({ actionId, note: f.completionNote?.trim() || null }), field: 'completionNote', label: 'The note', done: 'completed' },
  drop: { document: DROP, input: (actionId, f) => ({ actionId, reason: f.reason ?? '' }), field: 'reason', label: 'The reason', done: 'dropped' },
};
const API_FIELD: Record<FollowUp, string> = { acknowledge: 'comment', progress: 'note', complete: 'note', drop: 'reason' };

/**
 * SMART actions: my actions, my team's actions (team managers), the audit team's action tracker,
 * and an action's page with its follow-ups (acknowledge, progress, complete, drop).
 */
@WebController('actions')
export class ActionsController {
  @Get()
  async mine(@Page() page: WebPage) {
    const { myActions } = await page.query<{ myActions: Action[] }>(MY_ACTIONS);
    this.renderList(page, 'mine', 'My actions', myActions.map((a) => ({ ...a, href: actionHref(a) })));
  }

  @Get('team')
  async team(@Page() page: WebPage) {
    if (!page.session.roles?.includes('TEAM_MANAGER')) throw new ApiFailure('FORBIDDEN', [{ message: "Only a team manager has a team's actions to see here" }]);
    const { me, cycles } = await page.query<{ me: { id: string }; cycles: Array<{ name: string; audits: ActionAudit[] }> }>(TEAM_ACTIONS);
    // Learning actions never show on the case; the practitioner's line (the case's team manager) sees them here.
    for (const audit of cycles.flatMap((c) => c.audits).filter((x) => x.teamManagerId === me.id)) {
      const { learningActions } = await page.query<{ learningActions: Action[] }>(LEARNING_ACTIONS, { auditId: audit.id });
      audit.actions = [...(audit.actions ?? []), ...learningActions];
    }
    this.renderList(page, 'team', "My team's actions", teamActions(me.id, cycles).map((a) => ({ ...a, href: actionHref(a) })));
  }

  /** The audit team's tracker, filtered by a GET form (works without JavaScript, can be bookmarked). */
  @Get('tracker')
  async tracker(@Page() page: WebPage) {
    // The API would refuse it naming the role's code; the page says who may read it, in words.
    if (!page.session.roles?.includes('AUDIT_TEAM')) throw new ApiFailure('FORBIDDEN', [{ message: 'Only the audit team can read the action tracker' }]);
    const status = ['OPEN', 'DONE', 'DROPPED'].includes(String(page.req.query.status)) ? String(page.req.query.status) : null;
    const overdueOnly = page.req.query.overdue === 'yes';
    const { actionTracker } = await page.query<{ actionTracker: Action[] }>(ACTION_TRACKER, { status, overdueOnly });
    this.renderList(page, 'tracker', 'Action tracker', actionTracker.map((a) => ({ ...a, href: actionHref(a) })), { filter: { status, overdueOnly } });
  }

  @Get(':auditId/:actionId')
  async show(@Page() page: WebPage, @Param('auditId') auditId: string, @Param('actionId') actionId: string) {
    const { audit, action } = await this.load(page, auditId, actionId);
    const done = DONE[String(page.req.query.done)] ?? null;
    this.renderAction(page, audit, action, new FormErrors(), {}, null, 200, done);
  }

  @Post(':auditId/:actionId/:followUp')
  async followUp(@Page() page: WebPage, @Param('auditId') auditId: string, @Param('actionId') actionId: string, @Param('followUp') name: string) {
    const { audit, action } = await this.load(page, auditId, actionId);
    const followUp = FOLLOW_UPS[name as FollowUp];
    if (!followUp) throw new ApiFailure('NOT_FOUND', [{ message: 'There is no such page' }]);
    const result = await page.mutate(followUp.document, { input: followUp.input(action.id, page.form) });
    if (!result.ok) {
      const errors = new FormErrors().addApiErrors(result.errors, (f) => (f?.replace(/^input\./, '') === API_FIELD[name as FollowUp] ? followUp.field : null), { [followUp.field]: followUp.label });
      return this.renderAction(page, audit, action, errors, page.form, name as FollowUp, 400);
    }
    page.redirect(`${actionHref(action)}?done=${followUp.done}`);
  }

  /** The action from its audit: the case actions and the learning actions the person may see. */
  private async load(page: WebPage, auditId: string, actionId: string): Promise<{ audit: ActionAudit; action: Action }> {
    let data: { audit: ActionAudit | null; learningActions: Action[] };
    try {
      data = await page.query(AUDIT_ACTIONS, { auditId });
    } catch (error) {
      // The owner of a learning action on an audit they may not read (someone of another team, say)
      // still sees and follows up their own action, without the case.
      if (!(error instanceof ApiFailure && error.code === 'FORBIDDEN')) throw error;
      const { myActions } = await page.query<{ myActions: Action[] }>(MY_ACTIONS);
      const own = myActions.find((a) => a.id === actionId && a.auditId === auditId);
      if (!own) throw error;
      return { audit: { id: auditId, caseRef: '', status: '', auditorId: '', practitionerId: '', teamManagerId: '' }, action: own };
    }
    const action = data.audit && [...(data.audit.actions ?? []), ...data.learningActions].find((a) => a.id === actionId);
    if (!data.audit || !action) throw new ApiFailure('NOT_FOUND', [{ message: 'This action does not exist, or you cannot see it' }]);
    return { audit: data.audit, action };
  }

  private renderList(page: WebPage, tab: string, title: string, actions: Array<Action & { href: string }>, extra: Record<string, unknown> = {}) {
    const roles = page.session.roles ?? [];
    const tabs = [
      { key: 'mine', text: 'My actions', href: '/actions' },
      ...(roles.includes('TEAM_MANAGER') ? [{ key: 'team', text: "My team's actions", href: '/actions/team' }] : []),
      ...(roles.includes('AUDIT_TEAM') ? [{ key: 'tracker', text: 'Action tracker', href: '/actions/tracker' }] : []),
    ].map((t) => ({ text: t.text, href: t.href, active: t.key === tab }));
    page.render('actions/list.njk', { pageTitle: title, navigation: 'actions', tab, tabs, actions, me: page.staffId, scopeLabels: SCOPE_LABELS, statusLabels: ACTION_STATUS_LABELS, ...extra });
  }

  private renderAction(page: WebPage, audit: ActionAudit, action: Action, errors: FormErrors, values: Record<string, string>, refused: FollowUp | null, status = 200, done: string | null = null) {
    page.render(
      'actions/action.njk',
      {
        pageTitle: action.description.length > 60 ? `${action.description.slice(0, 57)}…` : action.description,
        navigation: 'actions',
        audit,
        action,
        me: page.staffId,
        offered: followUpsFor({ staffId: page.staffId, roles: page.session.roles ?? [] }, action, audit),
        base: actionHref(action),
        errors,
        values,
        refused,
        scopeLabels: SCOPE_LABELS,
        statusLabels: ACTION_STATUS_LABELS,
        ...(done ? { flash: done } : {}),
      },
      status,
    );
  }
}
