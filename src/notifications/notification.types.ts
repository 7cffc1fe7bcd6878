import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsDate, IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEntityId } from '../graphql/validation.js';
import { MESSAGE_STATES, type MessageState } from '../../projections/notifications/outbox.entities.js';

export const NotificationStateEnum = Object.fromEntries(MESSAGE_STATES.map((s) => [s, s])) as { [K in MessageState]: K };
registerEnumType(NotificationStateEnum, {
  name: 'NotificationState',
  description: 'QUEUED (waiting to be sent, or to be tried again), SENT, FAILED (every try failed; lastError says why), UNDELIVERABLE (the person has no email or has left; the audit team was told).',
});

export const UOPP_MEETINGS = ['INITIAL', 'FOLLOW_UP'] as const;
export type UoPPMeeting = (typeof UOPP_MEETINGS)[number];
export const UoPPMeetingEnum = Object.fromEntries(UOPP_MEETINGS.map((s) => [s, s])) as { [K in UoPPMeeting]: K };
registerEnumType(UoPPMeetingEnum, { name: 'UoPPMeetingKind', description: 'The first UoPP meeting after moderation, or the follow-up 6 weeks later for Inadequate work.' });

@ObjectType({ description: 'One email the service sent (or is to send) to one person, and what became of it.' })
export class Notification {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'Why it was sent: ALLOCATED_PRACTITIONER, INADEQUATE_SUBMITTED, REMINDER, …' }) rule: string;
  @Field(() => String) subject: string;
  @Field(() => NotificationStateEnum) state: MessageState;
  @Field(() => ID) recipientId: string;
  @Field(() => String, { description: 'The capacity they were told in: PRACTITIONER, AUDITOR_HEAD_OF_SERVICE, …' }) recipientAs: string;
  @Field(() => String) recipientEmail: string;
  @Field(() => ID, { nullable: true }) auditId: string | null;
  @Field(() => String, { nullable: true }) caseRef: string | null;
  @Field(() => GraphQLISODateTime) queuedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) sentAt: Date | null;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true, description: 'Why the last try failed, or why it cannot be delivered.' }) lastError: string | null;
  @Field(() => Boolean, { description: 'A calendar invitation (.ics) is attached.' }) hasCalendarInvitation: boolean;
}

@ObjectType({ description: 'How many messages are in each state.' })
export class NotificationCounts {
  @Field(() => Int) queued: number;
  @Field(() => Int) sent: number;
  @Field(() => Int) failed: number;
  @Field(() => Int) undeliverable: number;
}

@InputType()
export class SendUoPPInvitationInput {
  @Field(() => ID) @IsEntityId() auditId: string;
  @Field(() => UoPPMeetingEnum) @IsIn(UOPP_MEETINGS, { message: `meeting: must be one of ${UOPP_MEETINGS.join(', ')}` }) meeting: UoPPMeeting;
  @Field(() => GraphQLISODateTime, { description: 'When the meeting starts; must be in the future.' })
  @IsDate({ message: 'startsAt: must be a date and time' })
  startsAt: Date;
  @Field(() => Int, { nullable: true, description: 'How long, in minutes: 15 to 480; 60 when not given.' })
  @IsOptional()
  @IsInt({ message: 'duration: must be a whole number of minutes' })
  duration?: number | null;
  @Field(() => String, { nullable: true, description: 'A room or a call link; at most 200 characters.' })
  @IsOptional()
  @IsString({ message: 'location: must be text' })
  @MaxLength(200, { message: 'location: must be at most 200 characters' })
  location?: string | null;
}
