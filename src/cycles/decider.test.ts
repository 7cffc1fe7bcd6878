import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import { cycleDecider, type AgreeKloes, type CloseCycle, type ScheduleCycle } from './decider.js';
import type { CycleEvent } from './events.js';

const calendar = calendarFor('GB-ENG');
const today = '2026-11-20';
const admin = { staffId: 'admin', roles: ['AUDIT_TEAM'] as Role[] };
const spec = DeciderSpec.for(cycleDecider);

const schedule = (data: Partial<ScheduleCycle['data']> = {}): ScheduleCycle => ({
  type: 'ScheduleCycle',
  data: { cycleId: 'c1', name: 'December EH Hub', service: 'EH Hub', month: '2026-12', kloes: ['Voice of the child'], ...data },
  actor: admin,
  today,
  calendar,
});

const scheduled: CycleEvent = {
  type: 'CycleScheduled',
  data: { cycleId: 'c1', name: 'December EH Hub', service: 'EH Hub', month: '2026-12', kloes: ['Voice of the child'], moderationDue: '2026-12-31' },
};

describe('ScheduleCycle', () => {
  it('schedules a cycle with moderation due on the last working day of its month', () => {
    spec.given([]).when(schedule()).then([scheduled]);
  });

  it('moves moderation off a month-end weekend and bank holiday', () => {
    // May 2026 ends on Sunday 31st: Friday 29th is the last working day.
    spec
      .given([])
      .when(schedule({ month: '2026-05', kloes: null }))
      .then([{ type: 'CycleScheduled', data: { ...scheduled.data, month: '2026-05', kloes: [], moderationDue: '2026-05-29' } }]);
    // August 2026: Monday 31st is the bank holiday, so Friday 28th.
    spec
      .given([])
      .when(schedule({ month: '2026-08' }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ moderationDue: '2026-08-28' }));
  });

  it('trims KLOEs and drops repeats', () => {
    spec
      .given([])
      .when(schedule({ kloes: [' Voice of the child ', 'Voice of the child', 'Step-down'] }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ kloes: ['Voice of the child', 'Step-down'] }));
  });

  it.each(['2026-13', '2026-1', '26-12', '2026-12-01', ''])('refuses the month %j, naming it', (month) => {
    spec.given([]).when(schedule({ month })).thenThrows('BAD_USER_INPUT', /^month: must be a month written YYYY-MM/, 'month');
  });

  it('refuses an empty name, service or KLOE', () => {
    spec.given([]).when(schedule({ name: ' ' })).thenThrows('BAD_USER_INPUT', /^name: must not be empty/, 'name');
    spec.given([]).when(schedule({ service: '' })).thenThrows('BAD_USER_INPUT', /^service: must not be empty/, 'service');
    spec.given([]).when(schedule({ kloes: ['ok', ' '] })).thenThrows('BAD_USER_INPUT', /^kloes: a key line of enquiry must not be empty/, 'kloes');
  });

  it('refuses a cycle id already used', () => {
    spec.given([scheduled]).when(schedule()).thenThrows('CONFLICT', /cycle c1 is already scheduled/);
  });

  it('is for the audit team only', () => {
    spec
      .given([])
      .when({ ...schedule(), actor: { staffId: 'h', roles: ['HEAD_OF_SERVICE'] } })
      .thenThrows('FORBIDDEN', /only AUDIT_TEAM may schedule a cycle/);
  });
});

describe('AgreeKloes', () => {
  const agree = (kloes: string[]): AgreeKloes => ({ type: 'AgreeKloes', data: { cycleId: 'c1', kloes }, actor: admin, today, calendar });

  it('replaces the KLOEs', () => {
    spec.given([scheduled]).when(agree(['Closures', 'Supervision'])).then([{ type: 'KloesAgreed', data: { cycleId: 'c1', kloes: ['Closures', 'Supervision'] } }]);
    const state = [scheduled, { type: 'KloesAgreed', data: { cycleId: 'c1', kloes: ['Closures'] } } as CycleEvent].reduce(
      cycleDecider.evolve,
      cycleDecider.initialState(),
    );
    expect(state.kloes).toEqual(['Closures']);
  });

  it('refuses an unknown cycle, an empty list or an empty KLOE', () => {
    spec.given([]).when(agree(['Closures'])).thenThrows('NOT_FOUND', /cycle c1 does not exist/);
    spec.given([scheduled]).when(agree([])).thenThrows('BAD_USER_INPUT', /^kloes: at least one/, 'kloes');
    spec.given([scheduled]).when(agree([''])).thenThrows('BAD_USER_INPUT', /^kloes: a key line of enquiry must not be empty/, 'kloes');
  });

  it('refuses a closed cycle', () => {
    spec
      .given([scheduled, { type: 'CycleClosed', data: { cycleId: 'c1', closedOn: '2027-01-10', closedById: 'admin' } }])
      .when(agree(['Closures']))
      .thenThrows('CONFLICT', /cycle c1 is closed/);
  });
});

describe('CloseCycle', () => {
  const close = (unfinishedAudits = 0): CloseCycle => ({ type: 'CloseCycle', data: { cycleId: 'c1' }, unfinishedAudits, actor: admin, today: '2027-01-10', calendar });
  const closed: CycleEvent = { type: 'CycleClosed', data: { cycleId: 'c1', closedOn: '2027-01-10', closedById: 'admin' } };

  it('closes a cycle whose audits are all moderated or invalidated', () => {
    spec.given([scheduled]).when(close()).then([closed]);
    expect([scheduled, closed].reduce(cycleDecider.evolve, cycleDecider.initialState()).status).toBe('CLOSED');
  });

  it('refuses while audits are unfinished, and twice', () => {
    spec.given([scheduled]).when(close(2)).thenThrows('CONFLICT', /cycle c1 has 2 audit\(s\) not yet moderated/);
    spec.given([scheduled, closed]).when(close()).thenThrows('CONFLICT', /cycle c1 is already closed/);
    spec.given([]).when(close()).thenThrows('NOT_FOUND', /cycle c1 does not exist/);
  });
});
