import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';

const FIELDS = `id rule subject state recipientId recipientAs recipientEmail auditId caseRef queuedAt sentAt attempts lastError hasCalendarInvitation`;
const MINE = `query MyNotifications { myNotifications(limit: 100) { ${FIELDS} } }`;
const ALL = `query Notifications($state: NotificationState) {
  notifications(state: $state, limit: 200) { ${FIELDS} }
  notificationCounts { queued sent failed undeliverable }
}`;
const RESEND = `mutation ResendNotification($id: ID!) { resendNotification(id: $id) { id state } }`;

export const STATES = ['QUEUED', 'SENT', 'FAILED', 'UNDELIVERABLE'];
export const STATE_LABELS: Record<string, string> = { QUEUED: 'Queued', SENT: 'Sent', FAILED: 'Failed', UNDELIVERABLE: 'Undeliverable' };

interface Notification {
  id: string;
  subject: string;
  state: string;
  recipientId: string;
  recipientEmail: string;
  caseRef: string | null;
  queuedAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

/**
 * Messages: the emails the service sent (or is to send) to the signed-in person, and for the audit
 * team every message with its state, and a resend of failed mail (same Message-ID, so a person
 * never gets it twice).
 */
@WebController('notifications')
export class NotificationsController {
  @Get()
  async mine(@Page() page: WebPage) {
    const { myNotifications } = await page.query<{ myNotifications: Notification[] }>(MINE);
    page.render('notifications/mine.njk', { pageTitle: 'Messages', navigation: 'notifications', tabs: this.tabs(page, 'mine'), notifications: myNotifications, stateLabels: STATE_LABELS });
  }

  @Get('all')
  async all(@Page() page: WebPage) {
    await this.renderAll(page, new FormErrors());
  }

  @Post(':id/resend')
  async resend(@Page() page: WebPage, @Param('id') id: string) {
    const result = await page.mutate(RESEND, { id });
    // CONFLICT: it is no longer FAILED (resent already, from another page); say so above the list.
    if (!result.ok) return this.renderAll(page, new FormErrors().addApiErrors(result.errors, () => null), 409);
    page.redirect('/notifications/all?state=FAILED&resent=1');
  }

  private async renderAll(page: WebPage, errors: FormErrors, status = 200) {
    const state = STATES.includes(String(page.req.query.state)) ? String(page.req.query.state) : null;
    const data = await page.query<{ notifications: Notification[]; notificationCounts: Record<string, number> }>(ALL, { state });
    page.render(
      'notifications/all.njk',
      {
        pageTitle: 'All messages',
        navigation: 'notifications',
        tabs: this.tabs(page, 'all'),
        notifications: data.notifications,
        counts: data.notificationCounts,
        state,
        states: STATES,
        stateLabels: STATE_LABELS,
        errors,
        ...(page.req.query.resent === '1' ? { flash: 'The message is back in the queue and will be sent again.' } : {}),
      },
      status,
    );
  }

  private tabs(page: WebPage, active: string) {
    if (!page.session.roles?.includes('AUDIT_TEAM')) return [];
    return [
      { text: 'My messages', href: '/notifications', active: active === 'mine' },
      { text: 'All messages', href: '/notifications/all', active: active === 'all' },
    ];
  }
}
