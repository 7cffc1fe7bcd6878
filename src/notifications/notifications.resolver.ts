import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import type { MessageState } from '../../projections/notifications/outbox.entities.js';
import { Notification, NotificationCounts, NotificationStateEnum, SendUoPPInvitationInput } from './notification.types.js';
import { NotificationsService } from './notifications.service.js';

@Resolver()
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Authenticated()
  @Query(() => [Notification], { description: 'The emails the service sent (or is to send) to the caller, and when; newest first.' })
  myNotifications(
    @CurrentPrincipal() principal: Principal,
    @Args('limit', { type: () => Int, defaultValue: 50 }) limit: number,
  ): Promise<Notification[]> {
    return this.service.forRecipient(principal.staffId, limit);
  }

  @Roles('AUDIT_TEAM')
  @Query(() => [Notification], { description: "Every message and its state (queued, sent, failed with the reason, undeliverable), for the audit team; newest first." })
  notifications(
    @Args('state', { type: () => NotificationStateEnum, nullable: true }) state: MessageState | null,
    @Args('auditId', { type: () => ID, nullable: true }) auditId: string | null,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit: number,
  ): Promise<Notification[]> {
    return this.service.all({ state, auditId, limit });
  }

  @Roles('AUDIT_TEAM')
  @Query(() => NotificationCounts, { description: 'How many messages are queued, sent, failed and undeliverable.' })
  notificationCounts(): Promise<NotificationCounts> {
    return this.service.counts();
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Notification, { description: 'Puts a FAILED message back in the queue, with the same Message-ID.' })
  resendNotification(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<Notification> {
    return this.service.resend(id, principal);
  }

  @Roles('AUDITOR', 'AUDIT_MANAGER', 'TEAM_MANAGER')
  @Mutation(() => [Notification], {
    description:
      "The chair sends a calendar invitation (.ics) for the UoPP meeting or the follow-up to the team manager, practitioner and auditor (and, for Inadequate work, the EH coordinator lead and audit manager).",
  })
  sendUoPPInvitation(@CurrentPrincipal() principal: Principal, @Args('input') input: SendUoPPInvitationInput): Promise<Notification[]> {
    return this.service.inviteToUoPP(input, principal);
  }
}
