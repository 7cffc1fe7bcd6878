import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OutboxSender } from '../../src/notifications/outbox-sender.js';
import { expectRefused, startTestApp, type TestApp } from '../support/app.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { allocate, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * PPL-8: the audit team records that someone has left. Their history stands; they sign in no more,
 * with a token they already hold or a new one; a message meant for them is reported to the audit team.
 */
const leave = `mutation($input: RecordStaffLeavingInput!) { recordStaffLeaving(input: $input) { id leftOn } }`;
const me = `{ me { id } }`;

describe('a staff member who has left (PPL-8)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let a: Authority;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z', SMTP_URL: smtp.url, MAIL_FROM: 'Practice Audit <audit@council.example>', MAIL_POLL_MS: '0', REMINDER_POLL_MS: '0' });
    a = await setUpAuthority(t, ['2026-12']);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('is refused to anyone but the audit team, for a day to come, a day that is no date or someone unknown, and nothing is appended', async () => {
    await expectRefused(t, leave, { input: { staffId: 'prac', leftOn: '2026-12-01' } }, a.as.hos, 'FORBIDDEN', /AUDIT_TEAM/);
    await expectRefused(t, leave, { input: { staffId: 'prac', leftOn: '2026-12-08' } }, a.as.qa, 'BAD_USER_INPUT', /^leftOn: PPL-8: must not be in the future \(today is 2026-12-07\)/);
    await expectRefused(t, leave, { input: { staffId: 'prac', leftOn: '2026-02-30' } }, a.as.qa, 'BAD_USER_INPUT', /leftOn/);
    await expectRefused(t, leave, { input: { staffId: 'nobody', leftOn: '2026-12-01' } }, a.as.qa, 'NOT_FOUND', /staff member nobody/);
  });

  it('signs in no more, with the token held or a new one; the directory keeps them with the day', async () => {
    expect((await t.gql(me, {}, a.as.prac)).data?.me.id).toBe('prac');
    expect((await t.ok(leave, { input: { staffId: 'prac', leftOn: '2026-12-04' } }, a.as.qa)).recordStaffLeaving).toEqual({ id: 'prac', leftOn: '2026-12-04' });

    const refused = await t.gql(me, {}, a.as.prac);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/left the authority on 2026-12-04 \(PPL-8\)/) });
    const login = await fetch(`${t.baseUrl}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'prac' }) });
    expect(login.status).toBe(401);
    expect(await login.text()).toMatch(/userId: this staff member left the authority on 2026-12-04/);
    const signInPage = await (await fetch(`${t.baseUrl}/sign-in`)).text();
    expect(signInPage).toContain('value="tm"');
    expect(signInPage).not.toContain('value="prac"');
    const { staff } = await t.ok(`{ staff { id leftOn } }`, {}, a.as.qa);
    expect(staff.find((s: { id: string }) => s.id === 'prac')).toEqual({ id: 'prac', leftOn: '2026-12-04' });
    await expectRefused(t, leave, { input: { staffId: 'prac', leftOn: '2026-12-05' } }, a.as.qa, 'CONFLICT', /PPL-8: prac is already recorded as having left on 2026-12-04/);
  });

  it('is not mailed: what was meant for them is reported to the audit team, and the others are told as before', async () => {
    await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-5001' });
    await t.app.get(OutboxSender).drain();
    expect(smtp.addressesFor(/selected for audit/)).toEqual(['tm@council.example']);
    const report = smtp.messages.find((m) => m.subject === 'Could not notify Staff prac')!;
    expect(report.text).toMatch(/could not be sent to Staff prac \(prac\): has left/);
    expect(smtp.addressesFor(/^Could not notify Staff prac$/)).toEqual(['admin@practice-audit.invalid', 'qa@council.example']);
    const { notificationCounts } = await t.ok(`{ notificationCounts { undeliverable } }`, {}, a.as.qa);
    expect(notificationCounts.undeliverable).toBe(1);
  });
});
