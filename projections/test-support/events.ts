import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore } from '../../src/event-store/event-store.port.js';
import { calendarFor } from '../../src/calendar/working-calendar.js';
import { cycleDecider } from '../../src/cycles/decider.js';
import { buildProgramme } from '../../src/demo/programme.js';
import type { Actor, Decider, DomainEvent } from '../../src/shared/decider.js';
import { streams, type Role } from '../../src/shared/domain-types.js';
import { staffDecider, teamDecider } from '../../src/staff/decider.js';

/** Test helpers that write real events through the store, shaped as the event catalogue says. */

export interface TestEvent {
  type: string;
  data: unknown;
  /** Defaults to a fixed instant, so rebuilt rows compare equal. */
  occurredAt?: string;
  actor?: string;
}

export const T0 = '2026-03-02T09:00:00.000Z';

export function metadata(occurredAt = T0, staffId = 'system'): EventMetadata {
  return { occurredAt, actor: { staffId, role: 'AUDIT_TEAM' }, correlationId: randomUUID(), causationId: null, schemaVersion: 1 };
}

/** Appends to one stream; resolves to the global position of the last event. */
export async function append(store: EventStore, streamId: string, ...events: TestEvent[]): Promise<number> {
  const result = await store.appendToStream(
    streamId,
    events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: metadata(event.occurredAt, event.actor),
    })),
  );
  return result.position;
}

/**
 * The registrations and the cycle below are decided by the deciders, as live commands are (a named
 * team exists): a fixture cannot write a registration or cycle the rules would refuse.
 */
const fixtureActor: Actor = { staffId: 'system', roles: ['AUDIT_TEAM'] };
const calendar = calendarFor('GB-ENG');

function decided<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, command: C): TestEvent {
  const [event, ...more] = decider.decide(command, decider.initialState());
  if (!event || more.length > 0) throw new Error('a fixture builder expects exactly one event');
  return { type: event.type, data: event.data };
}

const context = () => ({ actor: fixtureActor, today: T0.slice(0, 10), calendar });

export const team = (id: string, name: string, service = 'Early Help'): [string, TestEvent] => [
  streams.team(id),
  decided(teamDecider, { type: 'RegisterTeam', ...context(), data: { id, name, service } }),
];

export const staff = (id: string, name: string, teamId: string | null, roles: string[]): [string, TestEvent] => [
  streams.staff(id),
  decided(staffDecider, { type: 'RegisterStaff', ...context(), data: { id, name, email: `${id}@council.example`, teamId, roles: roles as Role[] }, team: teamId ? { id: teamId } : null }),
];

/** moderationDue is what the cycle decider gives (BEF-5: the month's last working day); a fixture stating another is wrong. */
export const cycle = (id: string, month: string, moderationDue: string, kloes: string[] = ['Voice of the child']): [string, TestEvent] => {
  const event = decided(cycleDecider, { type: 'ScheduleCycle', ...context(), data: { cycleId: id, name: `Early Help ${month}`, service: 'Early Help', month, kloes } });
  const due = (event.data as { moderationDue: string }).moderationDue;
  if (due !== moderationDue) throw new Error(`cycle ${id}: the cycle decider gives moderation due ${due}, not ${moderationDue}`);
  return [streams.cycle(id), event];
};

export interface Allocation {
  auditId: string;
  cycleId: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
}

/**
 * Still written by hand: the projection tests that use it go on with events written by hand (sections
 * and shapes of their own, older shapes too) to test what a projection makes of any stored event, and
 * expect this allocation's template ("early-help" v1) in their rows. Whole histories come from
 * appendProgramme, through the deciders.
 */
export const allocated = (a: Allocation): TestEvent => ({
  type: 'AuditAllocated',
  data: { ...a, caseRef: `EH-${a.auditId}`, templateId: 'early-help', templateVersion: 1, reauditOfAuditId: null },
});

/**
 * A programme of audits across teams and cycles, through every stage of the lifecycle and the
 * programme's other records (case selection, dip samples, weekly progress on Inadequate work), made by
 * the programme builder (src/demo/programme.ts): every event comes out of the deciders, so the read
 * models are tested on history the rules allow. Two services over six months, the streams appended
 * stage by stage and several at once, so they interleave in the global order the way concurrent
 * users would make them. Deterministic in content (a seeded generator). Resolves to the last position.
 */
export async function appendProgramme(store: EventStore, options: { audits: number }): Promise<number> {
  const cycles = 6;
  const shape = { years: 0.5, services: 2, cyclesPerYear: 6, auditsPerCycle: Math.max(1, Math.ceil(options.audits / cycles)), startMonth: '2025-09' };
  const built = await buildProgramme(store, shape, { otherRecords: true });
  return built.head;
}
