import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { CycleEntity } from './cycle.entity.js';

/** Audit cycles: `cycles`, `cycle(id)` and the cycle summaries of the board report. */
export const cyclesProjection = defineProjection({
  name: 'cycles',
  // 2: a scheduled cycle is OPEN (was SCHEDULED), the status the API and the decider use.
  // 3: the KLOE meeting and approvals (BEF-1 to BEF-3). 4: the Practice Day (BEF-14).
  version: 4,
  entities: [CycleEntity],
  handlers: {
    async CycleScheduled(event, manager) {
      const data = EventData.of(event);
      await manager.upsert(
        CycleEntity,
        {
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
        },
        { conflictPaths: ['id'] },
      );
    },

    async KloesAgreed(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const kloes = data.strings('kloes');
      const row = await manager.findOneBy(CycleEntity, { id: cycleId });
      if (!row) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
      // BEF-3, as the cycle decider: a changed list is approved again.
      const same = row.kloes.length === kloes.length && row.kloes.every((k, i) => k === kloes[i]);
      await manager.update(CycleEntity, { id: cycleId }, { kloes, kloeApprovals: same ? row.kloeApprovals : [] });
    },

    async KloeMeetingHeld(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const kloeMeeting = { heldOn: data.date('heldOn'), attendeeIds: data.strings('attendeeIds'), casesDueBy: data.date('casesDueBy') };
      const result = await manager.update(CycleEntity, { id: cycleId }, { kloeMeeting });
      if (!result.affected) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
    },

    async ModerationGroupAppointed(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const result = await manager.update(CycleEntity, { id: cycleId }, { moderationGroupIds: data.strings('memberIds') });
      if (!result.affected) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
    },

    async ModerationSampleDrawn(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const row = await manager.findOneBy(CycleEntity, { id: cycleId });
      if (!row) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
      const sample = {
        sampleId: data.string('sampleId'),
        seed: data.string('seed'),
        percent: data.integer('percent'),
        drawnOn: data.date('drawnOn'),
        drawnById: data.string('drawnById'),
        receivedAuditIds: data.strings('receivedAuditIds'),
        sampledAuditIds: data.strings('sampledAuditIds'),
      };
      await manager.update(CycleEntity, { id: cycleId }, { moderationSamples: [...row.moderationSamples.filter((s) => s.sampleId !== sample.sampleId), sample] });
    },

    async PracticeDayHeld(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const practiceDay = { heldOn: data.date('heldOn'), leadersObservations: data.strings('leadersObservations'), familyFeedback: data.strings('familyFeedback') };
      const result = await manager.update(CycleEntity, { id: cycleId }, { practiceDay });
      if (!result.affected) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
    },

    async KloesApproved(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const row = await manager.findOneBy(CycleEntity, { id: cycleId });
      if (!row) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
      const approvedById = data.string('approvedById');
      const approvedOn = data.date('approvedOn');
      const added = data.strings('approvedAs').map((role) => ({ role, staffId: approvedById, approvedOn }));
      await manager.update(CycleEntity, { id: cycleId }, { kloeApprovals: [...row.kloeApprovals, ...added] });
    },

    async CycleClosed(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const result = await manager.update(CycleEntity, { id: cycleId }, { status: 'CLOSED', closedOn: data.date('closedOn') });
      if (!result.affected) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
    },
  },
});
