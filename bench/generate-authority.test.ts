import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_PROJECTIONS, READ_MODEL_ENTITIES } from '../projections/index.js';
import { openHarness, recordingLogger, snapshot, type ReadModelHarness } from '../projections/test-support/harness.js';
import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import { verifyChain } from '../src/event-store/hash-chain.js';
import { generateAuthority, type AuthorityShape, type GeneratedAuthority } from './generate-authority.js';

/** Two services over a year, every other month: 12 cycles, every stage of the lifecycle. */
const SMALL: AuthorityShape = { years: 1, services: 2, cyclesPerYear: 6, auditsPerCycle: 8, startMonth: '2025-01' };

const byStream = (events: RecordedEvent[]) => {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  return streams;
};

describe('the generated authority of the benchmark', () => {
  let h: ReadModelHarness;
  let generated: GeneratedAuthority;
  let events: RecordedEvent[];
  let live: Record<string, string[]>;

  beforeAll(async () => {
    // The read models follow live while the authority is appended, as they would in service.
    h = await openHarness('generator', ALL_PROJECTIONS, { logger: recordingLogger() });
    await h.runner.start();
    generated = await generateAuthority(h.store, SMALL);
    await h.runner.waitFor(generated.head, 60_000);
    live = await snapshot(h.dataSource, READ_MODEL_ENTITIES);
    events = await h.store.readAll({ maxCount: 1_000_000 });
  });
  afterAll(() => h?.close());

  it('appends the programme the shape asks for, through every stage of the lifecycle', () => {
    expect(generated.cycles).toHaveLength(12);
    expect(new Set(generated.cycles.map((c) => c.service)).size).toBe(2);
    expect(generated.events).toBe(events.length);
    expect(generated.head).toBe(events.at(-1)!.position);
    const types = new Set(events.map((e) => e.type));
    for (const type of ['TeamRegistered', 'StaffRegistered', 'CycleScheduled', 'CycleClosed', 'AuditAllocated', 'AnswerRecorded', 'GradeSet', 'AuditSubmitted', 'ModerationChanged', 'ModerationCompleted', 'UoPPHeld', 'ReauditDue', 'ActionAgreed', 'ActionCompleted', 'FamilyFeedbackRecorded', 'UrgentIssuesAddressed', 'ReferredToCoordinatorLead']) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }
    // Each aggregate in its own stream, named as the service names it (a command on a cycle reads cycle-<id>).
    for (const event of events.filter((e) => e.type === 'CycleScheduled' || e.type === 'AuditAllocated')) {
      const streamId = event.type === 'CycleScheduled' ? `cycle-${event.data.cycleId}` : `audit-${event.data.auditId}`;
      expect(event.streamId).toBe(streamId);
    }
    // Dip audits and re-audits of work below Good follow it up in the service's next cycle.
    const followUps = events.filter((e) => e.type === 'AuditAllocated' && e.data.reauditOfAuditId);
    expect(followUps.length).toBeGreaterThan(0);
    expect(new Set(followUps.map((e) => e.data.templateId))).toEqual(new Set(['dip-sample', 'early-help-uop']));
  });

  it('chains every stream with valid hashes', () => {
    for (const [streamId, stream] of byStream(events)) {
      expect({ streamId, ...verifyChain(stream) }).toEqual({ streamId, events: stream.length, valid: true, firstInvalidRevision: null });
    }
  });

  it('fills the read models, and gives the same rows when they are rebuilt from position 0', async () => {
    const empty = Object.entries(live).filter(([, rows]) => rows.length === 0).map(([table]) => table);
    if (process.env.SHOW_EMPTY_TABLES) console.log(empty);
    for (const table of ['teams', 'staff', 'cycles', 'audits', 'audit_section_grades', 'audit_answers', 'grade_changes', 'tracker_rows', 'actions']) {
      expect([table, live[table]?.length > 0]).toEqual([table, true]);
    }
    await h.runner.rebuild();
    expect(await snapshot(h.dataSource, READ_MODEL_ENTITIES)).toEqual(live);
  });

  it('is the same authority, to the last hash, every time it is generated', async () => {
    const again = await openHarness('generator_again', []);
    try {
      const second = await generateAuthority(again.store, SMALL, { concurrency: 3 });
      expect(second.events).toBe(generated.events);
      const hashes = (list: RecordedEvent[]) => [...byStream(list)].map(([id, stream]) => [id, stream.at(-1)!.hash]).sort();
      expect(hashes(await again.store.readAll({ maxCount: 1_000_000 }))).toEqual(hashes(events));
    } finally {
      await again.close();
    }
  });
});
