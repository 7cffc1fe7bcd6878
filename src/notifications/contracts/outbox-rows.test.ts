import { describe, expect, it } from '@jest/globals';
import { outboxId, outboxRows } from './outbox-rows.js';
import type { Directory, Person } from './recipients.js';

const person = (id: string, over: Partial<Person> = {}): Person => ({ id, name: `${id} Surname`, email: `${id}@council.example`, teamId: null, roles: [], left: false, ...over });
const directory: Directory = {
  people: new Map(
    [person('prac'), person('gone', { left: true }), person('noemail', { email: '' }), person('qa', { roles: ['AUDIT_TEAM'] }), person('qa-gone', { roles: ['AUDIT_TEAM'], left: true })].map((p) => [p.id, p]),
  ),
  teams: new Map(),
};
const cause = { key: 'event-1', eventId: 'event-1', reminderId: null, at: new Date('2026-12-21T10:00:00Z') };

describe('outbox rows', () => {
  it('a message per recipient, keyed by its cause, with a stable UUID', () => {
    const [row] = outboxRows('AUDIT_SUBMITTED', [{ staffId: 'prac', as: 'PRACTITIONER' }], { auditId: 'a1', caseRef: 'EH-1' }, directory, cause);
    expect(row).toMatchObject({ key: 'event-1:AUDIT_SUBMITTED:prac', recipientEmail: 'prac@council.example', recipientFirstName: 'prac', state: 'QUEUED', auditId: 'a1', caseRef: 'EH-1' });
    expect(row.id).toBe(outboxId('event-1:AUDIT_SUBMITTED:prac'));
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(outboxId('event-1:AUDIT_SUBMITTED:prac')).not.toBe(outboxId('event-2:AUDIT_SUBMITTED:prac'));
  });

  it('someone who has left, has no email or is not registered is UNDELIVERABLE, and the audit team (those who can be mailed) are told', () => {
    const rows = outboxRows('INADEQUATE_SUBMITTED', ['gone', 'noemail', 'ghost'].map((staffId) => ({ staffId, as: 'X' })), { auditId: 'a1', caseRef: 'EH-1' }, directory, cause);
    expect(rows.map((r) => [r.rule, r.recipientId, r.state, r.lastError])).toEqual([
      ['INADEQUATE_SUBMITTED', 'gone', 'UNDELIVERABLE', 'has left'],
      ['UNDELIVERABLE_REPORTED', 'qa', 'QUEUED', null],
      ['INADEQUATE_SUBMITTED', 'noemail', 'UNDELIVERABLE', 'no email address'],
      ['UNDELIVERABLE_REPORTED', 'qa', 'QUEUED', null],
      ['INADEQUATE_SUBMITTED', 'ghost', 'UNDELIVERABLE', 'not registered'],
      ['UNDELIVERABLE_REPORTED', 'qa', 'QUEUED', null],
    ]);
    expect(rows[1].facts).toEqual({ auditId: 'a1', caseRef: 'EH-1', about: 'INADEQUATE_SUBMITTED', personId: 'gone', personName: 'gone Surname', reason: 'has left' });
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});
