import { Inject, Injectable } from '@nestjs/common';
import { createEvent } from 'ics';
import { DataSource } from 'typeorm';
import { NotifyAuditEntity } from '../../projections/notifications/notify-lookups.entities.js';
import { OutboxMessageEntity, type MessageState } from '../../projections/notifications/outbox.entities.js';
import { SETTINGS } from '../app.tokens.js';
import type { Principal } from '../auth/principal.js';
import type { Settings } from '../config/settings.js';
import { Clock } from '../shared/clock.js';
import { badInput, conflict, forbidden, notFound } from '../shared/errors.js';
import { loadDirectory } from './directory.js';
import { messageIdFor } from './mail-transport.js';
import type { Notification, NotificationCounts, SendUoPPInvitationInput } from './notification.types.js';
import { outboxId, outboxRows } from './contracts/outbox-rows.js';
import { insertOutboxRows } from '../../projections/notifications/outbox.entities.js';
import { distinct, recipients as r, type Recipient } from './contracts/recipients.js';
import type { Rule } from './contracts/rules.js';
import { render } from './templates.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  private view(row: OutboxMessageEntity): Notification {
    const { subject } = render(row.rule as Rule, row.facts as never, row.recipientFirstName, this.settings.mail.publicUrl);
    return {
      id: row.id,
      rule: row.rule,
      subject,
      state: row.state,
      recipientId: row.recipientId,
      recipientAs: row.recipientAs,
      recipientEmail: row.recipientEmail,
      auditId: row.auditId,
      caseRef: row.caseRef,
      queuedAt: row.queuedAt,
      sentAt: row.sentAt,
      attempts: row.attempts,
      lastError: row.lastError,
      hasCalendarInvitation: row.calendar !== null,
    };
  }

  /** What was sent (or is to be sent) to one person, newest first. */
  async forRecipient(staffId: string, limit: number): Promise<Notification[]> {
    const rows = await this.dataSource.getRepository(OutboxMessageEntity).find({
      where: { recipientId: staffId },
      order: { queuedAt: 'DESC', id: 'ASC' },
      take: clampLimit(limit),
    });
    return rows.map((row) => this.view(row));
  }

  /** Every message, for the audit team: by state and audit when asked, newest first. */
  async all(filter: { state?: MessageState | null; auditId?: string | null; limit: number }): Promise<Notification[]> {
    const where: { state?: MessageState; auditId?: string } = {};
    if (filter.state) where.state = filter.state;
    if (filter.auditId) where.auditId = filter.auditId;
    const rows = await this.dataSource.getRepository(OutboxMessageEntity).find({ where, order: { queuedAt: 'DESC', id: 'ASC' }, take: clampLimit(filter.limit) });
    return rows.map((row) => this.view(row));
  }

  async counts(): Promise<NotificationCounts> {
    const rows: { state: string; n: string }[] = await this.dataSource.query(`SELECT state, count(*) AS n FROM notification_outbox GROUP BY state`);
    const n = (state: string) => Number(rows.find((row) => row.state === state)?.n ?? 0);
    return { queued: n('QUEUED'), sent: n('SENT'), failed: n('FAILED'), undeliverable: n('UNDELIVERABLE') };
  }

  /** A FAILED message goes back in the queue, tried afresh with the same Message-ID. */
  async resend(id: string, by: Principal): Promise<Notification> {
    if (!UUID.test(id)) throw notFound('notification', id);
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(OutboxMessageEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('notification', id);
      if (row.state !== 'FAILED') {
        throw conflict(
          row.state === 'UNDELIVERABLE'
            ? `notification ${id} cannot be delivered (${row.lastError}): update the person's record; only a FAILED message can be resent`
            : `notification ${id} is ${row.state}: only a FAILED message can be resent`,
        );
      }
      Object.assign(row, { state: 'QUEUED', attempts: 0, nextAttemptAt: this.clock.now(), resentById: by.staffId });
      await manager.save(OutboxMessageEntity, row);
      return this.view(row);
    });
  }

  /**
   * The chair sends a calendar invitation for the UoPP meeting or its follow-up (000 "Who should attend?":
   * at least the team manager, the practitioner and the auditor; for Inadequate work the audit manager
   * leads it with the EH coordinator lead, and the follow-up is convened by the coordinator lead with the
   * TM/SW). Sending the same invitation again adds nothing.
   */
  async inviteToUoPP(input: SendUoPPInvitationInput, by: Principal): Promise<Notification[]> {
    const startsAt = input.startsAt;
    if (!(startsAt instanceof Date) || Number.isNaN(startsAt.getTime())) throw badInput('startsAt', 'must be a date and time');
    if (startsAt <= this.clock.now()) throw badInput('startsAt', `must be in the future (now is ${this.clock.now().toISOString()})`);
    const minutes = input.duration ?? 60;
    if (!Number.isInteger(minutes) || minutes < 15 || minutes > 480) throw badInput('duration', 'must be from 15 to 480 minutes');
    const location = input.location?.trim() || null;
    if (location && location.length > 200) throw badInput('location', 'must be at most 200 characters');

    return this.dataSource.transaction(async (manager) => {
      const audit = await manager.findOneBy(NotifyAuditEntity, { id: input.auditId });
      if (!audit) throw notFound('audit', input.auditId);
      const directory = await loadDirectory(manager);
      const inadequate = audit.currentGrade === 'INADEQUATE';
      const managers = r.auditManagers(directory).map((x) => x.staffId);
      const leads = r.coordinatorLeads(directory, audit.teamId).map((x) => x.staffId);
      const mayChair =
        input.meeting === 'INITIAL'
          ? inadequate
            ? managers.includes(by.staffId)
            : by.staffId === audit.auditorId
          : managers.includes(by.staffId) || leads.includes(by.staffId) || by.staffId === audit.teamManagerId;
      if (!mayChair) {
        throw forbidden(
          input.meeting === 'INITIAL'
            ? 'only the chair of the meeting may send its invitation: the auditor, or the audit manager where they lead it'
            : 'only the audit manager, the case team manager or the EH coordinator lead may send the follow-up invitation',
        );
      }
      if (audit.status !== 'MODERATED') throw conflict(`the audit is ${audit.status}: a UoPP meeting follows moderation`);
      if (input.meeting === 'FOLLOW_UP' && !inadequate) throw conflict('a follow-up UoPP meeting is held for Inadequate work only');

      const invitees: Recipient[] = distinct([
        r.person(by.staffId, 'CHAIR'),
        r.person(audit.teamManagerId, 'TEAM_MANAGER'),
        r.person(audit.practitionerId, 'PRACTITIONER'),
        r.person(audit.auditorId, 'AUDITOR'),
        ...(inadequate ? [...r.coordinatorLeads(directory, audit.teamId), ...r.auditManagers(directory)] : []),
      ]);
      const chair = directory.people.get(by.staffId);
      const key = `uopp-invitation:${audit.id}:${input.meeting}:${startsAt.toISOString()}`;
      const uid = messageIdFor(outboxId(key), this.settings.mail.from).slice(1, -1);
      const ics = createEvent({
        uid,
        method: 'REQUEST',
        productId: 'practice-audit',
        start: startsAt.getTime(),
        startInputType: 'utc',
        startOutputType: 'utc',
        duration: { minutes },
        title: `${input.meeting === 'FOLLOW_UP' ? 'Follow-up ' : ''}UoPP meeting: case ${audit.caseRef}`,
        description: `Understanding our Practice Progression meeting for case ${audit.caseRef}. ${this.settings.mail.publicUrl}/audits/${encodeURIComponent(audit.id)}`,
        ...(location ? { location } : {}),
        organizer: { name: chair?.name ?? by.staffId, email: chair?.email || undefined },
        attendees: invitees
          .map((i) => directory.people.get(i.staffId))
          .filter((p) => !!p?.email)
          .map((p) => ({ name: p!.name, email: p!.email, rsvp: true, role: 'REQ-PARTICIPANT' as const })),
      });
      if (ics.error || !ics.value) throw badInput('startsAt', `cannot make a calendar invitation: ${ics.error?.message ?? 'unknown'}`);
      const startsAtText = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/London' }).format(startsAt);
      const facts = { auditId: audit.id, caseRef: audit.caseRef, meeting: input.meeting, chairName: chair?.name ?? by.staffId, startsAtText, location };
      const rows = outboxRows('UOPP_INVITATION', invitees, facts, directory, { key, eventId: null, reminderId: null, at: this.clock.now() }, ics.value);
      await insertOutboxRows(manager, rows);
      const stored = await manager.findBy(OutboxMessageEntity, rows.map((row) => ({ id: row.id })));
      return stored.sort((a, b) => a.recipientId.localeCompare(b.recipientId)).map((row) => this.view(row));
    });
  }
}

function clampLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badInput('limit', 'must be a whole number from 1 to 500');
  return limit;
}

