import { createHash } from 'node:crypto';
import { firstName, recipients as r, undeliverableReason, type Directory, type Recipient } from './recipients.js';
import type { Facts, Rule } from './rules.js';

/** A UUID (version 8, name-based) from the key: the same cause always makes the same message id. */
export function outboxId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const MESSAGE_STATES = ['QUEUED', 'SENT', 'FAILED', 'UNDELIVERABLE'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/** A message in the outbox (notification_outbox, projections/notifications/outbox.entities.ts) as decided. */
export interface OutboxRow {
  id: string;
  key: string;
  rule: string;
  eventId: string | null;
  reminderId: string | null;
  auditId: string | null;
  caseRef: string | null;
  recipientId: string;
  recipientAs: string;
  recipientEmail: string;
  recipientFirstName: string;
  facts: Record<string, unknown>;
  calendar: string | null;
  state: MessageState;
  attempts: number;
  queuedAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  lastError: string | null;
}

export interface Cause {
  /** Unique per cause: the event id, or the reminder id. */
  key: string;
  eventId: string | null;
  reminderId: string | null;
  /** When it was decided (the event's time, or the scheduler's clock). */
  at: Date;
}

/**
 * The outbox rows for one decision: a queued message per recipient who can be mailed; for one who
 * cannot (left, no email), a row marked UNDELIVERABLE and a message to the audit team saying so, so
 * nobody is silently skipped.
 */
export function outboxRows(rule: Rule, to: Recipient[], facts: Facts, directory: Directory, cause: Cause, calendar: string | null = null): OutboxRow[] {
  const rows: OutboxRow[] = [];
  const auditId = typeof facts.auditId === 'string' ? facts.auditId : null;
  const caseRef = typeof facts.caseRef === 'string' ? facts.caseRef : null;
  const row = (recipient: Recipient, ruleName: Rule, rowFacts: Facts, keySuffix: string, state: OutboxRow['state'], lastError: string | null): OutboxRow => {
    const person = directory.people.get(recipient.staffId);
    const key = `${cause.key}:${ruleName}:${keySuffix}`;
    return {
      id: outboxId(key),
      key,
      rule: ruleName,
      eventId: cause.eventId,
      reminderId: cause.reminderId,
      auditId,
      caseRef,
      recipientId: recipient.staffId,
      recipientAs: recipient.as,
      recipientEmail: person?.email ?? '',
      recipientFirstName: firstName(person),
      facts: rowFacts,
      calendar: ruleName === rule ? calendar : null,
      state,
      attempts: 0,
      queuedAt: cause.at,
      nextAttemptAt: cause.at,
      sentAt: null,
      lastError,
    };
  };
  for (const recipient of to) {
    const reason = undeliverableReason(directory.people.get(recipient.staffId));
    if (reason === null) {
      rows.push(row(recipient, rule, facts, recipient.staffId, 'QUEUED', null));
      continue;
    }
    rows.push(row(recipient, rule, facts, recipient.staffId, 'UNDELIVERABLE', reason));
    const person = directory.people.get(recipient.staffId);
    const report: Facts = { auditId, caseRef, about: rule, personId: recipient.staffId, personName: person?.name ?? recipient.staffId, reason };
    for (const member of r.auditTeam(directory)) {
      if (undeliverableReason(directory.people.get(member.staffId)) !== null) continue;
      rows.push(row(member, 'UNDELIVERABLE_REPORTED', report, `${recipient.staffId}:${member.staffId}`, 'QUEUED', null));
    }
  }
  return rows;
}
