import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OutboxSender } from '../../src/notifications/outbox-sender.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { allocate, approveKloes, gradeAll, Q, readyToSubmit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Who is told what (src/notifications/contracts/rules.ts, each rule citing its document), delivered through a
 * real SMTP server on loopback: every rule reaches exactly the expected addresses, and no message
 * carries a rationale, a concern or anything of the case beyond its reference.
 */
const at = (...ids: string[]) => ids.map((id) => (id === 'admin' ? 'admin@practice-audit.invalid' : `${id}@council.example`)).sort();

describe('notifications: who is told what', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let a: Authority;
  let cycleId: string;
  let riAuditId: string;

  /** Sends what is queued and returns the addresses of the messages whose subject matches. */
  const delivered = async (subject: RegExp) => {
    await t.app.get(OutboxSender).drain();
    return smtp.addressesFor(subject);
  };

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z', SMTP_URL: smtp.url, MAIL_FROM: 'Practice Audit <audit@council.example>', PUBLIC_URL: 'https://audit.council.example', MAIL_POLL_MS: '0', REMINDER_POLL_MS: '0' });
    a = await setUpAuthority(t, ['2026-12', '2027-02']);
    cycleId = a.cycles['2026-12'];
    await t.ok(`mutation($input: AgreeKloesInput!) { agreeKloes(input: $input) { id } }`, { input: { cycleId, kloes: ['Voice of the child', 'Step-down planning'] } });
    // BEF-4: KLOEs agreed anew are approved again before cases are allocated.
    await approveKloes(t, a, cycleId);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('allocation (000 "Audits"): the practitioner with their team manager copied, with the KLOEs; the auditor; the moderator', async () => {
    const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2001' });
    expect(await delivered(/selected for audit/)).toEqual(at('prac', 'tm'));
    expect(await delivered(/^Audit allocated to you: case EH-2001$/)).toEqual(at('aud'));
    expect(await delivered(/^Moderation allocated to you: case EH-2001$/)).toEqual(at('mod'));
    const practitioner = smtp.messages.find((m) => /selected for audit/.test(m.subject ?? ''))!;
    expect(practitioner.text).toContain('Voice of the child');
    expect(practitioner.text).toContain(`https://audit.council.example/audits/${auditId}`);
    expect(practitioner.html).toContain(`href="https://audit.council.example/audits/${auditId}"`);
    expect(practitioner.messageId).toMatch(/^<[0-9a-f-]{36}@council\.example>$/);
  });

  it('Inadequate at submission (000): practitioner, team manager, EH coordinator lead, audit manager, head of service, at once; the submission to the moderator, practitioner and manager, the audit team copied', async () => {
    const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2002' });
    await gradeAll(t, a.as.aud, auditId, 'INADEQUATE', 'INADEQUATE');
    await readyToSubmit(t, a.as.aud, auditId, 'INADEQUATE');
    await t.ok(Q.submit, { auditId }, a.as.aud);
    // coord holds EH_COORDINATOR_LEAD in Early Help (PPL-1); tm-south, another team manager of the service, is not told.
    expect(await delivered(/^Action needed now: audit of case EH-2002 graded Inadequate$/)).toEqual(at('prac', 'tm', 'coord', 'am', 'hos'));
    expect(await delivered(/^Audit submitted: case EH-2002$/)).toEqual(at('mod', 'prac', 'tm', 'qa', 'admin'));

    // Moderation agreeing Inadequate does not make it Inadequate: the five already know, and are not told twice.
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: 'INADEQUATE', rationale: 'MODERATION-RATIONALE-SECRET' } }, a.as.mod);
    await t.ok(Q.completeModeration, { auditId }, a.as.mod);
    expect(await delivered(/^Moderation completed: case EH-2002$/)).toEqual(at('aud', 'prac', 'tm', 'qa', 'admin'));
    expect(await delivered(/^Action needed now: audit of case EH-2002 graded Inadequate$/)).toEqual(at('prac', 'tm', 'coord', 'am', 'hos'));
  });

  it('moderation making work Inadequate (000): the five are told with the moderated outcome', async () => {
    const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2003' });
    riAuditId = auditId;
    await gradeAll(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT');
    await readyToSubmit(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT');
    await t.ok(Q.submit, { auditId }, a.as.aud);
    expect(await delivered(/EH-2003 graded Inadequate/)).toEqual([]);
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: 'INADEQUATE', rationale: 'MODERATION-RATIONALE-SECRET' } }, a.as.mod);
    await t.ok(Q.completeModeration, { auditId }, a.as.mod);
    expect(await delivered(/^Action needed now: audit of case EH-2003 graded Inadequate$/)).toEqual(at('prac', 'tm', 'coord', 'am', 'hos'));
    const completed = smtp.messages.find((m) => m.subject === 'Moderation completed: case EH-2003')!;
    expect(completed.text).toContain('The moderator changed 1 grade');
  });

  it('a safety concern escalated (003 "Escalations"): exactly the team manager and coordinator named, at once', async () => {
    const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2004' });
    await t.ok(
      Q.escalate,
      { input: { auditId, escalatedToIds: ['tm', 'tm-south'], escalatedOn: '2026-12-21', concern: 'CONCERN-SECRET about Child Name', immediateActions: 'ACTIONS-SECRET' } },
      a.as.aud,
    );
    expect(await delivered(/^Safety concern escalated to you: case EH-2004$/)).toEqual(at('tm', 'tm-south'));
  });

  it("returned for rectification (000 \"Moderation\"): the auditor, copied to the auditor's head of service", async () => {
    const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2005' });
    await gradeAll(t, a.as.aud, auditId, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId }, a.as.aud);
    await t.ok(Q.returnForRectification, { input: { auditId, reason: 'REASON-SECRET', rectifyBy: '2026-12-23' } }, a.as.qa);
    expect(await delivered(/^Audit returned for rectification: case EH-2005$/)).toEqual(at('aud', 'hos'));
  });

  it('a dispute raised, discussed without agreement and decided (000 "Escalation"), and the UoPP record (000)', async () => {
    const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2006' });
    await gradeAll(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT');
    await readyToSubmit(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT');
    await t.ok(Q.submit, { auditId }, a.as.aud);
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: 'REQUIRES_IMPROVEMENT', rationale: 'agreed on the evidence' } }, a.as.mod);
    await t.ok(Q.completeModeration, { auditId }, a.as.mod);
    const dispute = (await t.ok(Q.raiseDispute, { input: { auditId, reason: 'DISPUTE-REASON-SECRET' } }, a.as.prac)).raiseModerationDispute;
    expect(await delivered(/^Moderation disputed: case EH-2006$/)).toEqual(at('mod', 'qa', 'admin'));
    await t.ok(Q.discussDispute, { input: { auditId, disputeId: dispute.id, resolved: false, note: 'NOTE-SECRET' } }, a.as.mod);
    expect(await delivered(/^Dispute needs a final decision: case EH-2006$/)).toEqual(at('prac', 'qa', 'admin', 'hos'));
    await t.ok(Q.resolveDispute, { input: { auditId, disputeId: dispute.id, grade: 'GOOD', rationale: 'DECISION-RATIONALE-SECRET' } }, a.as.hos);
    expect(await delivered(/^Dispute decided: case EH-2006$/)).toEqual(at('prac', 'mod', 'aud', 'tm'));

    await t.ok(Q.uopp, { input: { auditId, heldOn: '2026-12-21', chairId: 'aud', attendeeIds: ['prac', 'tm'], linkedPlan: 'TAF' } }, a.as.aud);
    expect(await delivered(/^Record of the UoPP meeting: case EH-2006$/)).toEqual(at('tm', 'prac', 'coord'));
    const record = smtp.messages.find((m) => m.subject === 'Record of the UoPP meeting: case EH-2006')!;
    expect(record.text).toContain('chaired by Staff aud');
    expect(record.text).toContain('Attended: Staff prac, Staff tm.');
    expect(record.text).toContain('TAF');
  });

  it('dip audit findings (000 "Dip audits ..."): the head of service and the EH coordinator lead; the dip audit deadline is met', async () => {
    const dipDue = async () => (await t.infra.dataSource.query(`SELECT due_on FROM notify_deadlines WHERE id = $1`, [`DIP_AUDIT_DUE:${riAuditId}`])).length;
    expect(await dipDue()).toBe(1);
    const dip = (
      await t.ok(Q.allocate, { input: { cycleId: a.cycles['2027-02'], caseRef: 'EH-2003', teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'qa', moderatorId: 'mod', templateId: 'dip-sample', reauditOfAuditId: riAuditId } }, a.as.qa)
    ).allocateAudit;
    // AFT-4: the audit team completes the dip audit; it is not moderated, so no moderation message follows.
    await t.ok(Q.setGrade, { input: { auditId: dip.id, section: 'PROGRESS', grade: 'GOOD', rationale: 'PROGRESS-RATIONALE-SECRET' } }, a.as.qa);
    await t.ok(Q.setGrade, { input: { auditId: dip.id, section: 'OVERALL', grade: 'GOOD', rationale: 'OVERALL-RATIONALE-SECRET' } }, a.as.qa);
    await t.ok(Q.submit, { auditId: dip.id }, a.as.qa);
    expect(await delivered(/^Dip audit findings: case EH-2003$/)).toEqual(at('hos', 'coord'));
    expect(await dipDue()).toBe(0);
  });

  it('no message carries a rationale, a reason, a concern, a note or a child; each has text and HTML', async () => {
    await t.app.get(OutboxSender).drain();
    expect(smtp.messages.length).toBeGreaterThan(20);
    for (const message of smtp.messages) {
      const whole = `${message.subject}\n${message.text}\n${message.html}`;
      expect(whole).not.toMatch(/SECRET|Child Name|evidence on file|weighed across/);
      expect(message.text).toBeTruthy();
      expect(message.html).toBeTruthy();
    }
    // Each message once: the Message-IDs are all different.
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(smtp.messages.length);
  });

  it('myNotifications: what was sent to me and when; the audit team sees every message; others may not', async () => {
    const mine = (await t.ok(`{ myNotifications { id rule subject state recipientId sentAt queuedAt caseRef } }`, {}, a.as.prac)).myNotifications;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((n: { recipientId: string; state: string; sentAt: string | null }) => n.recipientId === 'prac' && n.state === 'SENT' && n.sentAt)).toBe(true);
    expect(mine.map((n: { subject: string }) => n.subject)).toContain('Your work on case EH-2001 has been selected for audit');

    const all = (await t.ok(`{ notifications(limit: 500) { id recipientId state } }`, {}, a.as.qa)).notifications;
    expect(all.length).toBe(smtp.messages.length);
    const forbidden = await t.gql(`{ notifications { id } }`, {}, a.as.prac);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(`{ myNotifications(limit: 0) { id } }`, {}, a.as.prac);
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^limit:/) });
  });
});

describe('notifications: the UoPP calendar invitation', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let a: Authority;
  const invite = `mutation($input: SendUoPPInvitationInput!) { sendUoPPInvitation(input: $input) { id recipientId recipientAs state hasCalendarInvitation } }`;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z', SMTP_URL: smtp.url });
    a = await setUpAuthority(t, ['2026-12']);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('the chair (the auditor, for RI work) sends it to the team manager, practitioner and auditor, with an .ics the calendar reads; sending it again adds nothing', async () => {
    const auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-2101' });
    await gradeAll(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT', 'REQUIRES_IMPROVEMENT');
    await readyToSubmit(t, a.as.aud, auditId, 'REQUIRES_IMPROVEMENT');
    await t.ok(Q.submit, { auditId }, a.as.aud);
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: 'REQUIRES_IMPROVEMENT', rationale: 'agreed' } }, a.as.mod);
    await t.ok(Q.completeModeration, { auditId }, a.as.mod);
    const input = { auditId, meeting: 'INITIAL', startsAt: '2026-12-23T10:00:00.000Z', duration: 45, location: 'Room 2, Town Hall' };
    const result = await t.gql(invite, { input }, a.as.aud);
    expect(result.errors).toBeUndefined();
    const rows = result.data!.sendUoPPInvitation;
    expect(rows.map((n: { recipientId: string }) => n.recipientId).sort()).toEqual(['aud', 'prac', 'tm']);
    expect(rows.every((n: { hasCalendarInvitation: boolean; state: string }) => n.hasCalendarInvitation && n.state === 'QUEUED')).toBe(true);
    expect((await t.ok(invite, { input }, a.as.aud)).sendUoPPInvitation.map((n: { id: string }) => n.id).sort()).toEqual(rows.map((n: { id: string }) => n.id).sort());

    await t.app.get(OutboxSender).drain();
    const sent = smtp.messages.filter((m) => m.subject === 'Invitation: UoPP meeting, case EH-2101');
    expect(sent).toHaveLength(3);
    const ics = sent[0].attachments.find((f) => f.contentType.startsWith('text/calendar'))!;
    // Unfolded (RFC 5545 folds long lines).
    const text = ics.content.toString('utf8').replace(/\r?\n[ \t]/g, '');
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toContain('METHOD:REQUEST');
    expect(text).toContain('DTSTART:20261223T100000Z');
    expect(text).toContain('SUMMARY:UoPP meeting: case EH-2101');
    expect(text).toContain('LOCATION:Room 2\\, Town Hall');
    expect(text).toMatch(/ATTENDEE;.*prac@council\.example/);
  });

  it('refusals: a start in the past, a duration out of range, someone not the chair, an audit not moderated or unknown, a follow-up for RI work', async () => {
    const auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-2102' });
    const code = async (input: Record<string, unknown>, token: string) => {
      const r = await t.gql(invite, { input: { auditId, meeting: 'INITIAL', startsAt: '2026-12-23T10:00:00Z', ...input } }, token);
      return `${r.errors?.[0]?.extensions?.code}: ${r.errors?.[0]?.message}`;
    };
    expect(await code({}, a.as.aud)).toMatch(/^CONFLICT: the audit is ALLOCATED: a UoPP meeting follows moderation$/);
    expect(await code({ auditId: 'nope' }, a.as.aud)).toMatch(/^NOT_FOUND: audit nope does not exist$/);
    expect(await code({ startsAt: '2026-12-20T10:00:00Z' }, a.as.aud)).toMatch(/^BAD_USER_INPUT: startsAt: must be in the future/);
    expect(await code({ duration: 5 }, a.as.aud)).toMatch(/^BAD_USER_INPUT: duration: must be from 15 to 480 minutes$/);
    expect(await code({}, a.as.aud2)).toMatch(/^FORBIDDEN: only the chair of the meeting may send its invitation/);
    expect(await code({}, a.as.prac)).toMatch(/^FORBIDDEN/);
    await gradeAll(t, a.as.aud, auditId, 'GOOD', 'GOOD');
    await t.ok(Q.submit, { auditId }, a.as.aud);
    await t.ok(Q.moderate, { input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: 'agreed' } }, a.as.mod);
    await t.ok(Q.completeModeration, { auditId }, a.as.mod);
    expect(await code({ meeting: 'FOLLOW_UP' }, a.as.tm)).toMatch(/^CONFLICT: a follow-up UoPP meeting is held for Inadequate work only$/);
  });
});
