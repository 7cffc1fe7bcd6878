import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OutboxSender } from '../../src/notifications/outbox-sender.js';
import { ReminderScheduler } from '../../src/notifications/reminder-scheduler.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { allocate, gradeAll, moderatedAudit, Q, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Reminders on the service clock: moving the clock forward (a restart with a later APP_CLOCK) fires
 * exactly the reminders that fell due, once, whatever restarts or a second scheduler do. December
 * 2026 has bank holidays on the 25th and the 28th (Boxing Day's substitute), and 1 January is one too.
 */
const at = (...ids: string[]) => ids.map((id) => (id === 'admin' ? 'admin@practice-audit.invalid' : `${id}@council.example`)).sort();

describe('reminders', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let a: Authority;
  let seen = 0;
  const env = { SMTP_URL: '', MAIL_POLL_MS: '0', REMINDER_POLL_MS: '0' };

  /** Moves the service clock (a restart), fires what is due and sends it; returns the new messages as "subject → addresses". */
  const fireAt = async (clock: string | null) => {
    if (clock) {
      t = await t.restart({ ...env, SMTP_URL: smtp.url, APP_CLOCK: clock });
      for (const id of Object.keys(a.as)) a.as[id] = await t.login(id);
    }
    await t.app.get(ReminderScheduler).tick();
    await t.app.get(OutboxSender).drain();
    const fresh = smtp.messages.slice(seen);
    seen = smtp.messages.length;
    const bySubject = new Map<string, string[]>();
    for (const m of fresh) {
      const to = (Array.isArray(m.to) ? m.to : [m.to!]).flatMap((x) => x.value.map((v) => v.address!));
      bySubject.set(m.subject!, [...(bySubject.get(m.subject!) ?? []), ...to].sort());
    }
    return Object.fromEntries([...bySubject.entries()].sort());
  };

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ ...env, SMTP_URL: smtp.url, APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('on the day deadlines are set: only what is due today, the weekly Inadequate digest and the monthly overdue summary', async () => {
    // EH-4001: submitted Good, moderation due 31 December; two actions due 5 January, one then done.
    const auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-4001' });
    await gradeAll(t, a.as.aud, auditId, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId }, a.as.aud);
    await t.ok(Q.agreeAction, { input: { auditId, description: 'ACTION-SECRET genogram', ownerId: 'prac', dueOn: '2027-01-05', scope: 'CASE' } }, a.as.aud);
    const done = (await t.ok(Q.agreeAction, { input: { auditId, description: 'ACTION-SECRET two', ownerId: 'tm', dueOn: '2027-01-05', scope: 'CASE' } }, a.as.aud)).agreeAction;
    await t.ok(Q.completeAction, { input: { actionId: done.id, note: 'done' } }, a.as.tm);
    // EH-4002: moderated Inadequate today: urgent issues due 23 December, UoPP due 24 December.
    await moderatedAudit(t, a, a.cycles['2026-12'], 'INADEQUATE', { caseRef: 'EH-4002' });
    await t.app.get(OutboxSender).drain();
    seen = smtp.messages.length;

    const fired = await fireAt(null);
    expect(fired).toEqual({
      'Due 2026-12-23: addressing the urgent issues of Inadequate work, case EH-4002': at('tm'),
      'Weekly progress: Inadequate work in progress (1)': at('coord', 'hos', 'am'),
      'Monthly summary: 0 overdue': at('qa', 'admin'),
    });
    const digest = smtp.messages.find((m) => m.subject?.startsWith('Weekly progress'))!;
    expect(digest.text).toContain('EH-4002');
    expect(digest.text).not.toContain('EH-4001');
  });

  it('a second scheduler at the same moment, and a restart, fire nothing again', async () => {
    const scheduler = t.app.get(ReminderScheduler);
    expect(await Promise.all([scheduler.tick(), scheduler.tick()])).toEqual([0, 0]);
    expect(await fireAt('2026-12-21T11:00:00Z')).toEqual({});
  });

  it('the clock moved on to 22 December: the UoPP reminder to the audit manager who leads it', async () => {
    expect(await fireAt('2026-12-22T09:00:00Z')).toEqual({ 'Due 2026-12-24: the UoPP meeting, case EH-4002': at('am') });
  });

  it('29 December: two working days before moderation is due (the 25th and 28th are bank holidays), the moderator; then on the day, with the action owner two working days ahead', async () => {
    const on29 = await fireAt('2026-12-29T09:00:00Z');
    expect(Object.keys(on29).filter((s) => s.includes('EH-4001'))).toEqual(['Due 2026-12-31: moderation of the audit, case EH-4001']);
    expect(on29['Due 2026-12-31: moderation of the audit, case EH-4001']).toEqual(at('mod'));
    expect(await fireAt('2026-12-29T15:00:00Z')).toEqual({});

    const on31 = await fireAt('2026-12-31T09:00:00Z');
    expect(Object.fromEntries(Object.entries(on31).filter(([s]) => s.includes('EH-4001')))).toEqual({
      'Due today: moderation of the audit, case EH-4001': at('mod'),
      'Due 2027-01-05: an action you own, case EH-4001': at('prac'),
    });
  });

  it('6 January (the service was off on the 5th): the action due yesterday and overdue today, each once; the action done never; nothing leaks', async () => {
    const on6 = await fireAt('2027-01-06T09:00:00Z');
    expect(Object.fromEntries(Object.entries(on6).filter(([s]) => s.includes('EH-4001')))).toEqual({
      'Due today: an action you own, case EH-4001': at('prac'),
      'Overdue: an action you own, case EH-4001': at('prac'),
    });
    // Overdue on 4 January: EH-4001's moderation (31 December), EH-4002's urgent issues and UoPP; the action is not yet.
    expect(on6['Monthly summary: 3 overdue']).toEqual(at('qa', 'admin'));
    const summary = smtp.messages.find((m) => m.subject === 'Monthly summary: 3 overdue')!;
    expect(summary.text).toContain('Cases: EH-4001, EH-4002.');
    expect(await fireAt('2027-01-06T10:00:00Z')).toEqual({});
    expect(smtp.messages.some((m) => /ACTION-SECRET/.test(`${m.subject}${m.text}${m.html}`))).toBe(false);
    expect(smtp.addressesFor(/an action you own/).filter((x) => x === 'tm@council.example')).toEqual([]);
  });
});
