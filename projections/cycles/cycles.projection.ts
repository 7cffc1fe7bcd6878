import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { defineBatchProjection, idsIn } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { RowCache } from '../runner/row-cache.js';
import { CycleEntity } from './cycle.entity.js';

/** The cycles a batch of events touches, held in memory and written back together at its end. */
class CyclesBatch {
  readonly cycles: RowCache<CycleEntity>;

  private constructor(manager: EntityManager) {
    this.cycles = new RowCache(manager, CycleEntity, 'id');
  }

  static async begin(manager: EntityManager, events: readonly RecordedEvent[]): Promise<CyclesBatch> {
    const batch = new CyclesBatch(manager);
    await batch.cycles.preload(idsIn(events, 'cycleId'));
    return batch;
  }

  /** A scheduled cycle; an event for one never scheduled is malformed. */
  async cycle(cycleId: string): Promise<CycleEntity> {
    const cycle = await this.cycles.get(cycleId);
    if (!cycle) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
    return cycle;
  }

  /** Lets `change` edit a scheduled cycle, written at the flush. */
  async change(cycleId: string, change: (cycle: CycleEntity) => void): Promise<void> {
    const cycle = await this.cycle(cycleId);
    change(cycle);
    this.cycles.changed(cycle);
  }

  flush(): Promise<void> {
    return this.cycles.flush();
  }
}

/** Audit cycles: `cycles`, `cycle(id)` and the cycle summaries of the board report. */
export const cyclesProjection = defineBatchProjection({
  name: 'cycles',
  // 2: a scheduled cycle is OPEN (was SCHEDULED), the status the API and the decider use.
  // 3: the KLOE meeting and approvals (BEF-1 to BEF-3). 4: the Practice Day (BEF-14).
  version: 4,
  entities: [CycleEntity],
  begin: (manager, events) => CyclesBatch.begin(manager, events),
  handlers: {
    async CycleScheduled(event, batch) {
      const data = EventData.of(event);
      // Scheduled again, a cycle starts over: every column is set.
      await batch.cycles.put({
        id: data.string('cycleId'),
        name: data.string('name'),
        service: data.string('service'),
        month: data.string('month'),
        kloes: data.strings('kloes'),
        moderationDue: data.date('moderationDue'),
        status: 'OPEN',
        closedOn: null,
        kloeMeeting: null,
        kloeApprovals: [],
        practiceDay: null,
        moderationSamples: [],
        moderationGroupIds: [],
      });
    },

    async KloesAgreed(event, batch) {
      const data = EventData.of(event);
      const kloes = data.strings('kloes');
      await batch.change(data.string('cycleId'), (row) => {
        // BEF-3, as the cycle decider: a changed list is approved again.
        const same = row.kloes.length === kloes.length && row.kloes.every((k, i) => k === kloes[i]);
        row.kloes = kloes;
        if (!same) row.kloeApprovals = [];
      });
    },

    async KloeMeetingHeld(event, batch) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const kloeMeeting = { heldOn: data.date('heldOn'), attendeeIds: data.strings('attendeeIds'), casesDueBy: data.date('casesDueBy') };
      await batch.change(cycleId, (row) => {
        row.kloeMeeting = kloeMeeting;
      });
    },

    async ModerationGroupAppointed(event, batch) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const memberIds = data.strings('memberIds');
      await batch.change(cycleId, (row) => {
        row.moderationGroupIds = memberIds;
      });
    },

    async ModerationSampleDrawn(event, batch) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      await batch.cycle(cycleId);
      const sample = {
        sampleId: data.string('sampleId'),
        seed: data.string('seed'),
        percent: data.integer('percent'),
        drawnOn: data.date('drawnOn'),
        drawnById: data.string('drawnById'),
        receivedAuditIds: data.strings('receivedAuditIds'),
        sampledAuditIds: data.strings('sampledAuditIds'),
      };
      await batch.change(cycleId, (row) => {
        row.moderationSamples = [...row.moderationSamples.filter((s) => s.sampleId !== sample.sampleId), sample];
      });
    },

    async PracticeDayHeld(event, batch) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const practiceDay = { heldOn: data.date('heldOn'), leadersObservations: data.strings('leadersObservations'), familyFeedback: data.strings('familyFeedback') };
      await batch.change(cycleId, (row) => {
        row.practiceDay = practiceDay;
      });
    },

    async KloesApproved(event, batch) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      await batch.cycle(cycleId);
      const approvedById = data.string('approvedById');
      const approvedOn = data.date('approvedOn');
      const added = data.strings('approvedAs').map((role) => ({ role, staffId: approvedById, approvedOn }));
      await batch.change(cycleId, (row) => {
        row.kloeApprovals = [...row.kloeApprovals, ...added];
      });
    },

    async CycleClosed(event, batch) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const closedOn = data.date('closedOn');
      await batch.change(cycleId, (row) => {
        row.status = 'CLOSED';
        row.closedOn = closedOn;
      });
    },
  },
});
