import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { OutboxSender } from '../../src/notifications/outbox-sender.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { allocate, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/** Delivery: retries, a visible failure and its resend, a restart mid-queue, and .eml files without SMTP. */
const FIELDS = `id rule state attempts lastError recipientId sentAt`;

/** Waits (bounded) until `done` holds; fails with `what` otherwise. Not a timing assertion: only a limit on waiting. */
async function until(done: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('notifications: delivery over SMTP', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let a: Authority;
  let cycleId: string;
  const env = () => ({ APP_CLOCK: '2026-12-21T10:00:00Z', SMTP_URL: smtp.url, MAIL_POLL_MS: '0', REMINDER_POLL_MS: '0', MAIL_RETRY_BASE_MS: '0', MAIL_MAX_ATTEMPTS: '3' });

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp(env());
    a = await setUpAuthority(t, ['2026-12']);
    cycleId = a.cycles['2026-12'];
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('a server that refuses for a while: the message is tried again, then delivered once', async () => {
    smtp.refuse(2);
    await allocate(t, a, cycleId, { caseRef: 'EH-3001' });
    await t.app.get(OutboxSender).drain();
    expect(smtp.refusals).toBe(2);
    const subjects = smtp.messages.map((m) => m.subject).filter((s) => s?.includes('EH-3001'));
    expect(subjects).toHaveLength(4);
    const rows = (await t.ok(`{ notifications(limit: 500) { ${FIELDS} } }`, {}, a.as.qa)).notifications;
    expect(rows.every((n: { state: string }) => n.state === 'SENT')).toBe(true);
    // The refusals fell on messages that were then tried again: 4 messages took 6 tries.
    expect(rows.reduce((sum: number, n: { attempts: number }) => sum + n.attempts, 0)).toBe(6);
  });

  it('a server that always refuses: FAILED after the last try, with the reason, in the query and /health; resent once it recovers, with the same Message-ID', async () => {
    smtp.refuse(Infinity);
    await allocate(t, a, cycleId, { caseRef: 'EH-3002' });
    await t.app.get(OutboxSender).drain();
    const failed = (await t.ok(`{ notifications(state: FAILED) { ${FIELDS} } }`, {}, a.as.qa)).notifications;
    expect(failed).toHaveLength(4);
    for (const n of failed) expect(n).toMatchObject({ state: 'FAILED', attempts: 3, lastError: expect.stringMatching(/451/), sentAt: null });
    const health = (await (await fetch(`${t.baseUrl}/health`)).json()) as { notifications: unknown };
    expect(health.notifications).toEqual({ queued: 0, failed: 4, undeliverable: 0 });
    expect((await t.ok(`{ notificationCounts { queued sent failed undeliverable } }`, {}, a.as.qa)).notificationCounts).toEqual({ queued: 0, sent: 4, failed: 4, undeliverable: 0 });

    smtp.refuse(0);
    const resend = `mutation($id: ID!) { resendNotification(id: $id) { ${FIELDS} } }`;
    const target = failed[0];
    expect((await t.gql(resend, { id: target.id }, a.as.prac)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.ok(resend, { id: target.id }, a.as.qa)).resendNotification).toMatchObject({ id: target.id, state: 'QUEUED', attempts: 0 });
    await t.app.get(OutboxSender).drain();
    const delivered = smtp.messages.filter((m) => m.messageId === `<${target.id}@localhost>`);
    expect(delivered).toHaveLength(1);
    const again = await t.gql(resend, { id: target.id }, a.as.qa);
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringMatching(/is SENT: only a FAILED message can be resent/) });
    expect((await t.gql(resend, { id: '00000000-0000-8000-8000-000000000000' }, a.as.qa)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await t.gql(resend, { id: 'not-a-uuid' }, a.as.qa)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const health2 = (await (await fetch(`${t.baseUrl}/health`)).json()) as { notifications: { failed: number } };
    expect(health2.notifications.failed).toBe(3);
  });

  it('two senders at once (two instances) share the queue: each message goes once', async () => {
    const before = smtp.messages.length;
    for (const ref of ['EH-3011', 'EH-3012']) await allocate(t, a, cycleId, { caseRef: ref });
    const sender = t.app.get(OutboxSender);
    const [first, second] = await Promise.all([sender.drain(), sender.drain()]);
    expect(first + second).toBe(8);
    const sent = smtp.messages.slice(before);
    expect(sent).toHaveLength(8);
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(8);
  });

  it('a restart in the middle of sending neither loses nor repeats a message', async () => {
    const before = smtp.messages.length;
    t = await t.restart({ ...env(), MAIL_POLL_MS: '0' });
    a.as = { ...a.as, qa: await t.login('qa') };
    // Three allocations: twelve messages queued, sent one at a time by a slow server.
    for (const ref of ['EH-3101', 'EH-3102', 'EH-3103']) await allocate(t, a, cycleId, { caseRef: ref });
    smtp.slow(100);
    t = await t.restart({ ...env(), MAIL_POLL_MS: '10' });
    await until(() => smtp.messages.length >= before + 3, 'some messages sent');
    // Stopped mid-queue: the message in hand is finished, the rest wait.
    t = await t.restart({ ...env(), MAIL_POLL_MS: '0' });
    const midway = smtp.messages.length - before;
    expect(midway).toBeLessThan(12);
    smtp.slow(0);
    await t.app.get(OutboxSender).drain();
    const sent = smtp.messages.slice(before);
    expect(sent).toHaveLength(12);
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(12);
    const qa = await t.login('qa');
    const rows = (await t.ok(`{ notifications(limit: 500) { ${FIELDS} } }`, {}, qa)).notifications;
    expect(rows.filter((n: { state: string }) => n.state === 'QUEUED')).toEqual([]);
  });
});

describe('notifications: without SMTP_URL, .eml files under DATA_DIR/mail', () => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'notify-eml-'));
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z', DATA_DIR: dataDir, MAIL_POLL_MS: '0', REMINDER_POLL_MS: '0' });
  });

  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('every message is a readable .eml file named by its outbox id', async () => {
    const a = await setUpAuthority(t, ['2026-12']);
    await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-3201' });
    expect(await t.app.get(OutboxSender).drain()).toBe(4);
    const files = (await readdir(path.join(dataDir, 'mail'))).sort();
    expect(files).toHaveLength(4);
    expect(files.every((f) => /^[0-9a-f-]{36}\.eml$/.test(f))).toBe(true);
    const parsed = await Promise.all(files.map(async (f) => simpleParser(await readFile(path.join(dataDir, 'mail', f)))));
    expect(parsed.map((m) => m.subject).sort()).toEqual([
      'Audit allocated to you: case EH-3201',
      'Moderation allocated to you: case EH-3201',
      'Your work on case EH-3201 has been selected for audit',
      'Your work on case EH-3201 has been selected for audit',
    ]);
    for (const [i, m] of parsed.entries()) expect(m.messageId).toBe(`<${files[i].replace('.eml', '')}@localhost>`);
    // Links go to the web app: PUBLIC_URL defaults to this service's own port.
    expect(parsed[0].text).toMatch(/http:\/\/localhost:\d+\/audits\//);
    const rows = (await t.ok(`{ notifications { state sentAt } }`, {}, a.as.qa)).notifications;
    expect(rows.every((n: { state: string }) => n.state === 'SENT')).toBe(true);
  });
});
