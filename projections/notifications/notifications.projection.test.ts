import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allocated, append, staff, team } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { ensureNotificationHorizon } from './horizon.js';
import { notificationsProjection } from './notifications.projection.js';

/**
 * The outbox is written with the checkpoint and never emptied: a rebuild of the projection (or a replay
 * after a crash) adds no message; history before the horizon and imported events are never mailed.
 */
describe('notifications projector', () => {
  let h: ReadModelHarness;
  const outbox = async () =>
    (await h.dataSource.query(`SELECT key, rule, recipient_id, state FROM notification_outbox ORDER BY key`)) as Array<{ key: string; rule: string; recipient_id: string; state: string }>;
  const people = async () => {
    let position = 0;
    for (const [stream, event] of [
      team('north', 'North'),
      staff('prac', 'Amira Khan', 'north', ['PRACTITIONER']),
      staff('tm', 'Tom Lee', 'north', ['TEAM_MANAGER']),
      staff('aud', 'Ben Ode', null, ['AUDITOR']),
      staff('mod', 'Carys Ng', null, ['MODERATOR']),
    ] as const) {
      position = await append(h.store, stream, event);
    }
    return position;
  };
  const allocation = (auditId: string) => allocated({ auditId, cycleId: 'c1', teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' });

  beforeAll(async () => {
    h = await openHarness('notify', [notificationsProjection], { logger: recordingLogger() });
  });
  afterAll(() => h.close());

  it('given history before the horizon, when notifications start: that history is never mailed; what comes after is', async () => {
    await people();
    const history = await append(h.store, 'audit-old', allocation('old'));
    if (!h.dataSource.isInitialized) await h.dataSource.initialize();
    await ensureNotificationHorizon((sql, p) => h.dataSource.query(sql, p), history);
    await h.runner.start();
    const position = await append(h.store, 'audit-a1', allocation('a1'));
    await h.runner.waitFor(position);
    const rows = await outbox();
    expect(rows.map((r) => [r.rule, r.recipient_id, r.state])).toEqual(
      expect.arrayContaining([
        ['ALLOCATED_PRACTITIONER', 'prac', 'QUEUED'],
        ['ALLOCATED_PRACTITIONER', 'tm', 'QUEUED'],
        ['ALLOCATED_AUDITOR', 'aud', 'QUEUED'],
        ['ALLOCATED_MODERATOR', 'mod', 'QUEUED'],
      ]),
    );
    expect(rows).toHaveLength(4);
  });

  it('an imported audit (data.imported) is never mailed', async () => {
    const event = allocation('imp');
    const position = await append(h.store, 'audit-imp', { ...event, data: { ...(event.data as object), imported: { importId: 'i1', row: 2 } } });
    await h.runner.waitFor(position);
    expect(await outbox()).toHaveLength(4);
  });

  it('a deadline moves with the events: returned for rectification, then submitted again with a new moderation date', async () => {
    const deadlines = async () => (await h.dataSource.query(`SELECT kind, due_on FROM notify_deadlines WHERE audit_id = 'a1' ORDER BY kind`)) as Array<{ kind: string; due_on: string }>;
    let position = await append(h.store, 'audit-a1', { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-03-02', overallGrade: 'GOOD', moderationDue: '2026-03-31' } });
    await h.runner.waitFor(position);
    expect(await deadlines()).toEqual([{ kind: 'MODERATION_DUE', due_on: '2026-03-31' }]);
    position = await append(h.store, 'audit-a1', { type: 'AuditReturnedForRectification', data: { auditId: 'a1', returnedById: 'qa', returnedOn: '2026-03-02', reason: 'x', rectifyBy: '2026-03-06' } });
    await h.runner.waitFor(position);
    expect(await deadlines()).toEqual([{ kind: 'RECTIFICATION_PASSED', due_on: '2026-03-06' }]);
    position = await append(h.store, 'audit-a1', { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-03-05', overallGrade: 'INADEQUATE', moderationDue: '2026-03-06' } });
    await h.runner.waitFor(position);
    expect(await deadlines()).toEqual([{ kind: 'MODERATION_DUE', due_on: '2026-03-06' }]);
  });

  it('a rebuild from position 0 empties the projector’s own tables but adds no message, drops none, and rebuilds the deadlines', async () => {
    const before = await outbox();
    expect(before.length).toBeGreaterThan(4);
    // Even were a message lost from the outbox, a rebuild would not decide its event again.
    await h.dataSource.query(`DELETE FROM notification_outbox WHERE rule = 'AUDIT_SUBMITTED' AND recipient_id = 'mod'`);
    const kept = await outbox();
    await h.runner.rebuild(['notifications']);
    expect(await outbox()).toEqual(kept);
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM notify_staff`);
    expect(n).toBe(4);
    expect(await h.dataSource.query(`SELECT kind, due_on FROM notify_deadlines WHERE audit_id = 'a1'`)).toEqual([{ kind: 'MODERATION_DUE', due_on: '2026-03-06' }]);
  });
});
