import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore } from '../../src/event-store/event-store.port.js';
import { buildProgramme } from '../../src/demo/programme.js';
import { streams } from '../../src/shared/domain-types.js';

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

export const team = (id: string, name: string, service = 'Early Help'): [string, TestEvent] => [
  streams.team(id),
  { type: 'TeamRegistered', data: { teamId: id, name, service } },
];

export const staff = (id: string, name: string, teamId: string | null, roles: string[]): [string, TestEvent] => [
  streams.staff(id),
  { type: 'StaffRegistered', data: { staffId: id, name, email: `${id}@council.example`, teamId, roles } },
];

export const cycle = (id: string, month: string, moderationDue: string, kloes: string[] = ['Voice of the child']): [string, TestEvent] => [
  streams.cycle(id),
  { type: 'CycleScheduled', data: { cycleId: id, name: `Early Help ${month}`, service: 'Early Help', month, kloes, moderationDue } },
];

export interface Allocation {
  auditId: string;
  cycleId: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
}

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
