import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { ProgressRecordEntity } from './progress-record.entity.js';

/** The EH coordinator lead's weekly records on Inadequate work: `inadequateWorkProgress`. */
export const progressProjection = defineProjection({
  name: 'inadequate-work-progress',
  version: 1,
  entities: [ProgressRecordEntity],
  handlers: {
    async InadequateWorkProgressRecorded(event, manager) {
      const data = EventData.of(event);
      const onTrack = (event.data as Record<string, unknown>).onTrack;
      if (typeof onTrack !== 'boolean') throw new MalformedEventError('field "onTrack" must be a boolean');
      await manager.upsert(
        ProgressRecordEntity,
        {
          auditId: data.string('auditId'),
          weekOf: data.date('weekOf'),
          progress: data.string('progress'),
          onTrack,
          recordedById: data.string('recordedById'),
          recordedOn: data.date('recordedOn'),
        },
        { conflictPaths: ['auditId', 'weekOf'] },
      );
    },
  },
});
