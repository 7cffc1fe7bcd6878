import { Module } from '@nestjs/common';
import { NotificationHealthCheck } from './health.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxSender } from './outbox-sender.js';
import { ReminderScheduler } from './reminder-scheduler.js';

/** Emails and reminders: the outbox sender, the reminder scheduler, and what people and the audit team can see of them. */
@Module({
  providers: [NotificationsResolver, NotificationsService, OutboxSender, ReminderScheduler, NotificationHealthCheck],
  exports: [NotificationsService, OutboxSender, ReminderScheduler, NotificationHealthCheck],
})
export class NotificationsModule {}
