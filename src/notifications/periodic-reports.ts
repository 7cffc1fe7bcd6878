import type { EntityManager } from 'typeorm';
import { NotifyAuditEntity, NotifyDeadlineEntity } from '../../projections/notifications/notify-lookups.entities.js';
import { calendarFor, toLocalDate, type WorkingCalendar } from '../calendar/working-calendar.js';
import type { Settings } from '../config/settings.js';
import { startOfWorkingDay } from './reminders.js';
import { loadDirectory } from './directory.js';
import { outboxRows } from './contracts/outbox-rows.js';
import { insertOutboxRows } from '../../projections/notifications/outbox.entities.js';
import { distinct, recipients as r, serviceOfTeam, type Directory, type Recipient } from './contracts/recipients.js';
import type { Facts, Rule } from './contracts/rules.js';

/**
 * The weekly digest of Inadequate work (000: "the relevant EH Coordinator Lead will track progress and
 * report on a weekly basis to the Head of Service Early Help, and Audit Manager") and the monthly summary
 * of what is overdue for the audit team (000: "The Audit Team will track completion and progress of all
 * audits"). Each goes out once per week or month, on its first working day, keyed like a reminder.
 */

const plusDays = (date: string, days: number) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** The first working day of the week (Monday to Sunday) holding `today`, and that Monday. */
export function weekStart(today: string, calendar: WorkingCalendar): { key: string; day: string | null } {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const monday = plusDays(today, -weekday);
  for (let i = 0; i < 5; i++) if (calendar.isWorkingDay(plusDays(monday, i))) return { key: monday, day: plusDays(monday, i) };
  return { key: monday, day: null };
}

export function monthStart(today: string, calendar: WorkingCalendar): { key: string; day: string } {
  const month = today.slice(0, 7);
  return { key: month, day: calendar.addWorkingDays(`${month}-01`, 0) };
}

/** Per service: the Inadequate work in progress and who hears of it (coordinator leads, heads of service, audit managers). */
export function weeklyDigests(audits: Array<{ caseRef: string; teamId: string }>, directory: Directory): Array<{ to: Recipient[]; caseRefs: string[] }> {
  const byService = new Map<string, Array<{ caseRef: string; teamId: string }>>();
  for (const audit of audits) {
    const service = serviceOfTeam(directory, audit.teamId) ?? '';
    byService.set(service, [...(byService.get(service) ?? []), audit]);
  }
  return [...byService.values()].map((list) => ({
    to: distinct([
      ...list.flatMap((a) => r.coordinatorLeads(directory, a.teamId)),
      ...r.headsOfService(directory, list[0].teamId),
      ...r.auditManagers(directory),
    ]),
    caseRefs: [...new Set(list.map((a) => a.caseRef))].sort(),
  }));
}

async function once(manager: EntityManager, id: string, kind: string, dueOn: string, fireAt: Date, now: Date): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO notification_reminders (id, kind, stage, subject_id, due_on, fire_at, state, handled_at)
     VALUES ($1, $2, 'ON_DAY', $2, $3, $4, 'FIRED', $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [id, kind, dueOn, fireAt, now],
  );
  return inserted.length > 0;
}

export async function periodicReports(manager: EntityManager, now: Date, settings: Settings): Promise<number> {
  const calendar = calendarFor(settings.calendarRegion);
  const today = toLocalDate(now);
  let sent = 0;
  const queue = async (rule: Rule, to: Recipient[], facts: Facts, key: string, directory: Directory) => {
    await insertOutboxRows(manager, outboxRows(rule, to, facts, directory, { key, eventId: null, reminderId: key, at: now }));
  };

  const week = weekStart(today, calendar);
  if (week.day && week.day <= today && startOfWorkingDay(week.day) <= now) {
    const id = `WEEKLY_INADEQUATE_DIGEST:${week.key}`;
    const audits = await manager.findBy(NotifyAuditEntity, { inadequateInProgress: true });
    if (audits.length > 0 && (await once(manager, id, 'WEEKLY_INADEQUATE_DIGEST', week.day, startOfWorkingDay(week.day), now))) {
      const directory = await loadDirectory(manager);
      for (const [i, digest] of weeklyDigests(audits, directory).entries()) {
        await queue('WEEKLY_INADEQUATE_DIGEST', digest.to, { caseRefs: digest.caseRefs, week: week.key }, `${id}:${i}`, directory);
      }
      sent++;
    }
  }

  const month = monthStart(today, calendar);
  if (month.day <= today && startOfWorkingDay(month.day) <= now) {
    const id = `MONTHLY_OVERDUE_SUMMARY:${month.key}`;
    if (await once(manager, id, 'MONTHLY_OVERDUE_SUMMARY', month.day, startOfWorkingDay(month.day), now)) {
      // Overdue as of the month's first working day, whenever the summary actually goes out.
      const overdue = await manager.createQueryBuilder(NotifyDeadlineEntity, 'd').where('d.due_on < :day', { day: month.day }).getMany();
      const count = (kinds: string[]) => overdue.filter((d) => kinds.includes(d.kind)).length;
      const auditIds = [...new Set(overdue.map((d) => d.auditId).filter((id): id is string => !!id))];
      const refs = auditIds.length > 0 ? (await manager.createQueryBuilder(NotifyAuditEntity, 'a').whereInIds(auditIds).getMany()).map((a) => a.caseRef) : [];
      const directory = await loadDirectory(manager);
      const facts: Facts = {
        month: month.key,
        total: overdue.length,
        overdueActions: count(['ACTION_DUE']),
        overdueModerations: count(['MODERATION_DUE']),
        overdueUoPPs: count(['UOPP_DUE', 'FOLLOW_UP_UOPP_DUE']),
        caseRefs: [...new Set(refs)].sort(),
      };
      await queue('MONTHLY_OVERDUE_SUMMARY', r.auditTeam(directory), facts, id, directory);
      sent++;
    }
  }
  return sent;
}
