import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotifyAuditEntity, NotifyDeadlineEntity } from '../../projections/notifications/notify-lookups.entities.js';
import { SETTINGS } from '../app.tokens.js';
import { calendarFor, toLocalDate } from '../calendar/working-calendar.js';
import type { Settings } from '../config/settings.js';
import { Clock } from '../shared/clock.js';
import type { ReminderKind } from '../shared/deadlines.js';
import { reminderDays, reminderRecipients, startOfWorkingDay } from './reminders.js';
import { loadDirectory } from './directory.js';
import { outboxRows } from './contracts/outbox-rows.js';
import { insertOutboxRows } from '../../projections/notifications/outbox.entities.js';
import { periodicReports } from './periodic-reports.js';

const DAY_MS = 86_400_000;

/**
 * Fires reminders on the service clock. A reminder's row (notification_reminders) and its messages
 * commit together, keyed by deadline, stage and due date: a restart neither loses nor repeats one, and
 * several instances share the work (deadline rows are taken FOR UPDATE SKIP LOCKED).
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ReminderScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  onApplicationBootstrap(): void {
    // An API instance never fires reminders: the active worker does (SERVICE_ROLE).
    if (this.settings.role === 'all') this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Fires reminders every REMINDER_POLL_MS until stop(). */
  start(): void {
    this.stopped = false;
    if (this.settings.mail.reminderPollMs > 0 && !this.timer && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.log.error(`reminders: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule(this.settings.mail.reminderPollMs);
        });
    }, delay);
    // The HTTP server keeps the process alive; this timer alone never should.
    this.timer.unref();
  }

  /** Fires every reminder (and periodic report) due by the clock now; returns how many fired. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const fired = await this.dataSource.transaction((manager) => this.fireDue(manager, now));
    return fired + (await this.dataSource.transaction((manager) => periodicReports(manager, now, this.settings)));
  }

  private async fireDue(manager: EntityManager, now: Date): Promise<number> {
    const { reminderLeadDays, reminderGraceDays } = this.settings.mail;
    const calendar = calendarFor(this.settings.calendarRegion);
    const today = toLocalDate(now);
    // The first reminder is `lead` working days before: no deadline further off than this can be due.
    const horizon = toLocalDate(new Date(now.getTime() + (reminderLeadDays * 2 + 14) * DAY_MS));
    // An overdue reminder goes out a working day after the deadline: well past its grace, nothing is left to fire.
    const settled = toLocalDate(new Date(now.getTime() - (reminderGraceDays + 14) * DAY_MS));
    const deadlines = await manager
      .createQueryBuilder(NotifyDeadlineEntity, 'd')
      .where('d.due_on <= :horizon AND d.due_on >= :settled', { horizon, settled })
      .orderBy('d.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (deadlines.length === 0) return 0;
    const directory = await loadDirectory(manager);
    const handled = new Set(
      ((await manager.query(`SELECT id FROM notification_reminders WHERE subject_id = ANY($1)`, [deadlines.map((d) => d.subjectId)])) as { id: string }[]).map((r) => r.id),
    );
    let fired = 0;
    for (const deadline of deadlines) {
      const kind = deadline.kind as ReminderKind;
      for (const { stage, on } of reminderDays(kind, deadline.dueOn, deadline.plannedOn, calendar, reminderLeadDays)) {
        if (on > today) continue;
        const fireAt = startOfWorkingDay(on);
        if (fireAt > now) continue;
        const id = `${kind}:${deadline.subjectId}:${stage}:${deadline.dueOn}`;
        if (handled.has(id)) continue;
        const lapsed = now.getTime() - fireAt.getTime() > reminderGraceDays * DAY_MS;
        const inserted: unknown[] = await manager.query(
          `INSERT INTO notification_reminders (id, kind, stage, subject_id, due_on, fire_at, state, handled_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [id, kind, stage, deadline.subjectId, deadline.dueOn, fireAt, lapsed ? 'LAPSED' : 'FIRED', now],
        );
        if (inserted.length === 0 || lapsed) continue;
        const audit = deadline.auditId ? await manager.findOneBy(NotifyAuditEntity, { id: deadline.auditId }) : null;
        const to = reminderRecipients(kind, deadline.target, audit, directory);
        const facts = { kind, stage, dueOn: deadline.dueOn, auditId: deadline.auditId, caseRef: audit?.caseRef ?? null };
        await insertOutboxRows(manager, outboxRows('REMINDER', to, facts, directory, { key: id, eventId: null, reminderId: id, at: now }));
        fired++;
      }
    }
    return fired;
  }
}
