import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { CycleEntity } from './cycle.entity.js';

/** Audit cycles: `cycles`, `cycle(id)` and the cycle summaries of the board report. */
export const cyclesProjection = defineProjection({
  name: 'cycles',
  // 2: a scheduled cycle is OPEN (was SCHEDULED), the status the API and the decider use.
  version: 2,
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
        },
        { conflictPaths: ['id'] },
      );
    },

    async KloesAgreed(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const result = await manager.update(CycleEntity, { id: cycleId }, { kloes: data.strings('kloes') });
      if (!result.affected) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
    },

    async CycleClosed(event, manager) {
      const data = EventData.of(event);
      const cycleId = data.string('cycleId');
      const result = await manager.update(CycleEntity, { id: cycleId }, { status: 'CLOSED', closedOn: data.date('closedOn') });
      if (!result.affected) throw new MalformedEventError(`cycle ${cycleId} was never scheduled`);
    },
  },
});
