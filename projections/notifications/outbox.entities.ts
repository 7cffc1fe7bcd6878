import { Column, Entity, Index, PrimaryColumn, type EntityManager } from 'typeorm';
import type { MessageState, OutboxRow } from '../../src/notifications/contracts/outbox-rows.js';

/**
 * The outbox and the reminders are not read models: they record what was (or is to be) sent, so a
 * rebuild of the notifications projection must never empty them. They are in the data source (so the
 * schema is kept) but in no projection's `entities` (so the runner never truncates them). Rows are
 * keyed by what caused them, and written with ON CONFLICT DO NOTHING: replaying an event adds nothing.
 */

export { MESSAGE_STATES, type MessageState } from '../../src/notifications/contracts/outbox-rows.js';

@Entity({ name: 'notification_outbox' })
@Index(['state', 'nextAttemptAt'])
export class OutboxMessageEntity implements OutboxRow {
  /** A UUID derived from `key`: also the message's Message-ID, so a retry is recognisable. */
  @PrimaryColumn({ type: 'uuid' }) id: string;
  /** What caused it: `<event id>:<rule>:<staff id>` or `<reminder id>:<staff id>`. */
  @Column({ type: 'text', unique: true }) key: string;
  @Column({ type: 'text' }) rule: string;
  @Column({ name: 'event_id', type: 'text', nullable: true }) eventId: string | null;
  @Column({ name: 'reminder_id', type: 'text', nullable: true }) reminderId: string | null;
  @Index() @Column({ name: 'audit_id', type: 'text', nullable: true }) auditId: string | null;
  @Column({ name: 'case_ref', type: 'text', nullable: true }) caseRef: string | null;
  @Index() @Column({ name: 'recipient_id', type: 'text' }) recipientId: string;
  /** The capacity they are told in (PRACTITIONER, AUDITOR_HEAD_OF_SERVICE, …). */
  @Column({ name: 'recipient_as', type: 'text' }) recipientAs: string;
  @Column({ name: 'recipient_email', type: 'text' }) recipientEmail: string;
  @Column({ name: 'recipient_first_name', type: 'text' }) recipientFirstName: string;
  /** What the template needs: case reference, dates, staff names. Never case content. */
  @Column({ type: 'jsonb' }) facts: Record<string, unknown>;
  /** A calendar invitation (.ics text), when the message carries one. */
  @Column({ type: 'text', nullable: true }) calendar: string | null;
  @Column({ type: 'text' }) state: MessageState;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'queued_at', type: 'timestamptz' }) queuedAt: Date;
  @Column({ name: 'next_attempt_at', type: 'timestamptz' }) nextAttemptAt: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'resent_by_id', type: 'text', nullable: true }) resentById: string | null;
}

/**
 * A reminder that has been dealt with: fired (its messages are in the outbox, written in the same
 * transaction) or lapsed (its time passed more than the grace period before the service could send it).
 * Its id names the deadline, the stage and the due date, so each reminder happens once, whatever restarts.
 */
@Entity({ name: 'notification_reminders' })
export class ReminderEntity {
  /** `<kind>:<subject id>:<stage>:<due date>`: a moved deadline gets reminders of its own. */
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'text' }) kind: string;
  /** BEFORE, ON_DAY, OVERDUE. */
  @Column({ type: 'text' }) stage: string;
  @Index() @Column({ name: 'subject_id', type: 'text' }) subjectId: string;
  @Column({ name: 'due_on', type: 'text' }) dueOn: string;
  @Column({ name: 'fire_at', type: 'timestamptz' }) fireAt: Date;
  /** FIRED or LAPSED. */
  @Column({ type: 'text' }) state: string;
  @Column({ name: 'handled_at', type: 'timestamptz' }) handledAt: Date;
}

export const OUTBOX_ENTITIES = [OutboxMessageEntity, ReminderEntity];

/** Writes rows not already there (by key): a replayed cause adds nothing. */
export async function insertOutboxRows(manager: EntityManager, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.createQueryBuilder().insert().into(OutboxMessageEntity).values(rows as never[]).orIgnore().execute();
}
